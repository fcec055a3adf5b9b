// `npm run demo`: Helix Curator in a real VS Code, in the browser.
//
// Installs (once, outside the repo: scripts/setup-vscode-e2e.sh) code-server and Node 24 from npm,
// packages the extension (.vsix) from dist/, installs it into a private profile, and starts code-server on
// 127.0.0.1 with a workspace holding the bundled sample dataset (media/sample: 42 MM-HELIX evaluation
// rows with their puzzle images, and 60 reflective traces). The printed URL opens VS Code with
// mmhelix-eval.jsonl open in the curator. Decisions go to the workspace's journal and survive restarts.
// Ctrl-C stops the server.
//
// Options: --port N (default: a free port), --workspace DIR (default ~/.cache/helix-curator-demo/workspace),
// --smoke (open the URL in headless Chromium, wait until the curator shows its samples, save a screenshot,
// stop: a self-check, used by the README's troubleshooting note).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BASE_SETTINGS, REPO, ensureBuilt, freePort, installExtension, launchBrowser, log, resolveTools, run, seedProfile, startCodeServer,
} from '../test/e2e/lib.mjs';

const { values } = parseArgs({ options: { port: { type: 'string' }, workspace: { type: 'string' }, smoke: { type: 'boolean' } } });
const home = path.join(os.homedir(), '.cache', 'helix-curator-demo');
const ws = path.resolve(values.workspace ?? path.join(home, 'workspace'));

/** The sample files and every image they reference, copied once (an existing workspace keeps its journal). */
function makeWorkspace() {
  const sampleDir = path.join(REPO, 'media', 'sample');
  fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  for (const name of ['mmhelix-eval.jsonl', 'traces.jsonl']) {
    const text = fs.readFileSync(path.join(sampleDir, name), 'utf8');
    const target = path.join(ws, name);
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line);
      for (const image of Array.isArray(row.images) ? row.images : []) {
        if (typeof image !== 'string') continue;
        const from = path.join(sampleDir, image);
        const to = path.join(ws, image);
        if (!fs.existsSync(to) && fs.existsSync(from)) {
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.copyFileSync(from, to);
        }
      }
    }
  }
  // Dataset files open in the curator by default in this workspace (elsewhere it is "Open With...").
  fs.writeFileSync(
    path.join(ws, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.editorAssociations': { '*.jsonl': 'helixCurator.curator' } }, null, 2) + '\n',
  );
}

async function main() {
  log('checking code-server and Node 24 (the first run installs them from npm: a few minutes)…');
  const tools = resolveTools();
  ensureBuilt();
  fs.mkdirSync(home, { recursive: true });
  const vsix = path.join(home, 'helix-curator.vsix');
  log('packaging the extension…');
  run(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--no-dependencies', '-o', vsix], { cwd: REPO });
  const profileRoot = path.join(home, 'profile');
  fs.rmSync(profileRoot, { recursive: true, force: true });
  const { 'helixCurator.curator.name': _e2e, ...settings } = BASE_SETTINGS;
  void _e2e;
  const profile = seedProfile(profileRoot, { ...settings, 'workbench.colorTheme': 'Default Dark Modern' });
  installExtension(tools, profile, vsix);
  makeWorkspace();

  const port = values.port !== undefined ? Number(values.port) : await freePort();
  const server = await startCodeServer(tools, profile, { folder: ws, port, logFile: path.join(home, 'code-server.log') });
  const base = `http://127.0.0.1:${server.port}`;
  const dataset = path.join(ws, 'mmhelix-eval.jsonl');
  const payload = JSON.stringify([['openFile', `vscode-remote://127.0.0.1:${server.port}${dataset}`]]);
  const url = `${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`;
  const stop = async () => {
    await server.stop();
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(143)));

  if (values.smoke) {
    const browser = await launchBrowser(tools);
    try {
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      const t0 = Date.now();
      await page.goto(url);
      const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await webview
        .locator('[data-testid="sample-row"]')
        .first()
        .waitFor({ timeout: 120_000 })
        .catch(async (e) => {
          await page.screenshot({ path: path.join(home, 'demo-smoke-failed.png') });
          throw new Error(`the curator did not show the sample dataset (screenshot ${path.join(home, 'demo-smoke-failed.png')}): ${e.message}`);
        });
      await webview.locator('[data-testid="trace-pane"]').waitFor({ timeout: 60_000 });
      const rows = await webview.locator('[data-testid="sample-row"]').count();
      const shot = path.join(home, 'demo-smoke.png');
      await page.waitForTimeout(1500);
      await page.screenshot({ path: shot });
      log(`smoke: the curator shows ${rows} rows (virtualised) ${((Date.now() - t0) / 1000).toFixed(1)} s after loading the page; screenshot ${shot}`);
    } finally {
      await browser.close();
      await stop();
    }
    return;
  }

  console.log('');
  console.log('Helix Curator is running in VS Code (code-server). Open this URL in a browser:');
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`Workspace: ${ws} (the journal mmhelix-eval.helix-journal.jsonl is written there)`);
  console.log('Keys in the curator: j/k move, a accept, r reject, f flag, u undo, ? all keys. Ctrl-C stops the server.');
  await new Promise(() => {});
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
