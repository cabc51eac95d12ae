//! `syncspec-bench FLAVOR PAYLOAD MESSAGES`: one throughput measurement of Rust's
//! `std::sync::mpsc`, producer thread -> main thread, measured the way
//! reference/bench/bench.worker.ts measures the reference: both sides start at a
//! barrier, an untimed warm-up of MESSAGES/4 values, then the consumer times MESSAGES
//! values until the channel disconnects. Prints one JSON line: {"messages":N,"seconds":S}.
//!
//! FLAVOR: unbounded | bounded(N) | rendezvous     (channel(), sync_channel(N), sync_channel(0))
//! PAYLOAD: number (u64) | string (20 chars, allocated per message) | object ({id, payload}: u64 + 16-char String)

use std::hint::black_box;
use std::process::exit;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Instant;

trait Payload: Send + 'static {
    fn make(i: u64) -> Self;
}

impl Payload for u64 {
    #[inline]
    fn make(i: u64) -> u64 {
        i
    }
}

/// 20 characters, like the JavaScript side's `'message ' + String(i).padStart(12, '0')`.
struct Text(#[allow(dead_code)] String);

impl Payload for Text {
    #[inline]
    fn make(i: u64) -> Text {
        Text(format!("message {:012}", i))
    }
}

/// The JavaScript side's `{ id: i, payload: 'xxxxxxxxxxxxxxxx' }`.
#[allow(dead_code)]
struct Object {
    id: u64,
    payload: String,
}

impl Payload for Object {
    #[inline]
    fn make(i: u64) -> Object {
        Object { id: i, payload: String::from("xxxxxxxxxxxxxxxx") }
    }
}

enum Tx<T> {
    Unbounded(Sender<T>),
    Bounded(SyncSender<T>),
}

impl<T> Tx<T> {
    #[inline]
    fn send(&self, v: T) {
        let r = match self {
            Tx::Unbounded(tx) => tx.send(v),
            Tx::Bounded(tx) => tx.send(v),
        };
        if r.is_err() {
            eprintln!("syncspec-bench: the receiver went away");
            exit(1);
        }
    }
}

fn make<T>(flavor: &str) -> Option<(Tx<T>, Receiver<T>)> {
    if flavor == "unbounded" {
        let (tx, rx) = channel();
        return Some((Tx::Unbounded(tx), rx));
    }
    let capacity = if flavor == "rendezvous" {
        0
    } else {
        flavor.strip_prefix("bounded(")?.strip_suffix(')')?.parse().ok()?
    };
    let (tx, rx) = sync_channel(capacity);
    Some((Tx::Bounded(tx), rx))
}

fn measure<T: Payload>(flavor: &str, messages: u64) -> f64 {
    let Some((tx, rx)) = make::<T>(flavor) else {
        eprintln!("syncspec-bench: unknown flavor {flavor:?} (unbounded, bounded(N), rendezvous)");
        exit(2);
    };
    let warm = messages / 4;
    let start = Arc::new(Barrier::new(2));
    let go = Arc::clone(&start);
    let producer = thread::spawn(move || {
        go.wait();
        for i in 0..warm + messages {
            tx.send(T::make(i));
        }
    });
    start.wait();
    for _ in 0..warm {
        black_box(rx.recv().expect("warm-up value"));
    }
    let t1 = Instant::now();
    let mut n = 0u64;
    while let Ok(v) = rx.recv() {
        black_box(v);
        n += 1;
    }
    let seconds = t1.elapsed().as_secs_f64();
    producer.join().expect("producer thread");
    assert_eq!(n, messages, "every value arrives once");
    seconds
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!("usage: syncspec-bench FLAVOR PAYLOAD MESSAGES");
        exit(2);
    }
    let Ok(messages) = args[2].parse::<u64>() else {
        eprintln!("syncspec-bench: MESSAGES must be a positive integer");
        exit(2);
    };
    let seconds = match args[1].as_str() {
        "number" => measure::<u64>(&args[0], messages),
        "string" => measure::<Text>(&args[0], messages),
        "object" => measure::<Object>(&args[0], messages),
        other => {
            eprintln!("syncspec-bench: unknown payload {other:?} (number, string, object)");
            exit(2);
        }
    };
    println!("{{\"messages\":{messages},\"seconds\":{seconds}}}");
}
