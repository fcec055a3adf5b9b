/**
 * Team curation in the curator webview, in a real headless Chromium (see curator.test.ts for the harness):
 * the list marks conflicts, agreement and rulings; the agreement chips filter; the team line shows every
 * curator's vote; Shift+A / Shift+R / Shift+F and the buttons post `adjudicate`; a lone curator sees none of it.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetMessages, initMessage, rowSpec, sampleDetail, teamMessage } from './curator/fixtures';
import { skipWithoutChromium } from './chromiumPage';
import { openCurator, type CuratorHarness } from './curatorHarness';

const skip = skipWithoutChromium('test/webview/curatorTeam.test.ts');

describe.skipIf(skip)('curator webview: team curation', () => {
  let h: CuratorHarness;
  const row = (ordinal: number) => h.page.locator(`[data-testid="sample-row"][data-ordinal="${ordinal}"]`);

  beforeAll(async () => {
    h = await openCurator();
    await h.load();
    await h.setTheme('dark');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a lone curator sees no team line and no agreement chips', async () => {
    await h.send(initMessage({ curator: 'alice' }), ...datasetMessages(20, 20));
    await h.send({ type: 'team', curators: ['alice'], journals: ['/data/traces.helix-journal.jsonl'], entries: [], decisionAgreement: null, tagAgreement: null });
    await row(0).click();
    await h.send({ type: 'sample', ordinal: 0, detail: sampleDetail(0), error: null, ms: 3 });
    await h.page.getByTestId('decision-bar').waitFor();
    expect(await h.page.getByTestId('team-panel').count()).toBe(0);
    expect(await h.page.getByTestId('filter-team').count()).toBe(0);
  });

  it('marks conflicts, agreement and rulings in the list; the agreement chips filter', async () => {
    await h.send(teamMessage());
    await h.page.getByTestId('filter-team').waitFor();
    expect(await row(1).getAttribute('data-team')).toBe('conflict');
    expect(await row(1).locator('.team-mark').getAttribute('aria-label')).toBe('conflict');
    expect(await row(0).getAttribute('data-team')).toBe('agreed');
    expect(await row(2).getAttribute('data-team')).toBe('adjudicated');
    expect(await row(5).locator('.team-mark').count()).toBe(0);
    expect(await h.page.getByTestId('filter-agreement-conflict').textContent()).toContain('1');
    await h.page.getByTestId('filter-agreement-conflict').click();
    await h.page.waitForFunction(() => document.querySelectorAll('[data-testid="sample-row"]').length === 1);
    expect(await h.page.getByTestId('sample-row').getAttribute('data-ordinal')).toBe('1');
    await h.page.getByTestId('filter-agreement-conflict').click();
    await h.page.waitForFunction(() => document.querySelectorAll('[data-testid="sample-row"]').length > 1);
  });

  it('shows every vote of the selected sample and adjudicates by key and by button', async () => {
    await row(1).click();
    await h.send({ type: 'sample', ordinal: 1, detail: sampleDetail(1), error: null, ms: 3 });
    const panel = h.page.getByTestId('team-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-team')).toBe('conflict');
    const votes = await panel.getByTestId('team-vote').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-curator')}:${e.getAttribute('data-decision')}`));
    expect(votes).toEqual(['alice:accept', 'bob:reject']);
    await h.clearPosted();
    await h.page.locator('body').press('Shift+A');
    await h.page.getByTestId('adjudicate-reject').click();
    await h.page.locator('body').press('Shift+F');
    expect(await h.postedOf('adjudicate')).toEqual([
      { type: 'adjudicate', ordinal: 1, decision: 'accept' },
      { type: 'adjudicate', ordinal: 1, decision: 'reject' },
      { type: 'adjudicate', ordinal: 1, decision: 'flag' },
    ]);
    // Adjudicating is not the curator's own decision: nothing optimistic changes in the list.
    expect(await row(1).getAttribute('data-decision')).toBe('');
  });

  it('shows who ruled, and offers to withdraw the ruling', async () => {
    await row(2).click();
    await h.send({ type: 'sample', ordinal: 2, detail: sampleDetail(2), error: null, ms: 3 });
    const panel = h.page.getByTestId('team-panel');
    await h.page.waitForFunction(() => document.querySelector('[data-testid="team-panel"]')?.getAttribute('data-team') === 'adjudicated');
    expect(await panel.textContent()).toContain('accepted by bob');
    await h.clearPosted();
    await h.page.getByTestId('adjudicate-clear').click();
    expect(await h.postedOf('adjudicate')).toEqual([{ type: 'adjudicate', ordinal: 2, decision: 'clear' }]);
  });

  it('Shift+E asks the host to export; with a filter on, the list\'s samples come along as a scope', async () => {
    await h.clearPosted();
    await h.page.locator('body').press('Shift+E');
    expect(await h.postedOf('command')).toEqual([{ type: 'command', command: 'export' }]);
    await h.page.getByTestId('filter-agreement-agreed').click();
    await h.page.waitForFunction(() => document.querySelectorAll('[data-testid="sample-row"]').length === 1);
    await h.clearPosted();
    await h.page.locator('body').press('Shift+E');
    expect(await h.postedOf('command')).toEqual([{ type: 'command', command: 'export', scope: { label: "The 1 sample in the curator's list", ids: [rowSpec(0).id] } }]);
  });

  it('i shows the dataset insight beside the list; a table row filters the list; Escape goes back', async () => {
    await h.page.locator('body').press('Escape');
    await h.page.locator('body').press('i');
    const pane = h.page.getByTestId('insight-pane');
    await pane.waitFor();
    expect(await h.page.getByTestId('insight-toggle').getAttribute('aria-pressed')).toBe('true');
    await h.page.getByTestId('chart-pass-task').waitFor();
    await h.page.screenshot({ path: path.join(os.tmpdir(), 'curator-insight.png') });
    // 20 rows: the headline counts them all.
    expect(await pane.locator('.insight-headline').textContent()).toContain('20');
    const toggle = h.page.getByTestId('toggle-pass-difficulty');
    await toggle.focus();
    await h.page.keyboard.press('Enter');
    const table = h.page.getByTestId('table-pass-difficulty');
    await table.waitFor();
    await table.locator('tbody tr[data-row="2"]').focus();
    await h.page.keyboard.press('Enter');
    // Difficulty 2: rows 1, 5, 9, 13, 17 (every fourth from 1).
    await h.page.waitForFunction(() => document.querySelectorAll('[data-testid="sample-row"]').length === 5);
    const ordinals = await h.page.getByTestId('sample-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ordinal'))));
    expect(ordinals).toEqual([1, 5, 9, 13, 17]);
    expect(await h.page.locator('[data-testid="sample-row"][aria-selected="true"]').getAttribute('data-ordinal')).toBe('1');
    await h.page.locator('body').press('Escape');
    await pane.waitFor({ state: 'detached' });
    await h.page.getByTestId('decision-bar').waitFor();
  });
});
