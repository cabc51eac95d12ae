//! Mutex, RwLock, Condvar, Barrier, Once, OnceLock and LazyLock: each abstract operation
//! as the std call of the same name. Objects are leaked (`&'static`), so that guards can
//! be held from one operation to the next; guards stay with the thread that took them
//! (they are not `Send`). A panic in a critical section is a real `panic!` raised with the
//! guard in scope, caught just outside it by `catch_unwind`: the guard is dropped while
//! unwinding, and any poisoning is std's own.

use crate::json::Json;
use crate::{bind, Ctx, Entry, Op, Outcome, Performed};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Barrier, Condvar, LazyLock, Mutex, MutexGuard, Once, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError};
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

/// A guard a thread holds; `None` for one its operation did not produce (`WouldBlock`, a panicked re-lock).
pub enum Guard {
    Mutex(Option<MutexGuard<'static, Json>>),
    Read(Option<RwLockReadGuard<'static, Json>>),
    Write(Option<RwLockWriteGuard<'static, Json>>),
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
    let object: &'static Object = Box::leak(Box::new(object));
    for (handle, _) in decl.get("handles").and_then(|h| h.as_object()).ok_or_else(|| format!("{} has no handles", name))? {
        bind(handle, Entry::Object(object))?;
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

pub fn perform_object(op: &Op, object: &'static Object, ctx: &mut Ctx) -> Performed {
    let unknown = || Err(format!("{}: the Rust oracle has no operation {} on this object", op.describe(), op.name));
    match object {
        Object::Mutex(m) => match op.name.as_str() {
            "lock" => {
                let name = new_guard_name(op, ctx, 0)?;
                // A re-lock by the holder may panic (caught here) or deadlock (std: "will not return").
                let (guard, outcome) = match caught(|| m.lock()) {
                    Some(Ok(g)) => (Some(g), Outcome::ok()),
                    Some(Err(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                    None => (None, Outcome::of("Panicked")),
                };
                ctx.guards.insert(name, Guard::Mutex(guard));
                Ok(outcome)
            }
            "try_lock" => {
                let name = new_guard_name(op, ctx, 0)?;
                let (guard, outcome) = match m.try_lock() {
                    Ok(g) => (Some(g), Outcome::ok()),
                    Err(TryLockError::Poisoned(p)) => (Some(p.into_inner()), Outcome::of("Poisoned")),
                    Err(TryLockError::WouldBlock) => (None, Outcome::of("WouldBlock")),
                };
                ctx.guards.insert(name, Guard::Mutex(guard));
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
                let (guard, outcome) = if op.name == "read" {
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
                ctx.guards.insert(name, Guard::Read(guard));
                Ok(outcome)
            }
            "write" | "try_write" => {
                let name = new_guard_name(op, ctx, 0)?;
                let (guard, outcome) = if op.name == "write" {
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
                ctx.guards.insert(name, Guard::Write(guard));
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
            "call_once_force" | "call_once_force_panic" => {
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
    let guard = match ctx.guards.remove(&taken) {
        Some(Guard::Mutex(g)) => g,
        Some(other) => {
            ctx.guards.insert(taken.clone(), other);
            return Err(format!("{}: {} is not a mutex guard", op.describe(), taken));
        }
        None => return Err(format!("{}: {} is not a guard of this thread", op.describe(), taken)),
    };
    let guard = match guard {
        Some(g) => g,
        None => {
            ctx.guards.insert(given, Guard::Mutex(None));
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
    ctx.guards.insert(given, Guard::Mutex(g2));
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
            Some(Guard::Mutex(Some(g))) => Outcome::with("Ok", (**g).clone()),
            Some(Guard::Read(Some(g))) => Outcome::with("Ok", (**g).clone()),
            Some(Guard::Write(Some(g))) => Outcome::with("Ok", (**g).clone()),
            _ => Outcome::of("NoGuard"),
        }),
        "set" => {
            let value = op.arg(0)?.clone();
            Ok(match ctx.guards.get_mut(&name) {
                Some(Guard::Mutex(Some(g))) => {
                    **g = value;
                    Outcome::ok()
                }
                Some(Guard::Write(Some(g))) => {
                    **g = value;
                    Outcome::ok()
                }
                Some(Guard::Read(Some(_))) => return Err(format!("{}: a read guard gives &T, it cannot set", op.describe())),
                _ => Outcome::of("NoGuard"),
            })
        }
        "panic" => {
            let held = matches!(ctx.guards.get(&name), Some(Guard::Mutex(Some(_))) | Some(Guard::Read(Some(_))) | Some(Guard::Write(Some(_))));
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
