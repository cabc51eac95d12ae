// The Rust side of the bench: rust/ (std::sync::mpsc, std only) built on the fly with
// `cargo build --release --offline` into a git-ignored target folder, and reused while
// its sources and the toolchain are unchanged (a stamp beside the binary holds their
// hash, so a reused build costs no cargo run at all).

import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Payload } from './bench.worker.ts';

const crate = fileURLToPath(new URL('./rust/', import.meta.url));
const SOURCES = ['Cargo.toml', 'Cargo.lock', 'src/main.rs'];
const BINARY = process.platform === 'win32' ? 'syncspec-bench.exe' : 'syncspec-bench';

export type RustBuild = { ok: true; binary: string; built: boolean } | { ok: false; reason: string };

/** The target folder: rust/target (git-ignored) when the package is writable, else a per-user temp folder. */
function targetDir(): string {
  try {
    accessSync(crate, constants.W_OK);
    return join(crate, 'target');
  } catch {
    let user = 'user';
    try {
      user = userInfo().username;
    } catch {}
    return join(tmpdir(), `syncspec-bench-rust-${user}`);
  }
}

/**
 * Finds cargo and builds (or reuses) the Rust bench. `log` hears about a build, which
 * takes a few seconds the first time. Never throws: a missing cargo or a failed build is
 * a reason to skip the Rust rows.
 */
export async function prepareRust(log: (message: string) => void = () => {}): Promise<RustBuild> {
  const version = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) {
    return { ok: false, reason: 'cargo is not on PATH (install Rust from https://rustup.rs for the std::sync::mpsc rows)' };
  }
  const hash = createHash('sha256').update(version.stdout);
  for (const file of SOURCES) {
    const path = join(crate, file);
    hash.update(`\0${file}\0`).update(existsSync(path) ? readFileSync(path) : '');
  }
  const stampValue = hash.digest('hex');
  const target = targetDir();
  const binary = join(target, 'release', BINARY);
  const stamp = join(target, 'syncspec-bench.stamp');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === stampValue) return { ok: true, binary, built: false };
  log(`building the Rust bench: cargo build --release --offline (${target})`);
  const args = ['build', '--release', '--offline', '--quiet', '--manifest-path', join(crate, 'Cargo.toml'), '--target-dir', target];
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile('cargo', args, { encoding: 'utf8', maxBuffer: 16 << 20 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
    });
  });
  if (result.code !== 0 || !existsSync(binary)) {
    const tail = result.stderr.trim().split('\n').slice(-5).join('\n  ');
    return { ok: false, reason: `cargo build --release --offline of ${crate} failed${tail ? `:\n  ${tail}` : ''}` };
  }
  mkdirSync(target, { recursive: true });
  writeFileSync(stamp, stampValue);
  return { ok: true, binary, built: true };
}

/** One measurement: seconds for `messages` values, timed by the Rust program itself. */
export function measureRust(binary: string, flavor: string, payload: Payload, messages: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(binary, [flavor, payload, String(messages)], { encoding: 'utf8', timeout: 600_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${binary} ${flavor} ${payload} ${messages}: ${stderr.trim() || error.message}`));
      try {
        const { seconds } = JSON.parse(stdout) as { seconds: number };
        resolve(seconds);
      } catch {
        reject(new Error(`${binary}: unexpected output ${JSON.stringify(stdout)}`));
      }
    });
  });
}
