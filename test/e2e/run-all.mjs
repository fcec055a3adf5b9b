#!/usr/bin/env node
// `npm run test:e2e`: the UI e2e (run-e2e.mjs) and then the in-host suite (run-ext-tests.mjs), serially
// (2 cores: never both at once), both always run. Prints each runner's output, then the combined
// `N passed, N failed`; exits non-zero if either runner failed.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO, ensureBuilt, log, resolveTools } from './lib.mjs';

const tools = resolveTools();
ensureBuilt();
const env = { ...process.env, NODE24: tools.node24, CODE_SERVER: tools.codeServer, CHROMIUM: tools.chromium, HELIX_E2E_BUILT: '1' };

function runner(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(REPO, 'test', 'e2e', file)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      last = (last + chunk.toString()).slice(-2000);
    });
    child.on('close', (code, signal) => {
      const m = /(\d+) passed, (\d+) failed[^\n]*\s*$/.exec(last);
      const seconds = (Date.now() - started) / 1000;
      resolve({ file, code: code ?? signal, passed: m ? Number(m[1]) : 0, failed: m ? Number(m[2]) : 1, seconds });
    });
  });
}

const results = [];
for (const file of ['run-e2e.mjs', 'run-ext-tests.mjs']) results.push(await runner(file));
console.log('');
for (const r of results) log(`${r.file}: ${r.passed} passed, ${r.failed} failed, exit ${r.code}, ${r.seconds.toFixed(1)} s`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) && failed === 0 ? 0 : 1);
