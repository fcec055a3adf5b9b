#!/usr/bin/env node
// UI end-to-end test of Helix Curator in a real VS Code (code-server 4.139.1), driven by playwright-core
// against Debian's chromium. See /work/shared/spec/vscode-e2e.md for the recipe and its timings.
//
//   node test/e2e/run-e2e.mjs            package the .vsix from dist/ (building first if dist/ is stale)
//   HELIX_E2E_VSIX=x.vsix node ...       install that .vsix instead
//   HELIX_E2E_KEEP=1 node ...            keep the temp profile/workspace (path printed) for debugging
//   HELIX_E2E_TIMEOUT_S=360              overall timeout (code-server and the browser are stopped)
//
// Installs the .vsix into a fresh profile, opens a temp workspace holding a copy of the bundled sample
// dataset, runs the flows below, and prints `N passed, N failed` last (exit 1 when anything failed).
// Screenshots go to test/e2e/.artifacts/ (on failure, plus a few of a passing run in light and dark).
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ARTIFACTS, BASE_SETTINGS, REPO, ensureBuilt, guardRun, installExtension, launchBrowser, log, makeSampleWorkspace,
  run, seedProfile, startCodeServer, tempDir, resolveTools,
} from './lib.mjs';

const OVERALL_TIMEOUT_MS = Number(process.env.HELIX_E2E_TIMEOUT_S || 360) * 1000;
const DATASET_NAME = 'mmhelix-eval.jsonl';
const JOURNAL_NAME = 'mmhelix-eval.helix-journal.jsonl';
const LIGHT = 'Default Light Modern';
const DARK = 'Default Dark Modern';

const started = Date.now();
const results = [];
let server;
let browser;
const root = tempDir('helix-e2e-');
const keep = process.env.HELIX_E2E_KEEP === '1';

const finish = guardRun(OVERALL_TIMEOUT_MS, async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (keep) log(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}, (why) => {
  const passed = results.filter((r) => r.ok).length;
  console.log(`${passed} passed, ${results.length - passed + 1} failed (${why})`);
});

// --- tiny test registry: named steps, each may depend on earlier ones --------------------------------

const failedOrSkipped = new Set();
/** @type {import('playwright-core').Page} */
let page;

async function step(name, fn, { needs = [] } = {}) {
  const missing = needs.filter((n) => failedOrSkipped.has(n));
  if (missing.length) {
    failedOrSkipped.add(name);
    results.push({ name, ok: false, skipped: true });
    log(`SKIP ${name} (needs: ${missing.join(', ')})`);
    return false;
  }
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`PASS ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    failedOrSkipped.add(name);
    results.push({ name, ok: false, error: e });
    log(`FAIL ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)\n    ${String(e?.stack ?? e).split('\n').slice(0, 8).join('\n    ')}`);
    await shot(`FAIL-${name}`);
    return false;
  }
}

async function shot(name) {
  if (!page) return;
  const file = path.join(ARTIFACTS, `${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 90)}.png`);
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    log(`screenshot ${path.relative(REPO, file)}`);
  } catch (e) {
    log(`screenshot ${name} failed: ${e.message}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function until(what, fn, timeoutMs = 15_000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// --- workbench helpers --------------------------------------------------------------------------------

/**
 * Runs a command from the palette. Retries: the palette snapshots the command list when it opens, and the
 * remote extension host (hence our commands) comes up several seconds after the workbench renders.
 */
let extensionHostUp = false;
async function runCommand(title, timeoutMs = extensionHostUp ? 15_000 : 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    // The row whose label is exactly `title` (aria-label: "<title>, <keybinding>"), not merely the first match.
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator(`xpath=self::*[@aria-label=${xpathString(title)} or starts-with(@aria-label, ${xpathString(title + ',')})]`) }).first();
    try {
      // F1 can be swallowed while focus moves (an editor closing, a webview going away): retry, do not hang.
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill('>' + title);
      await row.waitFor({ timeout: 2_000 });
      await row.click();
      if (title.startsWith('Helix:')) extensionHostUp = true;
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`command "${title}" not found in the palette: ${e.message}`, { cause: e });
    }
    await page.keyboard.press('Escape');
    await refocusWorkbench();
    await page.waitForTimeout(1_000);
  }
}

/** Moves keyboard focus out of whatever holds it (a webview iframe, a closing widget) back to the workbench. */
async function refocusWorkbench() {
  // A click on the side bar's title (harmless) takes the focus out of a webview's iframe, which keeps
  // key presses such as F1 to itself; blur() from the outer page does not reach into the frame.
  const title = page.locator('.part.sidebar .composite.title').first();
  if (await title.isVisible().catch(() => false)) {
    await title.click({ position: { x: 5, y: 5 }, timeout: 2_000 }).catch(() => {});
    return;
  }
  await page.evaluate(() => {
    const el = document.activeElement;
    if (el && el !== document.body && typeof el.blur === 'function') el.blur();
  }).catch(() => {});
}

function xpathString(s) {
  return s.includes("'") ? `concat('${s.split("'").join(`', "'", '`)}')` : `'${s}'`;
}

/** Quick Open (Ctrl+P) a workspace file by name and open it (as text), with the same retry. */
async function quickOpen(fileName, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName });
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(fileName);
      await row.waitFor({ timeout: 3_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 15_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`quick open "${fileName}" failed: ${e.message}`, { cause: e });
    }
    await page.keyboard.press('Escape');
    await refocusWorkbench();
    await page.waitForTimeout(1_000);
  }
}

/**
 * The webview frame (the extension's document: `#active-frame` inside `iframe.webview`) that contains
 * `selector`. Several webviews may exist (stats panel, curator), so look through all frames.
 */
async function webviewFrame(selector, timeoutMs = 45_000) {
  return until(`a webview containing ${selector}`, async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    return undefined;
  }, timeoutMs, 300);
}

async function closeAllEditors() {
  await runCommand('View: Close All Editors', 20_000);
  await until('no open editor tabs', async () => (await page.locator('.tabs-container .tab').count()) === 0, 10_000);
}

/**
 * Switches between the light and dark theme with "Preferences: Toggle between Light/Dark Themes" (the
 * profile names LIGHT and DARK as the preferred light/dark themes). Offline, neither a rewritten
 * settings.json (not picked up once the workbench runs) nor the theme picker (lists only the marketplace
 * entry) works. Waits for the workbench to repaint, then a little for webviews to re-apply the CSS variables.
 */
async function setTheme(theme) {
  const themeClass = theme === DARK ? 'vscode-theme-defaults-themes-dark_modern-json' : 'vscode-theme-defaults-themes-light_modern-json';
  const isOn = () => page.evaluate((cls) => !!document.querySelector('.monaco-workbench')?.classList.contains(cls), themeClass);
  if (await isOn()) return;
  await runCommand('Preferences: Toggle between Light/Dark Themes', 20_000);
  await page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls), themeClass, { timeout: 15_000 });
  await page.waitForTimeout(1_000);
}

function readJournal(ws) {
  const file = path.join(ws, JOURNAL_NAME);
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

// --- the run ------------------------------------------------------------------------------------------

let profile;
let exitCode;
try {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // This runner's screenshots from an earlier run would be misleading.
  for (const f of fs.readdirSync(ARTIFACTS)) if (/^(FAIL-(?!ext-tests)|stats-|curator-).*\.png$/.test(f)) fs.rmSync(path.join(ARTIFACTS, f));
  const tools = resolveTools();
  log(`node24 ${tools.node24}\n    code-server ${tools.codeServer}\n    chromium ${tools.chromium}\n    temp ${root}`);

  let vsix = process.env.HELIX_E2E_VSIX;
  if (vsix) {
    vsix = path.resolve(vsix);
  } else {
    ensureBuilt();
    vsix = path.join(root, 'helix-curator.vsix');
    const t = Date.now();
    run(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--no-dependencies', '-o', vsix], { cwd: REPO });
    log(`packaged ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1e6).toFixed(2)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  profile = seedProfile(root, {
    ...BASE_SETTINGS,
    'workbench.colorTheme': LIGHT,
    'workbench.preferredLightColorTheme': LIGHT,
    'workbench.preferredDarkColorTheme': DARK,
  });
  installExtension(tools, profile, vsix);
  const installed = fs.readdirSync(profile.extensionsDir).filter((d) => d.startsWith('helix-curator.'));
  assert(installed.length === 1, `expected one helix-curator extension in ${profile.extensionsDir}, found ${installed.join(', ') || 'none'}`);
  log(`installed ${installed[0]}`);

  const { ws } = makeSampleWorkspace(root);
  const datasetLines = fs.readFileSync(path.join(ws, DATASET_NAME), 'utf8').split('\n').filter((l) => l.trim());
  const firstId = JSON.parse(datasetLines[0]).id;

  server = await startCodeServer(tools, profile, { folder: ws, logFile: path.join(ARTIFACTS, 'code-server-e2e.log') });
  log(`code-server on ${server.base}`);
  browser = await launchBrowser(tools);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);

  await step('workbench loads', async () => {
    await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor();
  });

  // Statistics panel (exists today): palette -> webview -> DOM.
  await step('stats: "Helix: Show Dataset Statistics" on the active dataset renders its summary', async () => {
    await quickOpen(DATASET_NAME);
    await runCommand('Helix: Show Dataset Statistics');
    const frame = await webviewFrame('main.stats');
    const title = frame.locator('main.stats h1');
    await title.waitFor();
    assert((await title.textContent()).includes(DATASET_NAME), `stats title is "${await title.textContent()}"`);
    const samples = frame.locator('dl.summary dt', { hasText: /^Samples$/ }).locator('xpath=following-sibling::dd[1]');
    await until(`Samples = ${datasetLines.length}`, async () => (await samples.textContent()).trim() === String(datasetLines.length));
    const taskTable = frame.locator('table');
    assert((await taskTable.count()) > 0, 'no task/difficulty table in the stats view');
    await shot('stats-light');
    await setTheme(DARK);
    await shot('stats-dark');
  }, { needs: ['workbench loads'] });

  // The curator (custom editor `helixCurator.curator`), per its contract.
  let rowIds = [];
  let frame;
  const rows = () => frame.locator('[data-testid="sample-row"]');
  const rowAt = (i) => rows().nth(i);
  const waitDecision = (i, want) =>
    until(`row ${i} data-decision="${want}"`, async () => ((await rowAt(i).getAttribute('data-decision')) ?? '') === want, 10_000);
  const waitSelected = (i) =>
    until(`row ${i} selected`, async () => (await rowAt(i).getAttribute('aria-selected')) === 'true', 10_000);

  // Screenshots only: give the webview's images (the puzzle) a moment to load; never fails.
  const imagesSettled = () =>
    frame.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 5_000 }).catch(() => {});

  const openCurator = async () => {
    await closeAllEditors();
    await quickOpen(DATASET_NAME);
    await runCommand('Helix: Open Dataset...');
    frame = await webviewFrame('[data-testid="curator"]');
    await rows().first().waitFor({ timeout: 30_000 });
  };

  await step('curator: "Helix: Open Dataset..." opens the curator on the active dataset', async () => {
    await openCurator();
    await frame.locator('[data-testid="trace-pane"]').waitFor({ timeout: 15_000 });
    const ordinal0 = frame.locator('[data-testid="sample-row"][data-ordinal="0"]');
    await ordinal0.waitFor();
    assert((await ordinal0.getAttribute('data-sample-id')) === firstId, `row with data-ordinal 0 has sample id ${await ordinal0.getAttribute('data-sample-id')}, expected ${firstId}`);
    const n = await rows().count();
    assert(n >= 4, `only ${n} sample rows rendered`);
    rowIds = [];
    for (let i = 0; i < 4; i++) rowIds.push(await rowAt(i).getAttribute('data-sample-id'));
    assert(rowIds.every((id) => id), `rows without data-sample-id: ${JSON.stringify(rowIds)}`);
    for (let i = 0; i < 3; i++) {
      const d = (await rowAt(i).getAttribute('data-decision')) ?? '';
      assert(d === '', `row ${i} already has decision "${d}" on a fresh dataset`);
    }
  }, { needs: ['workbench loads'] });

  await step('curator: j/k and the arrow keys move the selection', async () => {
    await rowAt(0).click();
    await waitSelected(0);
    await page.keyboard.press('j');
    await waitSelected(1);
    await page.keyboard.press('ArrowDown');
    await waitSelected(2);
    await page.keyboard.press('k');
    await waitSelected(1);
    await page.keyboard.press('ArrowUp');
    await waitSelected(0);
  }, { needs: ['curator: "Helix: Open Dataset..." opens the curator on the active dataset'] });

  const decided = 'curator: a, a, r decide the first three samples, auto-advance, and append three journal lines';
  await step(decided, async () => {
    await rowAt(0).click();
    await waitSelected(0);
    await page.keyboard.press('a');
    await waitDecision(0, 'accept');
    await waitSelected(1);
    await page.keyboard.press('a');
    await waitDecision(1, 'accept');
    await waitSelected(2);
    await page.keyboard.press('r');
    await waitDecision(2, 'reject');
    await waitSelected(3);
    const lines = await until('three journal lines', async () => {
      const l = readJournal(ws);
      return l.length >= 3 ? l : undefined;
    }, 10_000);
    assert(lines.length === 3, `journal has ${lines.length} lines, expected 3`);
    const want = [['accept', rowIds[0]], ['accept', rowIds[1]], ['reject', rowIds[2]]];
    lines.forEach((line, i) => {
      const [decision, sampleId] = want[i];
      const where = `journal line ${i + 1} ${JSON.stringify(line)}`;
      assert(line.v === 1, `${where}: v`);
      assert(typeof line.ts === 'string' && !Number.isNaN(Date.parse(line.ts)) && /^\d{4}-\d\d-\d\dT/.test(line.ts), `${where}: ts`);
      assert(line.curator === 'e2e-bot', `${where}: curator`);
      assert(line.sampleId === sampleId, `${where}: sampleId, expected ${sampleId}`);
      assert(typeof line.contentHash === 'string' && /^[0-9a-f]+$/.test(line.contentHash), `${where}: contentHash`);
      assert(line.decision === decision, `${where}: decision, expected ${decision}`);
    });
  }, { needs: ['curator: "Helix: Open Dataset..." opens the curator on the active dataset'] });

  await step('curator: a status bar item shows the decision counts', async () => {
    let statusText = '';
    const items = page.locator('.part.statusbar .statusbar-item');
    await until('a status bar item with 2 accepted and 1 rejected', async () => {
      const n = await items.count();
      for (let i = 0; i < n; i++) {
        const item = items.nth(i);
        const text = `${(await item.textContent()) ?? ''} ${(await item.getAttribute('aria-label')) ?? ''} ${(await item.locator('[aria-label]').first().getAttribute('aria-label').catch(() => '')) ?? ''}`;
        if (!/accept|reject|flag|decid|curat/i.test(text)) continue;
        const accepted = /(\d+)\s*accepted/i.exec(text);
        const rejected = /(\d+)\s*rejected/i.exec(text);
        // "2 accepted · 1 rejected · …" when the item spells it out, else loosely: mentions 2 and 1.
        if (accepted && rejected ? accepted[1] === '2' && rejected[1] === '1' : text.includes('2') && text.includes('1')) {
          statusText = text.trim();
          return true;
        }
      }
      return false;
    }, 10_000);
    log(`status bar: ${statusText.replace(/\s+/g, ' ')}`);
  }, { needs: [decided] });

  await step('curator: u undoes the last decision, Shift+U redoes it', async () => {
    await page.keyboard.press('u');
    await waitDecision(2, '');
    await page.keyboard.press('Shift+U');
    await waitDecision(2, 'reject');
  }, { needs: [decided] });

  await step('curator: ? shows the help overlay', async () => {
    await page.keyboard.press('?');
    await frame.locator('[data-testid="help-overlay"]').waitFor({ state: 'visible', timeout: 5_000 });
    await shot('curator-help');
    await page.keyboard.press('Escape');
    if (await frame.locator('[data-testid="help-overlay"]').isVisible()) await page.keyboard.press('?');
  }, { needs: ['curator: "Helix: Open Dataset..." opens the curator on the active dataset'] });

  await step('curator: decisions survive closing and reopening the editor', async () => {
    await openCurator();
    await waitDecision(0, 'accept');
    await waitDecision(1, 'accept');
    await waitDecision(2, 'reject');
    await waitDecision(3, '');
    assert((await rowAt(0).getAttribute('data-sample-id')) === rowIds[0], 'row 0 is another sample after reopening');
    await imagesSettled();
    await shot('curator-dark');
    await setTheme(LIGHT);
    await imagesSettled();
    await shot('curator-light');
  }, { needs: [decided] });

  // Dataset insight (issue 6): the plots beside the list in the real curator; a data-table row filters the list.
  await step('insight: i shows the plots in the curator; a table row filters the sample list', async () => {
    await frame.locator('[data-testid="sample-row"]').first().click();
    await page.keyboard.press('i');
    await frame.locator('[data-testid="insight-pane"]').waitFor({ timeout: 10_000 });
    await frame.locator('[data-testid="chart-pass-task"] canvas, canvas[role="img"]').first().waitFor({ timeout: 10_000 });
    const headline = await frame.locator('.insight-headline').textContent();
    assert(headline?.includes(String(datasetLines.length)), `the insight headline does not count the ${datasetLines.length} samples: ${headline}`);
    await imagesSettled();
    await shot('insight-light');
    await setTheme(DARK);
    await shot('insight-dark');
    const toggle = frame.getByTestId('toggle-pass-difficulty');
    await toggle.click();
    const firstRow = frame.getByTestId('table-pass-difficulty').locator('tbody tr').first();
    const difficulty = await firstRow.getAttribute('data-row');
    await firstRow.click();
    const want = datasetLines.map((l) => JSON.parse(l)).filter((r) => String(r.difficulty) === difficulty).length;
    await until(`the list filtered to difficulty ${difficulty} (${want} samples)`, async () => (await rows().count()) === want, 10_000);
    await page.keyboard.press('Escape');
    await frame.locator('[data-testid="insight-pane"]').waitFor({ state: 'detached', timeout: 10_000 });
    await refocusWorkbench();
  }, { needs: [decided] });

  // Export (issue 6): the palette command on the open curator, through its quick picks, the (simple) save
  // dialog and the pre-export modal, to a ShareGPT file on disk with its images and dataset_info.json.
  await step('export: "Helix: Export Accepted Samples..." writes the accepted samples as ShareGPT', async () => {
    const out = path.join(ws, 'accepted-sft.jsonl');
    const latest = readJournal(ws).reduce((m, l) => m.set(l.sampleId, l.decision), new Map());
    const accepted = new Set([...latest].filter(([, d]) => d === 'accept').map(([id]) => id));
    assert(accepted.size === 2, `expected 2 accepted samples in the journal, found ${accepted.size}`);
    await runCommand('Helix: Export Accepted Samples...');
    const input = page.locator('.quick-input-widget input');
    const pick = async (titlePart, text) => {
      await page.locator('.quick-input-widget .quick-input-title', { hasText: titlePart }).waitFor({ timeout: 15_000 });
      if (text) await input.fill(text);
      await page.keyboard.press('Enter');
    };
    await pick('format', 'ShareGPT');
    await pick('options');
    await pick('images', 'Copy');
    // VS Code in the browser asks with its simple file dialog: a quick input holding the path.
    await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value.includes('mmhelix-eval-sft.jsonl'), undefined, { timeout: 15_000 });
    await input.fill(out);
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.textContent();
    assert(/Export 2 samples/.test(text ?? ''), `the pre-export modal says: ${text}`);
    await shot('export-modal');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await until('the export on disk', () => fs.existsSync(out) && fs.existsSync(`${out}.report.json`), 60_000);
    const rows = fs.readFileSync(out, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    assert(rows.length === 2, `expected 2 exported rows, got ${rows.length}`);
    for (const r of rows) {
      assert(Array.isArray(r.messages) && r.messages.at(-1).role === 'assistant', `row without an assistant turn: ${JSON.stringify(r).slice(0, 200)}`);
      const tokens = r.messages.map((m) => m.content.split('<image>').length - 1).reduce((a, b) => a + b, 0);
      assert(tokens === r.images.length, `${tokens} <image> tokens for ${r.images.length} images`);
      for (const img of r.images) assert(fs.existsSync(path.join(path.dirname(out), img)), `missing exported image ${img}`);
    }
    const info = JSON.parse(fs.readFileSync(path.join(path.dirname(out), 'dataset_info.json'), 'utf8'));
    assert(info['accepted-sft']?.formatting === 'sharegpt', `dataset_info.json: ${JSON.stringify(info)}`);
    await page.locator('.notifications-toasts', { hasText: 'Exported 2 samples' }).waitFor({ timeout: 15_000 });
  }, { needs: [decided] });
} catch (e) {
  results.push({ name: 'harness', ok: false, error: e });
  log(`FAIL harness\n    ${String(e?.stack ?? e).split('\n').slice(0, 12).join('\n    ')}`);
  await shot('FAIL-harness');
} finally {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (failed) {
    console.log('\nFailed:');
    for (const r of results.filter((x) => !x.ok)) console.log(`  - ${r.name}${r.skipped ? ' (skipped: an earlier step it needs failed)' : `: ${String(r.error?.message ?? r.error).split('\n')[0]}`}`);
  }
  log(`UI e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
await finish(exitCode);
