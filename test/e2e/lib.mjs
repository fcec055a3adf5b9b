// Shared plumbing of the real-VS Code end-to-end runners (recipe: /work/shared/spec/vscode-e2e.md):
// code-server 4.139.1 on Node 24 (installed by scripts/setup-vscode-e2e.sh outside the repo), driven by
// playwright-core against Debian's chromium. Plain Node ESM, run by the system Node 20.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(REPO, 'test', 'e2e', '.artifacts');

/** Keeps the workbench quiet and deterministic (spec §3), plus the curator's name for the journal. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'helixCurator.curator.name': 'e2e-bot',
};

export function log(...args) {
  console.log(`[e2e ${new Date().toISOString().slice(11, 23)}]`, ...args);
}

/**
 * Node 24, code-server and chromium: from the environment (NODE24, CODE_SERVER, CHROMIUM) when all are set,
 * else from scripts/setup-vscode-e2e.sh (idempotent, about a second when everything is installed).
 */
export function resolveTools() {
  const { NODE24, CODE_SERVER, CHROMIUM } = process.env;
  if (NODE24 && CODE_SERVER && CHROMIUM) return { node24: NODE24, codeServer: CODE_SERVER, chromium: CHROMIUM };
  const setup = spawnSync('bash', [path.join(REPO, 'scripts', 'setup-vscode-e2e.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (setup.status !== 0) throw new Error(`scripts/setup-vscode-e2e.sh failed (exit ${setup.status})`);
  const vars = Object.fromEntries(
    setup.stdout
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
  return { node24: vars.NODE24, codeServer: vars.CODE_SERVER, chromium: vars.CHROMIUM };
}

function newestMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

/**
 * Runs `npm run build` unless dist/ is newer than every source file (so `npm test`'s pretest build is
 * reused). webpack leaves outputs whose content did not change untouched, so the newest file in dist/ counts,
 * including a stamp written after a build done here. HELIX_E2E_BUILT=1 (set by run-all.mjs for its runners)
 * skips the check.
 */
export function ensureBuilt() {
  if (process.env.HELIX_E2E_BUILT === '1') return;
  const dist = path.join(REPO, 'dist');
  const built = fs.existsSync(path.join(dist, 'extension.js')) ? newestMtime(dist) : 0;
  const sources = Math.max(
    newestMtime(path.join(REPO, 'src')),
    newestMtime(path.join(REPO, 'webview')),
    fs.statSync(path.join(REPO, 'package.json')).mtimeMs,
  );
  if (built > sources) return;
  log('dist/ is missing or older than the sources: npm run build');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
  fs.writeFileSync(path.join(dist, '.e2e-build-stamp'), `${new Date().toISOString()}\n`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return r.stdout ?? '';
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh user-data dir with User/settings.json seeded. */
export function seedProfile(root, settings = BASE_SETTINGS) {
  const userDataDir = path.join(root, 'ud');
  const extensionsDir = path.join(root, 'ext');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeSettings(userDataDir, settings);
  return { userDataDir, extensionsDir };
}

export function writeSettings(userDataDir, settings) {
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/**
 * A workspace folder holding a copy of the bundled sample dataset and the images its rows reference
 * (relative paths, resolved against the dataset's folder).
 */
export function makeSampleWorkspace(root) {
  const ws = path.join(root, 'ws');
  const sampleDir = path.join(REPO, 'media', 'sample');
  const dataset = path.join(ws, 'mmhelix-eval.jsonl');
  fs.mkdirSync(ws, { recursive: true });
  const text = fs.readFileSync(path.join(sampleDir, 'mmhelix-eval.jsonl'), 'utf8');
  fs.writeFileSync(dataset, text);
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    for (const image of JSON.parse(line).images ?? []) {
      const target = path.join(ws, image);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(sampleDir, image), target);
    }
  }
  return { ws, dataset };
}

/** code-server's common arguments: no config file, no auth, loopback, a private profile. */
function serverArgs(tools, { userDataDir, extensionsDir }) {
  return [tools.codeServer, '--config', '/dev/null', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

export function installExtension(tools, profile, vsix) {
  run(tools.node24, [...serverArgs(tools, profile), '--install-extension', vsix], { timeout: 120_000 });
}

/**
 * Starts code-server in its own process group (it spawns the extension host, pty host and file watcher;
 * `stop()` ends the whole group by its id) and waits for /healthz.
 */
export async function startCodeServer(tools, profile, { folder, extraArgs = [], logFile, port: wantedPort }) {
  const port = wantedPort ?? (await freePort());
  const args = [
    ...serverArgs(tools, profile),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extraArgs,
    folder,
  ];
  const out = fs.openSync(logFile, 'w');
  const proc = spawn(tools.node24, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = false;
  proc.on('exit', () => (exited = true));
  const killGroup = (signal) => {
    try {
      process.kill(-proc.pid, signal);
    } catch {
      /* no process left in the group */
    }
  };
  // Last resort if this process dies without running stop() (an uncaught error): end the group synchronously.
  const killOnExit = () => killGroup('SIGKILL');
  process.once('exit', killOnExit);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.pid === undefined) return;
    if (!exited) {
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    // Children that outlived the leader (extension host, pty host, watcher) are still in its group.
    killGroup('SIGKILL');
    process.removeListener('exit', killOnExit);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up; see ${logFile}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${base}/healthz within 30 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, base, proc, stop };
}

export async function launchBrowser(tools) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * Ends the run on SIGINT/SIGTERM and after `ms`: prints `why`, runs `cleanup`, then `onAbort` (which
 * prints the final `N passed, N failed` line), and exits 2 (timeout) or 128+signal. Returns `finish(code)`
 * for the normal end (cleanup, then exit).
 */
export function guardRun(ms, cleanup, onAbort = () => {}) {
  let cleaning;
  const finish = async (code, why) => {
    if (why) console.error(why);
    cleaning ??= cleanup().catch((e) => console.error('cleanup failed:', e));
    await cleaning;
    if (why) onAbort(why);
    process.exit(code);
  };
  const timer = setTimeout(() => void finish(2, `e2e: overall timeout of ${Math.round(ms / 1000)} s reached`), ms);
  timer.unref();
  process.on('SIGINT', () => void finish(130, 'e2e: interrupted'));
  process.on('SIGTERM', () => void finish(143, 'e2e: terminated'));
  return finish;
}
