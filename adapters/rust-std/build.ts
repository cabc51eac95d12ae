// Builds the Rust oracle (adapters/rust-std/oracle/, std only, no crates) on first use
// with `cargo build --release --offline`, and reuses the binary until its sources or the
// Rust toolchain change. The build goes to oracle/target/ (git-ignored).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORACLE_DIR = fileURLToPath(new URL('./oracle/', import.meta.url));
export const TARGET_DIR = path.join(ORACLE_DIR, 'target');
export const BINARY = path.join(TARGET_DIR, 'release', process.platform === 'win32' ? 'syncspec-rust-std-oracle.exe' : 'syncspec-rust-std-oracle');
const STAMP = path.join(TARGET_DIR, 'syncspec-sources.sha256');

let toolchain: { cargo: string; rustc: string } | string | undefined;

/** The versions of cargo and rustc, or why they cannot be used. */
export function rustToolchain(): { cargo: string; rustc: string } | string {
  if (toolchain !== undefined) return toolchain;
  const version = (cmd: string) => {
    const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const cargo = version('cargo');
  const rustc = version('rustc');
  toolchain =
    cargo === undefined || rustc === undefined
      ? `${cargo === undefined ? 'cargo' : 'rustc'} was not found on PATH: the rust-std adapter builds a small std-only Rust program (adapters/rust-std/oracle) on first use; install Rust (https://rustup.rs) to run it`
      : { cargo, rustc };
  return toolchain;
}

/** A hash of everything the binary depends on: the oracle's sources and the compiler. */
function sourceHash(rustc: string): string {
  const hash = createHash('sha256').update(rustc);
  const files = ['Cargo.toml', ...readdirSync(path.join(ORACLE_DIR, 'src')).sort().map((f) => path.join('src', f))];
  for (const file of files) hash.update(file).update('\0').update(readFileSync(path.join(ORACLE_DIR, file))).update('\0');
  return hash.digest('hex');
}

let building: Promise<string> | undefined;

/** The oracle's binary, built if it is missing or stale. Concurrent builds are serialized by cargo's own lock. */
export function oracleBinary(): Promise<string> {
  building ??= build().catch((e: unknown) => {
    building = undefined;
    throw e;
  });
  return building;
}

async function build(): Promise<string> {
  const tools = rustToolchain();
  if (typeof tools === 'string') throw new Error(tools);
  const hash = sourceHash(tools.rustc);
  if (existsSync(BINARY) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash) return BINARY;
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn('cargo', ['build', '--release', '--offline', '--quiet'], {
      cwd: ORACLE_DIR,
      env: { ...process.env, CARGO_TARGET_DIR: TARGET_DIR, SYNCSPEC_RUSTC_VERSION: tools.rustc },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  if (code !== 0 || !existsSync(BINARY)) throw new Error(`cargo build of the Rust oracle failed (exit ${code}):\n${output.trim().slice(-2000)}`);
  writeFileSync(STAMP, `${hash}\n`);
  return BINARY;
}
