//! syncspec's Rust oracle: runs one scenario's actors on real threads over `std::sync`
//! and streams the history back to the process executor, one JSON object per line
//! (conformance/executors/process/PROTOCOL.md).
//!
//! main's prefix runs alone on a thread of its own; the actors then start together
//! (a start barrier) with seeded jitter; main's suffix runs when the executor says so;
//! at `end` the oracle reports what is still pending and exits, which ends the threads
//! still blocked. Every operation is stamped before it starts and after it returns by
//! one global clock, an `AtomicU64` bumped while the output is locked, so lines leave in
//! stamp order.

mod channels;
mod json;
mod locks;

use json::Json;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Mutex, OnceLock};
use std::time::{Duration, Instant};

pub const PROTOCOL: u32 = 1;

/// An operation's result, as the spec names it: `Ok`, `Ok(3)`, `Full(3)`, `Disconnected`...
pub struct Outcome {
    pub kind: String,
    pub value: Option<Json>,
}

impl Outcome {
    pub fn of(kind: &str) -> Outcome {
        Outcome { kind: kind.to_string(), value: None }
    }
    pub fn with(kind: &str, value: Json) -> Outcome {
        Outcome { kind: kind.to_string(), value: Some(value) }
    }
    pub fn ok() -> Outcome {
        Outcome::of("Ok")
    }
    fn to_json(&self) -> Json {
        let mut fields = vec![("kind".to_string(), Json::Str(self.kind.clone()))];
        if let Some(v) = &self.value {
            fields.push(("value".to_string(), v.clone()));
        }
        Json::Obj(fields)
    }
}

pub struct Op {
    pub id: usize,
    pub name: String,
    pub target: String,
    pub args: Vec<Json>,
}

impl Op {
    pub fn describe(&self) -> String {
        format!("op {} ({}.{})", self.id, self.target, self.name)
    }
    pub fn arg(&self, i: usize) -> Result<&Json, String> {
        self.args.get(i).ok_or_else(|| format!("{} needs argument {}", self.describe(), i + 1))
    }
}

/// What one operation gives: an outcome, or a reason the oracle cannot run it (reported as an error).
pub type Performed = Result<Outcome, String>;

// ---- output: one lock around the clock and stdout ----

struct Out {
    over: bool,
    /// Per op id: 0 not invoked, 1 invoked, 2 returned.
    status: Vec<u8>,
}

static OUT: Mutex<Out> = Mutex::new(Out { over: false, status: Vec::new() });
static CLOCK: AtomicU64 = AtomicU64::new(0);

fn out_lock() -> std::sync::MutexGuard<'static, Out> {
    OUT.lock().unwrap_or_else(|e| e.into_inner())
}

fn write_line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(text.as_bytes()).and_then(|_| stdout.write_all(b"\n")).and_then(|_| stdout.flush()).is_err() {
        // The executor is gone: nothing left to report to.
        std::process::exit(0);
    }
}

/// A thread that has nothing more to do once the run is over waits here until the process exits.
fn park_forever() -> ! {
    loop {
        std::thread::park();
    }
}

fn message(text: String) {
    let out = out_lock();
    if out.over {
        drop(out);
        park_forever();
    }
    write_line(&text);
}

/// Stamps an event of op `id` (status 1: invoked, 2: returned) and writes its line, in one step.
fn stamp(id: usize, status: u8, line: impl FnOnce(u64) -> String) {
    let mut out = out_lock();
    if out.over {
        drop(out);
        park_forever();
    }
    let t = CLOCK.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(s) = out.status.get_mut(id) {
        *s = status;
    }
    write_line(&line(t));
}

/// The oracle cannot go on (a malformed scenario, an operation std does not have): say why and stop.
pub fn fatal(why: &str) -> ! {
    let mut out = out_lock();
    if !out.over {
        out.over = true;
        write_line(&Json::Obj(vec![("error".to_string(), Json::Str(why.to_string()))]).to_string());
    }
    std::process::exit(2);
}

fn end() -> ! {
    let mut out = out_lock();
    out.over = true;
    let pending: Vec<Json> = out.status.iter().enumerate().filter(|(_, s)| **s == 1).map(|(i, _)| Json::num(i as u64)).collect();
    let clock = CLOCK.load(Ordering::SeqCst);
    write_line(&format!("{{\"end\":{{\"clock\":{},\"pending\":{}}}}}", clock, Json::Arr(pending)));
    std::process::exit(0);
}

// ---- which threads are blocked ----

/// Each runner thread's name (`main`, `A`, ...) and Linux thread id, for `probe`.
static THREADS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// This thread's id from /proc (Linux); `None` elsewhere, and the executor falls back on quiet time.
fn this_tid() -> Option<String> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    stat.split_whitespace().next().map(String::from)
}

fn register_thread(name: &str) {
    if let Some(tid) = this_tid() {
        THREADS.lock().unwrap_or_else(|e| e.into_inner()).push((name.to_string(), tid));
    }
}

/// The scheduler state of a thread (`R` running or runnable, `S` sleeping, `D` ...), from /proc.
fn thread_state(tid: &str) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{}/stat", tid)).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().next().map(String::from)
}

/// Answers `{"probe":{}}`: which runner threads are on a CPU or waiting for one (an operation
/// in flight on a running thread has not blocked yet), and which sleep.
fn probe() {
    let threads = THREADS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let states = threads.iter().filter_map(|(name, tid)| thread_state(tid).map(|s| (name.clone(), Json::Str(s)))).collect();
    message(Json::Obj(vec![("threads".to_string(), Json::Obj(states))]).to_string());
}

// ---- handles ----

/// Everything a scenario names that threads share. A channel handle sits in a slot of its
/// own, locked while an operation uses it (a `Receiver` is not `Sync`) and emptied when it
/// is dropped; locks, barriers and cells are `Sync` and shared through an `Arc`, which
/// each guard and each operation in progress holds a clone of.
#[derive(Clone)]
pub enum Entry {
    Channel(Arc<channels::Slot>),
    Object(Arc<locks::Object>),
}

static TABLE: OnceLock<Mutex<HashMap<String, Entry>>> = OnceLock::new();

fn table() -> std::sync::MutexGuard<'static, HashMap<String, Entry>> {
    TABLE.get_or_init(|| Mutex::new(HashMap::new())).lock().unwrap_or_else(|e| e.into_inner())
}

pub fn lookup(name: &str) -> Option<Entry> {
    table().get(name).cloned()
}

pub fn bind(name: &str, entry: Entry) -> Result<(), String> {
    let mut t = table();
    if t.contains_key(name) {
        return Err(format!("handle {} already exists", name));
    }
    t.insert(name.to_string(), entry);
    Ok(())
}

pub fn unbind(name: &str) -> Option<Entry> {
    table().remove(name)
}

/// Waits until nothing but the table holds the object bound to `name` — no guard, no
/// operation in progress on another thread — then hands it to `f` by value, with the table
/// locked so that no one can take a new reference meanwhile; `f` gives it back to stay
/// bound (`get_mut`) or not (`into_inner`). In a Rust program the borrow checker is what
/// makes these calls wait; here it is this check, every 200 µs. The caller's own clone
/// (`mine`) is let go first: two threads waiting here (two `get_mut`s, which borrows would
/// have run one after the other) must not wait for each other.
pub fn exclusive<T>(name: &str, mine: Arc<locks::Object>, f: impl FnOnce(locks::Object) -> (Option<locks::Object>, T)) -> T {
    drop(mine);
    loop {
        let mut t = table();
        let alone = match t.get(name) {
            Some(Entry::Object(object)) => Arc::strong_count(object) == 1,
            _ => fatal(&format!("{} was consumed or rebound while a call waited for it alone", name)),
        };
        if alone {
            let object = match t.remove(name) {
                Some(Entry::Object(object)) => Arc::try_unwrap(object).unwrap_or_else(|_| fatal("an object held only by the table was shared after all")),
                _ => fatal("an object vanished from the locked table"),
            };
            let (back, result) = f(object);
            if let Some(o) = back {
                t.insert(name.to_string(), Entry::Object(Arc::new(o)));
            }
            return result;
        }
        drop(t);
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// One thread's own handles: lock guards, which are not `Send` and stay with the thread that took them.
pub struct Ctx {
    pub guards: HashMap<String, locks::Guard>,
}

fn perform(op: &Op, ctx: &mut Ctx) -> Performed {
    if ctx.guards.contains_key(&op.target) {
        return locks::perform_guard(op, ctx);
    }
    match lookup(&op.target) {
        Some(Entry::Channel(slot)) => channels::perform(op, &slot),
        Some(Entry::Object(object)) => locks::perform_object(op, object, ctx),
        None => Err(format!("{} uses handle {}, which does not exist, was dropped, or belongs to another thread", op.describe(), op.target)),
    }
}

fn execute(op: &Op, ctx: &mut Ctx) {
    stamp(op.id, 1, |t| format!("{{\"op\":{},\"call\":{}}}", op.id, t));
    // How long the operation took, for the executor's check that a timeout did not come early.
    let started = Instant::now();
    let outcome = match perform(op, ctx) {
        Ok(o) => o,
        Err(why) => fatal(&why),
    };
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let json = outcome.to_json();
    stamp(op.id, 2, |t| format!("{{\"op\":{},\"ret\":{},\"outcome\":{},\"elapsed_ms\":{}}}", op.id, t, json, elapsed_ms));
}

// ---- the run ----

struct Run {
    objects: Vec<Json>,
    prefix: Vec<Op>,
    actors: Vec<(String, Vec<Op>)>,
    suffix: Vec<Op>,
    seed: u64,
    jitter_micros: u64,
}

fn ops_of(list: Option<&Json>) -> Result<Vec<Op>, String> {
    let list = list.and_then(|l| l.as_array()).ok_or("an op list is missing")?;
    list.iter()
        .map(|o| {
            let id = o.get("id").and_then(|v| v.as_f64()).ok_or("an op has no id")? as usize;
            let name = o.get("name").and_then(|v| v.as_str()).ok_or("an op has no name")?.to_string();
            let target = o.get("target").and_then(|v| v.as_str()).ok_or("an op has no target")?.to_string();
            let args = o.get("args").and_then(|v| v.as_array()).map(|a| a.to_vec()).unwrap_or_default();
            Ok(Op { id, name, target, args })
        })
        .collect()
}

fn parse_run(message: &Json) -> Result<Run, String> {
    let run = message.get("run").ok_or("the first message must be {\"run\": ...}")?;
    let protocol = run.get("protocol").and_then(|p| p.as_f64()).unwrap_or(0.0);
    if protocol as u32 != PROTOCOL {
        return Err(format!("the executor speaks protocol {}, the oracle {}", protocol, PROTOCOL));
    }
    let objects = run.get("objects").and_then(|o| o.as_array()).ok_or("run.objects is missing")?.to_vec();
    let actors = run
        .get("actors")
        .and_then(|a| a.as_array())
        .ok_or("run.actors is missing")?
        .iter()
        .map(|a| Ok((a.get("name").and_then(|n| n.as_str()).ok_or("an actor has no name")?.to_string(), ops_of(a.get("ops"))?)))
        .collect::<Result<Vec<_>, String>>()?;
    let options = run.get("options");
    let seed = options.and_then(|o| o.get("seed")).and_then(|s| s.as_f64()).unwrap_or(0.0) as u64;
    let jitter_micros = options.and_then(|o| o.get("jitterMicros")).and_then(|s| s.as_f64()).unwrap_or(0.0) as u64;
    Ok(Run { objects, prefix: ops_of(run.get("prefix"))?, actors, suffix: ops_of(run.get("suffix"))?, seed, jitter_micros })
}

/// xorshift64*: the jitter's pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e3779b97f4a7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545f4914f6cdd1d)
    }
}

/// A random pause before an operation: spinning (the thread stays on its core) for up to
/// `max` µs, or now and then yielding, so actors reach their operations in varying orders.
fn jitter(rng: &mut Rng, max: u64) {
    if max == 0 {
        return;
    }
    let r = rng.next();
    if r % 8 == 0 {
        std::thread::yield_now();
        return;
    }
    let until = Instant::now() + Duration::from_micros((r >> 8) % (max + 1));
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

fn main() {
    // Panics in scenarios are intentional (a panic in a critical section): keep stderr quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let version = option_env!("SYNCSPEC_RUSTC_VERSION").unwrap_or("unknown rustc");
    let probes = this_tid().is_some();
    message(format!("{{\"hello\":{{\"protocol\":{},\"implementation\":{},\"probe\":{}}}}}", PROTOCOL, Json::Str(format!("Rust std ({})", version)), probes));
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let first = match lines.next() {
        Some(Ok(l)) => l,
        _ => std::process::exit(0),
    };
    let run = json::parse(&first).and_then(|m| parse_run(&m)).unwrap_or_else(|e| fatal(&format!("cannot read the run message: {}", e)));
    let n_ops = run.prefix.len() + run.actors.iter().map(|(_, ops)| ops.len()).sum::<usize>() + run.suffix.len();
    let max_id = run.prefix.iter().chain(run.actors.iter().flat_map(|(_, ops)| ops.iter())).chain(run.suffix.iter()).map(|o| o.id + 1).max().unwrap_or(0);
    out_lock().status = vec![0; n_ops.max(max_id)];
    for decl in &run.objects {
        let kind = decl.get("kind").and_then(|k| k.as_str()).unwrap_or("");
        let made = if kind == "channel" { channels::declare(decl) } else { locks::declare(decl) };
        if let Err(why) = made {
            fatal(&why);
        }
    }
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let Run { prefix, actors, suffix, seed, jitter_micros, .. } = run;
    std::thread::spawn(move || {
        register_thread("main");
        let mut ctx = Ctx { guards: HashMap::new() };
        for op in &prefix {
            execute(op, &mut ctx);
        }
        message("{\"stage\":\"parallel\"}".to_string());
        let start = Arc::new(Barrier::new(actors.len().max(1)));
        for (index, (name, ops)) in actors.into_iter().enumerate() {
            let start = Arc::clone(&start);
            std::thread::Builder::new()
                .name(name)
                .spawn(move || {
                    let mut ctx = Ctx { guards: HashMap::new() };
                    let mut rng = Rng::new(seed ^ ((index as u64 + 1) << 32));
                    register_thread(&std::thread::current().name().unwrap_or("?").to_string());
                    start.wait();
                    for op in &ops {
                        jitter(&mut rng, jitter_micros);
                        execute(op, &mut ctx);
                    }
                    // A guard the actor still holds stays held: nothing is dropped implicitly.
                    if !ctx.guards.is_empty() {
                        park_forever();
                    }
                })
                .unwrap_or_else(|e| fatal(&format!("cannot start a thread: {}", e)));
        }
        if go_rx.recv().is_err() {
            park_forever();
        }
        message("{\"stage\":\"suffix\"}".to_string());
        for op in &suffix {
            execute(op, &mut ctx);
        }
        park_forever();
    });
    for line in lines {
        let line = match line {
            Ok(l) => l,
            Err(_) => break,
        };
        if line.trim().is_empty() {
            continue;
        }
        match json::parse(&line) {
            Ok(m) if m.get("suffix").is_some() => {
                let _ = go_tx.send(());
            }
            Ok(m) if m.get("end").is_some() => end(),
            Ok(m) if m.get("probe").is_some() => probe(),
            _ => fatal(&format!("unexpected message from the executor: {}", line)),
        }
    }
    // The executor closed our input: it is gone.
    std::process::exit(0);
}
