//! Channels: std::sync::mpsc's `channel()`, `sync_channel(n)` and `sync_channel(0)`, their
//! handles, and each abstract operation as the std call of the same name. Values are the
//! scenario's JSON values, moved through the channel as they are.

use crate::json::Json;
use crate::{bind, unbind, Entry, Op, Outcome, Performed};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub enum Handle {
    Sender(Sender<Json>),
    SyncSender(SyncSender<Json>),
    Receiver(Receiver<Json>),
    /// `rx.iter()` / `rx.try_iter()`: a borrow of the receiver in this slot. Each `next()`
    /// is the std iterator's `next()` on a fresh `rx.iter()` (std's `Iter` holds nothing
    /// but the borrow, so this is the same call).
    Iter(Arc<Slot>),
    TryIter(Arc<Slot>),
}

pub type Slot = Mutex<Option<Handle>>;

fn new_slot(handle: Handle) -> Entry {
    Entry::Channel(Arc::new(Mutex::new(Some(handle))))
}

fn lock(slot: &Slot) -> MutexGuard<'_, Option<Handle>> {
    slot.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn declare(decl: &Json) -> Result<(), String> {
    let name = decl.get("name").and_then(|n| n.as_str()).unwrap_or("?");
    let params = decl.get("params").ok_or_else(|| format!("channel {} has no params", name))?;
    let flavor = params.get("flavor").and_then(|f| f.as_str()).unwrap_or("");
    if params.get("profile").and_then(|p| p.as_str()) == Some("mpmc") {
        return Err(format!("channel {}: Rust's std::sync::mpsc has no mpmc profile (std::sync::mpmc is unstable)", name));
    }
    let (sender, receiver) = match flavor {
        "unbounded" => {
            let (tx, rx) = mpsc::channel::<Json>();
            (Handle::Sender(tx), rx)
        }
        "bounded" | "rendezvous" => {
            let capacity = if flavor == "rendezvous" { 0 } else { params.get("capacity").and_then(|c| c.as_f64()).ok_or_else(|| format!("channel {} has no capacity", name))? as usize };
            let (tx, rx) = mpsc::sync_channel::<Json>(capacity);
            (Handle::SyncSender(tx), rx)
        }
        other => return Err(format!("channel {}: unknown flavor {}", name, other)),
    };
    let mut sender = Some(sender);
    let mut receiver = Some(receiver);
    let handles = decl.get("handles").and_then(|h| h.as_object()).ok_or_else(|| format!("channel {} has no handles", name))?;
    for (handle, role) in handles {
        match role.as_str() {
            Some("sender") => {
                let h = match sender.take() {
                    Some(h) => h,
                    None => return Err(format!("channel {} declares two senders; clone the first instead", name)),
                };
                bind(handle, new_slot(h))?;
            }
            Some("receiver") => {
                let rx = receiver.take().ok_or_else(|| format!("channel {} declares two receivers, and a std Receiver cannot be cloned", name))?;
                bind(handle, new_slot(Handle::Receiver(rx)))?;
            }
            _ => return Err(format!("channel {}: handle {} has an unknown role", name, handle)),
        }
    }
    // A side the declaration does not name is dropped here, as it would be in Rust.
    Ok(())
}

fn value_of(op: &Op) -> Result<Json, String> {
    op.arg(0).cloned()
}

fn received(r: Result<Json, TryRecvError>) -> Outcome {
    match r {
        Ok(v) => Outcome::with("Ok", v),
        Err(TryRecvError::Empty) => Outcome::of("Empty"),
        Err(TryRecvError::Disconnected) => Outcome::of("Disconnected"),
    }
}

fn item(v: Option<Json>) -> Outcome {
    match v {
        Some(v) => Outcome::with("Some", v),
        None => Outcome::of("None"),
    }
}

pub fn perform(op: &Op, slot: &Arc<Slot>) -> Performed {
    match op.name.as_str() {
        "drop" => {
            unbind(&op.target);
            let taken = lock(slot).take();
            // The real thing: the handle's destructor runs here (an iterator's drop is a borrow's end).
            drop(taken);
            Ok(Outcome::ok())
        }
        "clone" => {
            let name = op.arg(0)?.text();
            let cloned = match &*lock(slot) {
                Some(Handle::Sender(tx)) => Handle::Sender(tx.clone()),
                Some(Handle::SyncSender(tx)) => Handle::SyncSender(tx.clone()),
                Some(Handle::Receiver(_)) => return Err(format!("{}: std::sync::mpsc::Receiver is not Clone", op.describe())),
                _ => return Err(format!("{}: only senders are cloned", op.describe())),
            };
            bind(&name, new_slot(cloned))?;
            Ok(Outcome::ok())
        }
        "iter" | "try_iter" => {
            let name = op.arg(0)?.text();
            if !matches!(&*lock(slot), Some(Handle::Receiver(_))) {
                return Err(format!("{}: {} is not a receiver", op.describe(), op.target));
            }
            let it = if op.name == "iter" { Handle::Iter(Arc::clone(slot)) } else { Handle::TryIter(Arc::clone(slot)) };
            bind(&name, new_slot(it))?;
            Ok(Outcome::ok())
        }
        "next" => {
            let (receiver, blocking) = match &*lock(slot) {
                Some(Handle::Iter(rx)) => (Arc::clone(rx), true),
                Some(Handle::TryIter(rx)) => (Arc::clone(rx), false),
                _ => return Err(format!("{}: {} is not an iterator", op.describe(), op.target)),
            };
            let guard = lock(&receiver);
            match &*guard {
                Some(Handle::Receiver(rx)) => Ok(item(if blocking { rx.iter().next() } else { rx.try_iter().next() })),
                _ => Err(format!("{}: its receiver was dropped", op.describe())),
            }
        }
        "send" => {
            let value = value_of(op)?;
            let r = match &*lock(slot) {
                Some(Handle::Sender(tx)) => tx.send(value),
                Some(Handle::SyncSender(tx)) => tx.send(value),
                _ => return Err(format!("{}: {} is not a sender", op.describe(), op.target)),
            };
            Ok(match r {
                Ok(()) => Outcome::ok(),
                Err(mpsc::SendError(v)) => Outcome::with("Disconnected", v),
            })
        }
        "try_send" => {
            let value = value_of(op)?;
            let r = match &*lock(slot) {
                Some(Handle::SyncSender(tx)) => tx.try_send(value),
                Some(Handle::Sender(_)) => return Err(format!("{}: std's Sender (of channel()) has no try_send", op.describe())),
                _ => return Err(format!("{}: {} is not a sender", op.describe(), op.target)),
            };
            Ok(match r {
                Ok(()) => Outcome::ok(),
                Err(TrySendError::Full(v)) => Outcome::with("Full", v),
                Err(TrySendError::Disconnected(v)) => Outcome::with("Disconnected", v),
            })
        }
        "recv" | "try_recv" | "recv_timeout" => {
            let guard = lock(slot);
            let rx = match &*guard {
                Some(Handle::Receiver(rx)) => rx,
                _ => return Err(format!("{}: {} is not a receiver", op.describe(), op.target)),
            };
            Ok(match op.name.as_str() {
                "recv" => match rx.recv() {
                    Ok(v) => Outcome::with("Ok", v),
                    Err(mpsc::RecvError) => Outcome::of("Disconnected"),
                },
                "try_recv" => received(rx.try_recv()),
                _ => {
                    let ms = op.arg(0)?.as_f64().ok_or_else(|| format!("{}: the timeout is not a number", op.describe()))?;
                    match rx.recv_timeout(Duration::from_micros((ms * 1000.0).max(0.0) as u64)) {
                        Ok(v) => Outcome::with("Ok", v),
                        Err(RecvTimeoutError::Timeout) => Outcome::of("Timeout"),
                        Err(RecvTimeoutError::Disconnected) => Outcome::of("Disconnected"),
                    }
                }
            })
        }
        other => Err(format!("{}: channels have no operation {} in Rust's std (select is crossbeam's)", op.describe(), other)),
    }
}
