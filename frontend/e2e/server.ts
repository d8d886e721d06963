// Starts the real binary: `kitaportal serve --data <fresh dir> --addr 127.0.0.1:0`.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binary = process.env['KITAPORTAL_BIN'] ?? path.join(root, 'build/bin/kitaportal');

export interface Server {
  url: string;
  kioskKey: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** NAME=VALUE settings applied with `kitaportal settings` before serve starts. */
  settings?: Record<string, string | number>;
  /** Prepare the data dir (e.g. an import) before serve starts. */
  prepare?: (dataDir: string) => void;
}

function startOnce(dataDir: string, kioskKey: string): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      binary,
      ['serve', '--data', dataDir, '--demo', '--addr', '127.0.0.1:0', '--kiosk-key', kioskKey],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`serve did not report its address within 60 s: ${err.slice(-500)}`));
    }, 60_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: `http://${m[1]}` });
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

export async function startServer(opts: ServerOptions = {}): Promise<Server> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kitaportal-e2e-'));
  const kioskKey = randomBytes(16).toString('hex');
  if (opts.settings) {
    const args = Object.entries(opts.settings).map(([k, v]) => `${k}=${v}`);
    execFileSync(binary, ['settings', '--data', dataDir, ...args], { stdio: 'pipe' });
  }
  opts.prepare?.(dataDir);
  // Retries only here, around start-up.
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { proc, url } = await startOnce(dataDir, kioskKey);
      return {
        url,
        kioskKey,
        dataDir,
        stop: () =>
          new Promise<void>((resolve) => {
            proc.removeAllListeners('exit');
            proc.once('exit', () => {
              rmSync(dataDir, { recursive: true, force: true });
              resolve();
            });
            proc.kill('SIGTERM');
          }),
      };
    } catch (err) {
      lastErr = err;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  throw lastErr;
}
