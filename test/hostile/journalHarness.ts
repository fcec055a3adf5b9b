/**
 * Shared by the journal durability tests: bundles journalWriter.ts (the child process that appends through
 * the product's journal API and acknowledges on stdout), runs it, and collects its acknowledgements.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** Bundle journalWriter.ts into `dir` (once per test file); returns the script path. */
export function buildWriter(dir: string): string {
  const script = path.join(dir, 'journalWriter.cjs');
  buildSync({ entryPoints: [path.join(__dirname, 'journalWriter.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: script, logLevel: 'warning' });
  return script;
}

export interface WriterRun {
  child: ChildProcess;
  /** Sample ids acknowledged so far, in the order acknowledged (complete stdout lines only). */
  acked: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; done: number | null }>;
  /** Called with every complete stdout line (`ready`, `ack ID`, `bulk BYTES`, `done N`). */
  onLine: ((line: string) => void) | null;
  /** Let a writer started with --wait-go begin. */
  go(): void;
}

/** Start a writer: `node script FILE WRITER SEED [options]` (see journalWriter.ts). */
export function startWriter(script: string, args: string[]): WriterRun {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const run: WriterRun = { child, acked: [], exited: null as unknown as WriterRun['exited'], onLine: null, go: () => void child.stdin.end('go\n') };
  let out = '';
  let stderr = '';
  let done: number | null = null;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    let nl: number;
    // Only complete lines count: an acknowledgement cut by the kill was never made.
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (line.startsWith('ack ')) run.acked.push(line.slice(4));
      else if (line.startsWith('done ')) done = Number(line.slice(5));
      run.onLine?.(line);
    }
  });
  child.stdin.on('error', () => undefined); // EPIPE once it is dead
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  run.exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, done }));
  });
  return run;
}
