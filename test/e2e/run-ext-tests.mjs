#!/usr/bin/env node
// Runs the in-host mocha suite (test/e2e/ext-tests/) inside code-server's real extension host, with the
// extension loaded from source (extensionDevelopmentPath = the repo root, so dist/ must be built; it is
// rebuilt here when stale). Route (see /work/shared/spec/vscode-e2e.md §5): the workbench URL's `payload`
// parameter carries extensionDevelopmentPath/extensionTestsPath, honoured by a built workbench only with
// the server flag `--vscode-option enable-smoke-test-driver`; the suite's exit code comes back through
// `window.codeAutomationExit`, its output through `window.codeAutomationLog`.
//
// Prints the suite's lines, then `N passed, N failed`; exits non-zero on failure.
//   HELIX_E2E_KEEP=1        keep the temp profile/workspace (path printed)
//   HELIX_E2E_TIMEOUT_S=240 overall timeout (code-server and the browser are stopped)
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ARTIFACTS, BASE_SETTINGS, REPO, ensureBuilt, guardRun, launchBrowser, log, makeSampleWorkspace, resolveTools,
  seedProfile, startCodeServer, tempDir,
} from './lib.mjs';

const OVERALL_TIMEOUT_MS = Number(process.env.HELIX_E2E_TIMEOUT_S || 240) * 1000;
const SUITE_TIMEOUT_MS = 3 * 60_000;
const PREFIX = '[helix-ext-test] ';

const started = Date.now();
const root = tempDir('helix-ext-tests-');
const keep = process.env.HELIX_E2E_KEEP === '1';
let server;
let browser;
let page;

const finish = guardRun(OVERALL_TIMEOUT_MS, async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (keep) log(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}, (why) => console.log(`${passed} passed, ${Math.max(failed, 1)} failed (${why})`));

let passed = 0;
let failed = 0;
let summarySeen = false;
let exitCode;
try {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(path.join(ARTIFACTS, 'FAIL-ext-tests.png'), { force: true });
  const tools = resolveTools();
  ensureBuilt();
  const profile = seedProfile(root, BASE_SETTINGS);
  const { ws } = makeSampleWorkspace(root);

  server = await startCodeServer(tools, profile, {
    folder: ws,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    logFile: path.join(ARTIFACTS, 'code-server-ext-tests.log'),
  });
  log(`code-server on ${server.base}, temp ${root}`);

  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(REPO)],
    ['extensionTestsPath', remote(path.join(REPO, 'test', 'e2e', 'ext-tests', 'index.js'))],
    ['skipWelcome', 'true'],
  ]);

  browser = await launchBrowser(tools);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  let done;
  const exited = new Promise((resolve) => (done = resolve));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    // The workbench forwards all console output: keep the suite's own lines (and extension-host errors).
    for (const arg of Array.isArray(args) ? args : [args]) {
      const text = typeof arg === 'string' ? arg : JSON.stringify(arg);
      for (const line of text.split('\n')) {
        const at = line.indexOf(PREFIX);
        if (at < 0) continue;
        const content = line.slice(at + PREFIX.length);
        console.log(content);
        const m = /^(\d+) passed, (\d+) failed/.exec(content);
        if (m) {
          passed = Number(m[1]);
          failed = Number(m[2]);
          summarySeen = true;
        }
      }
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);

  const code = await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS)),
  ]);
  if (code === 'timeout') throw new Error(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
  log(`extension host test run exited with ${code}`);
  if (!summarySeen) {
    // The suite never reported (e.g. index.js failed to load): count the run as one failure.
    failed = Math.max(failed, 1);
  }
  exitCode = code === 0 && failed === 0 && passed > 0 ? 0 : 1;
} catch (e) {
  console.error(`run-ext-tests: ${e?.stack ?? e}`);
  if (page) await page.screenshot({ path: path.join(ARTIFACTS, 'FAIL-ext-tests.png') }).catch(() => {});
  if (!summarySeen) failed = Math.max(failed, 1);
  exitCode = 1;
} finally {
  log(`in-host tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
}
await finish(exitCode);
