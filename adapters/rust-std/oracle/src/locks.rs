//! Mutex, RwLock, Condvar, Barrier, Once, OnceLock and LazyLock: each abstract operation
//! as the std call of the same name. Objects live in `Arc`s; a guard held from one
//! operation to the next keeps a clone of its object's `Arc` beside it (dropped after the
//! guard), which is what lets its lifetime be `'static`; guards stay with the thread that
//! took them (they are not `Send`). `get_mut` and `into_inner`, which take `&mut self` or
//! `self`, wait until nothing else holds the object (no guard, no operation in progress),
//! which is what the borrow checker guarantees in a Rust program. A panic in a critical section is a real `panic!` raised with the
//! guard in scope, caught just outside it by `catch_unwind`: the guard is dropped while
//! unwinding, and any poisoning is std's own.

use crate::json::Json;
use crate::{bind, exclusive, Ctx, Entry, Op, Outcome, Performed};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Barrier, Condvar, LazyLock, Mutex, MutexGuard, Once, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError};
use std::time::Duration;

type Lazy = LazyLock<Json, Box<dyn FnOnce() -> Json + Send>>;

pub enum Object {
    Mutex(Mutex<Json>),
    RwLock(RwLock<Json>),
    Condvar(Condvar),
    Barrier(Barrier),
    Once(Once),
    OnceLock(OnceLock<Json>),
    LazyLock(Lazy),
}

/// What a guard holds; `None` for one its operation did not produce (`WouldBlock`, a panicked re-lock).
pub enum Held {
    Mutex(Option<MutexGuard<'static, Json>>),
    Read(Option<RwLockReadGuard<'static, Json>>),
    Write(Option<RwLockWriteGuard<'static, Json>>),
}

impl Held {
    fn holds(&self) -> bool {
        matches!(self, Held::Mutex(Some(_)) | Held::Read(Some(_)) | Held::Write(Some(_)))
    }
}

/// A guard a thread holds, and the object it borrows from. Fields drop in order: the
/// guard (unlocking) before the `Arc` that keeps its object alive. A guard that holds
/// nothing borrows nothing (a `WouldBlock` error holds no reference in Rust either).
pub struct Guard {
    held: Held,
    owner: Option<Arc<Object>>,
}

impl Guard {
    fn new(held: Held, object: &Arc<Object>) -> Guard {
        let owner = if held.holds() { Some(Arc::clone(object)) } else { None };
        Guard { held, owner }
    }
}

/// The object behind an `Arc`, as `'static`: sound because every guard made from it
/// carries a clone of the `Arc` (Guard::owner), and everything else lives only for the
/// operation, during which the caller holds one.
fn forever(object: &Arc<Object>) -> &'static Object {
    // SAFETY: see above; the Arc's allocation never moves and is freed only when the last clone goes.
    unsafe { &*Arc::as_ptr(object) }
}

pub fn declare(decl: &Json) -> Result<(), String> {
    let kind = decl.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    let name = decl.get("name").and_then(|n| n.as_str()).unwrap_or("?");
    let params = decl.get("params");
    let param = |key: &str| params.and_then(|p| p.get(key)).cloned();
    let object = match kind {
        "mutex" => Object::Mutex(Mutex::new(param("value").unwrap_or(Json::Null))),
        "rwlock" => Object::RwLock(RwLock::new(param("value").unwrap_or(Json::Null))),
        "condvar" => Object::Condvar(Condvar::new()),
        "barrier" => Object::Barrier(Barrier::new(param("n").and_then(|n| n.as_f64()).ok_or_else(|| format!("barrier {} has no n", name))? as usize)),
        "once" => Object::Once(Once::new()),
        "oncelock" => Object::OnceLock(OnceLock::new()),
        "lazylock" => {
            let init = param("init").and_then(|i| i.as_str().map(String::from)).unwrap_or_default();
            let value = param("value").unwrap_or(Json::Null);
            let f: Box<dyn FnOnce() -> Json + Send> = match init.as_str() {
                "value" => Box::new(move || {
                    lazy_init_runs();
                    value
                }),
                "panic" => Box::new(|| {
                    lazy_init_runs();
                    panic!("syncspec: LazyLock init panics")
                }),
                "hang" => Box::new(|| {
                    lazy_init_runs();
                    loop {
                        std::thread::park();
                    }
                }),
                other => return Err(format!("lazylock {}: unknown init {}", name, other)),
            };
            Object::LazyLock(LazyLock::new(f))
        }
        other => return Err(format!("the Rust oracle has no primitive of kind {}", other)),
    };
    let object = Arc::new(object);
    for (handle, _) in decl.get("handles").and_then(|h| h.as_object()).ok_or_else(|| format!("{} has no handles", name))? {
        bind(handle, Entry::Object(Arc::clone(&object)))?;
    }
    Ok(())
}

/// Runs `f`; a panic in it is caught here, at the edge of the critical section.
fn caught<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

fn new_guard_name(op: &Op, ctx: &Ctx, index: usize) -> Result<String, String> {
    let name = op.arg(index)?.text();
    if ctx.guards.contains_key(&name) {
        return Err(format!("{} creates guard {}, which already exists", op.describe(), name));
    }
    Ok(name)
}


fn some(v: Option<&Json>) -> Outcome {
    match v {
        Some(v) => Outcome::with("Some", v.clone()),
        None => Outcome::of("None"),
    }
}

pub fn perform_object(op: &Op, arc: Arc<Object>, ctx: &mut Ctx) -> Performed {
    let unknown = || Err(format!("{}: the Rust oracle has no operation {} on this object", op.describe(), op.name));
    let object = forever(&arc);
    let guard = |held: Held| Guard::new(held, &arc);
    if op.name == "get_mut" || op.name == "into_inner" {
        return by_value(op, arc);
    }
    if op.name == "take" {
        // OnceLock::take(&mut self): exclusive access, as get_mut.
        let describe = op.describe();
        return exclusive(&op.target, arc, move |mut object| {
            let r = match &mut object {
                Object::OnceLock(cell) => Ok(some(cell.take().as_ref())),
                _ => Err(format!("{}: only a OnceLock has take", describe)),
            };
            (Some(object), r)
        });
    }
    match object {
        Object::Mutex(m) => match op.name.as_str() {
            "lock" => {
                let name = new_guard_name(op, ctx, 0)?;
                // A re-lock by the holder may panic (caught here) or deadlock (std: "will not return").
                let (g, outcome) = match caught(|| m.lock()) {
                    Some(Ok(g)) => (Some(g), Outcome::ok()),
                    Some(Err(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                    None => (None, Outcome::of("Panicked")),
                };
                ctx.guards.insert(name, guard(Held::Mutex(g)));
                Ok(outcome)
            }
            "try_lock" => {
                let name = new_guard_name(op, ctx, 0)?;
                let (g, outcome) = match m.try_lock() {
                    Ok(g) => (Some(g), Outcome::ok()),
                    Err(TryLockError::Poisoned(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                    Err(TryLockError::WouldBlock) => (None, Outcome::of("WouldBlock")),
                };
                ctx.guards.insert(name, guard(Held::Mutex(g)));
                Ok(outcome)
            }
            "is_poisoned" => Ok(Outcome::with("Ok", Json::Bool(m.is_poisoned()))),
            "clear_poison" => {
                m.clear_poison();
                Ok(Outcome::ok())
            }
            _ => unknown(),
        },
        Object::RwLock(l) => match op.name.as_str() {
            "read" | "try_read" => {
                let name = new_guard_name(op, ctx, 0)?;
                let (g, outcome) = if op.name == "read" {
                    match caught(|| l.read()) {
                        Some(Ok(g)) => (Some(g), Outcome::ok()),
                        Some(Err(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                        None => (None, Outcome::of("Panicked")),
                    }
                } else {
                    match l.try_read() {
                        Ok(g) => (Some(g), Outcome::ok()),
                        Err(TryLockError::Poisoned(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                        Err(TryLockError::WouldBlock) => (None, Outcome::of("WouldBlock")),
                    }
                };
                ctx.guards.insert(name, guard(Held::Read(g)));
                Ok(outcome)
            }
            "write" | "try_write" => {
                let name = new_guard_name(op, ctx, 0)?;
                let (g, outcome) = if op.name == "write" {
                    match caught(|| l.write()) {
                        Some(Ok(g)) => (Some(g), Outcome::ok()),
                        Some(Err(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                        None => (None, Outcome::of("Panicked")),
                    }
                } else {
                    match l.try_write() {
                        Ok(g) => (Some(g), Outcome::ok()),
                        Err(TryLockError::Poisoned(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                        Err(TryLockError::WouldBlock) => (None, Outcome::of("WouldBlock")),
                    }
                };
                ctx.guards.insert(name, guard(Held::Write(g)));
                Ok(outcome)
            }
            "is_poisoned" => Ok(Outcome::with("Ok", Json::Bool(l.is_poisoned()))),
            "clear_poison" => {
                l.clear_poison();
                Ok(Outcome::ok())
            }
            _ => unknown(),
        },
        Object::Condvar(cv) => match op.name.as_str() {
            "notify_one" => {
                cv.notify_one();
                Ok(Outcome::ok())
            }
            "notify_all" => {
                cv.notify_all();
                Ok(Outcome::ok())
            }
            "wait" | "wait_timeout" | "wait_while" | "wait_timeout_while" => condvar_wait(op, cv, ctx),
            _ => unknown(),
        },
        Object::Barrier(b) => match op.name.as_str() {
            "wait" => Ok(Outcome::of(if b.wait().is_leader() { "Leader" } else { "Follower" })),
            _ => unknown(),
        },
        Object::Once(o) => match op.name.as_str() {
            "call_once" | "call_once_panic" | "call_once_hang" => {
                let mut ran = false;
                let how = op.name.clone();
                let r = caught(|| {
                    o.call_once(|| {
                        ran = true;
                        body(&how);
                    })
                });
                Ok(match r {
                    Some(()) if ran => Outcome::of("Ran"),
                    Some(()) => Outcome::ok(),
                    // Our closure panicked; or call_once itself panicked because the Once is poisoned.
                    None if ran => Outcome::of("Panicked"),
                    None => Outcome::of("Poisoned"),
                })
            }
            "call_once_force" | "call_once_force_panic" | "call_once_force_hang" => {
                let mut ran: Option<bool> = None;
                let how = op.name.clone();
                let r = caught(|| {
                    o.call_once_force(|state| {
                        ran = Some(state.is_poisoned());
                        body(&how);
                    })
                });
                Ok(match (r, ran) {
                    (Some(()), Some(p)) => Outcome::with("Ran", Json::Bool(p)),
                    (Some(()), None) => Outcome::ok(),
                    (None, _) => Outcome::of("Panicked"),
                })
            }
            "is_completed" => Ok(Outcome::with("Ok", Json::Bool(o.is_completed()))),
            "wait" => Ok(match caught(|| o.wait()) {
                Some(()) => Outcome::ok(),
                None => Outcome::of("Poisoned"),
            }),
            "wait_force" => {
                o.wait_force();
                Ok(Outcome::ok())
            }
            _ => unknown(),
        },
        Object::OnceLock(cell) => match op.name.as_str() {
            "get_or_init" | "get_or_init_panic" | "get_or_init_hang" => {
                let how = op.name.clone();
                let value = op.args.first().cloned().unwrap_or(Json::Null);
                match caught(|| {
                    cell.get_or_init(|| {
                        body(&how);
                        value
                    })
                    .clone()
                }) {
                    Some(w) => Ok(Outcome::with("Ok", w)),
                    None => Ok(Outcome::of("Panicked")),
                }
            }
            "get" => Ok(some(cell.get())),
            "set" => Ok(match cell.set(op.arg(0)?.clone()) {
                Ok(()) => Outcome::ok(),
                Err(v) => Outcome::with("Err", v),
            }),
            "wait" => Ok(Outcome::with("Ok", cell.wait().clone())),
            _ => unknown(),
        },
        Object::LazyLock(lazy) => match op.name.as_str() {
            "force" => {
                // A panic is this call's own init closure's (Panicked), or a poisoned
                // LazyLock's: std panics with "LazyLock instance has previously been poisoned".
                // The init closure marks the thread it runs on, so a panic is told apart.
                LAZY_INIT_RAN.with(|ran| ran.set(false));
                match caught(|| LazyLock::force(lazy).clone()) {
                    Some(w) => Ok(Outcome::with("Ok", w)),
                    None => Ok(Outcome::of(if LAZY_INIT_RAN.with(|ran| ran.get()) { "Panicked" } else { "Poisoned" })),
                }
            }
            "get" => Ok(some(LazyLock::get(lazy))),
            _ => unknown(),
        },
    }
}

/// What a once-initializer does: complete, panic, or never return.
fn body(how: &str) {
    if how.ends_with("_panic") {
        panic!("syncspec: the initializer panics");
    }
    if how.ends_with("_hang") {
        loop {
            std::thread::park();
        }
    }
}

thread_local! {
    static LAZY_INIT_RAN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn lazy_init_runs() {
    LAZY_INIT_RAN.with(|ran| ran.set(true));
}

/// `g2 = cv.wait(g)`, `cv.wait_timeout(g, ms)`, `cv.wait_while(g, "P")`, `cv.wait_timeout_while(g, ms, "P")`.
fn condvar_wait(op: &Op, cv: &'static Condvar, ctx: &mut Ctx) -> Performed {
    let given = new_guard_name(op, ctx, 0)?;
    let taken = op.arg(1)?.text();
    let (guard, owner) = match ctx.guards.remove(&taken) {
        Some(Guard { held: Held::Mutex(g), owner }) => (g, owner),
        Some(other) => {
            ctx.guards.insert(taken.clone(), other);
            return Err(format!("{}: {} is not a mutex guard", op.describe(), taken));
        }
        None => return Err(format!("{}: {} is not a guard of this thread", op.describe(), taken)),
    };
    let guard = match guard {
        Some(g) => g,
        None => {
            drop(owner);
            ctx.guards.insert(given, Guard { held: Held::Mutex(None), owner: None });
            return Ok(Outcome::of("NoGuard"));
        }
    };
    let ms = |i: usize| -> Result<Duration, String> {
        let ms = op.arg(i)?.as_f64().ok_or_else(|| format!("{}: the timeout is not a number", op.describe()))?;
        Ok(Duration::from_micros((ms * 1000.0).max(0.0) as u64))
    };
    let predicate = |i: usize| -> Result<Predicate, String> { Predicate::parse(&op.arg(i)?.text()) };
    let (g2, outcome): (Option<MutexGuard<'static, Json>>, Outcome) = match op.name.as_str() {
        "wait" => match caught(|| cv.wait(guard)) {
            Some(Ok(g)) => (Some(g), Outcome::ok()),
            Some(Err(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
            None => (None, Outcome::of("Panicked")),
        },
        "wait_timeout" => {
            let d = ms(2)?;
            match caught(|| cv.wait_timeout(guard, d)) {
                Some(Ok((g, t))) => (Some(g), Outcome::with("Ok", Json::Bool(t.timed_out()))),
                Some(Err(p)) => {
                    let (g, t) = p.into_inner();
                    (Some(g), Outcome::with("Poisoned", Json::Bool(t.timed_out())))
                }
                None => (None, Outcome::of("Panicked")),
            }
        }
        "wait_while" => {
            let p = predicate(2)?;
            match caught(|| cv.wait_while(guard, |v| p.holds(v))) {
                Some(Ok(g)) => (Some(g), Outcome::ok()),
                Some(Err(e)) => (Some(e.into_inner()), Outcome::of("Poisoned")),
                None => (None, Outcome::of("Panicked")),
            }
        }
        _ => {
            let d = ms(2)?;
            let p = predicate(3)?;
            match caught(|| cv.wait_timeout_while(guard, d, |v| p.holds(v))) {
                Some(Ok((g, t))) => (Some(g), Outcome::with("Ok", Json::Bool(t.timed_out()))),
                Some(Err(e)) => {
                    let (g, t) = e.into_inner();
                    (Some(g), Outcome::with("Poisoned", Json::Bool(t.timed_out())))
                }
                None => (None, Outcome::of("Panicked")),
            }
        }
    };
    // The mutex stays alive through `owner` while the guard, given back, lives on as `given`.
    let held = Held::Mutex(g2);
    let owner = if held.holds() { owner } else { None };
    ctx.guards.insert(given, Guard { held, owner });
    Ok(outcome)
}

/// `value OP literal`, as the condvar chapter writes a `wait_while` condition.
struct Predicate {
    op: String,
    literal: Json,
}

impl Predicate {
    fn parse(text: &str) -> Result<Predicate, String> {
        let rest = text.trim().strip_prefix("value").ok_or_else(|| format!("cannot read the predicate {:?}", text))?.trim_start();
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if let Some(lit) = rest.strip_prefix(op) {
                let literal = crate::json::parse(lit.trim())?;
                return Ok(Predicate { op: op.to_string(), literal });
            }
        }
        Err(format!("cannot read the predicate {:?}", text))
    }

    fn holds(&self, value: &Json) -> bool {
        let ord = match (value, &self.literal) {
            (Json::Num(_), Json::Num(_)) => value.as_f64().partial_cmp(&self.literal.as_f64()),
            (Json::Str(a), Json::Str(b)) => Some(a.cmp(b)),
            _ => None,
        };
        use std::cmp::Ordering::*;
        match self.op.as_str() {
            "==" => value.to_string() == self.literal.to_string(),
            "!=" => value.to_string() != self.literal.to_string(),
            "<" => ord == Some(Less),
            "<=" => matches!(ord, Some(Less) | Some(Equal)),
            ">" => ord == Some(Greater),
            _ => matches!(ord, Some(Greater) | Some(Equal)),
        }
    }
}

pub fn perform_guard(op: &Op, ctx: &mut Ctx) -> Performed {
    let name = op.target.clone();
    match op.name.as_str() {
        "drop" => {
            let guard = ctx.guards.remove(&name);
            // The real thing: the guard's destructor unlocks here.
            drop(guard);
            Ok(Outcome::ok())
        }
        "get" => Ok(match ctx.guards.get(&name) {
            Some(Guard { held: Held::Mutex(Some(g)), .. }) => Outcome::with("Ok", (**g).clone()),
            Some(Guard { held: Held::Read(Some(g)), .. }) => Outcome::with("Ok", (**g).clone()),
            Some(Guard { held: Held::Write(Some(g)), .. }) => Outcome::with("Ok", (**g).clone()),
            _ => Outcome::of("NoGuard"),
        }),
        "set" => {
            let value = op.arg(0)?.clone();
            Ok(match ctx.guards.get_mut(&name) {
                Some(Guard { held: Held::Mutex(Some(g)), .. }) => {
                    **g = value;
                    Outcome::ok()
                }
                Some(Guard { held: Held::Write(Some(g)), .. }) => {
                    **g = value;
                    Outcome::ok()
                }
                Some(Guard { held: Held::Read(Some(_)), .. }) => return Err(format!("{}: a read guard gives &T, it cannot set", op.describe())),
                _ => Outcome::of("NoGuard"),
            })
        }
        "panic" => {
            let held = ctx.guards.get(&name).is_some_and(|g| g.held.holds());
            if !held {
                return Ok(Outcome::of("NoGuard"));
            }
            let guard = ctx.guards.remove(&name);
            // The guard is in scope when the panic starts and is dropped while unwinding.
            let _ = caught(move || {
                let _in_scope = guard;
                panic!("syncspec: a panic in the critical section");
            });
            Ok(Outcome::of("Panicked"))
        }
        _ => Err(format!("{}: guards have no operation {}", op.describe(), op.name)),
    }
}

/// `m.get_mut()` and `m.into_inner()` (and the RwLock's): the object by `&mut` or by value,
/// once nothing else holds it. `into_inner` consumes it: the handle is gone afterwards.
fn by_value(op: &Op, arc: Arc<Object>) -> Performed {
    let consume = op.name == "into_inner";
    let what = |r: Result<Json, Json>| match r {
        Ok(v) => Outcome::with("Ok", v),
        Err(v) => Outcome::with("Poisoned", v),
    };
    let describe = op.describe();
    exclusive(&op.target, arc, move |object| {
        let mut object = object;
        let r = match (&mut object, consume) {
            (Object::Mutex(m), false) => Ok(m.get_mut().map(|v| v.clone()).map_err(|p| p.into_inner().clone())),
            (Object::RwLock(l), false) => Ok(l.get_mut().map(|v| v.clone()).map_err(|p| p.into_inner().clone())),
            (Object::Mutex(_), true) | (Object::RwLock(_), true) => Ok(Ok(Json::Null)),
            _ => Err(format!("{}: only a Mutex or an RwLock has {}", describe, if consume { "into_inner" } else { "get_mut" })),
        };
        if !consume || r.is_err() {
            return (Some(object), r.map(what));
        }
        let r = match object {
            Object::Mutex(m) => m.into_inner().map_err(|p| p.into_inner()),
            Object::RwLock(l) => l.into_inner().map_err(|p| p.into_inner()),
            _ => unreachable!(),
        };
        (None, Ok(what(r)))
    })
}
