/**
 * Every pre-export check: a dataset that trips it, the finding (code, sample id, line), and what the policy
 * does with the sample (excluded, or exported with a warning). Each test fails when its check is removed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExport, CHECK_CODES, ExportReport, POLICY, type ExportOptionsInput, type Finding } from '../../../src/core/export';
import { sampleFacts } from '../../../src/core/facts';
import { defaultCueSet } from '../../../src/core/trace/cues';
import { loadAll, sftRow, tempDir, writeJournal, writeJsonl, type Decision } from './fixture';

const root = tempDir();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;

interface Checked {
  report: ExportReport;
  /** Ids the plan would write, in order. */
  ids: string[];
  find(code: Finding['code']): Finding[];
}

async function check(rows: (dir: string) => object[], decisions: (ids: string[]) => Decision[], opts: Partial<ExportOptionsInput> = {}, extraJournal?: (file: string) => void): Promise<Checked> {
  const dir = path.join(root, `case-${++n}`);
  const dataset = writeJsonl(path.join(dir, 'data.jsonl'), rows(dir));
  const ids = (await loadAll(dataset, true)).map((s) => s.id);
  const journal = await writeJournal(path.join(dir, 'data.helix-journal.jsonl'), dataset, decisions(ids));
  extraJournal?.(journal);
  const plan = await checkExport({ dataset, journals: [journal], format: 'sharegpt', output: path.join(dir, 'out', 'x.jsonl'), verify: false, ...opts });
  await plan.dispose();
  ExportReport.parse(plan.report);
  return { report: plan.report, ids: plan.items.map((i) => i.entry.id), find: (code) => plan.report.findings.filter((f) => f.code === code) };
}

const acceptAll = (ids: string[]): Decision[] => ids.map((id) => ({ id, decision: 'accept' }));

describe('pre-export checks', () => {
  it('unreadable-row: a row of the wrong shape is named by id and line and excluded', async () => {
    const c = await check((d) => [sftRow(d, 'ok'), { id: 'bad', messages: 5 }], () => [{ id: 'ok', decision: 'accept' }, { id: 'bad', decision: 'accept', hash: 'stale' }]);
    expect(c.find('unreadable-row')).toEqual([expect.objectContaining({ id: 'bad', line: 2, row: 2, severity: 'error' })]);
    expect(c.ids).toEqual(['ok']);
  });

  it('no-response: a row without an assistant turn or response', async () => {
    const c = await check((d) => [sftRow(d, 'ok'), { id: 'q', category: 'maze', messages: [{ role: 'user', content: 'hi' }] }], acceptAll);
    expect(c.find('no-response').map((f) => f.id)).toEqual(['q']);
    expect(c.ids).toEqual(['ok']);
  });

  it('bad-turns: turns that do not alternate', async () => {
    const row = { id: 'tt', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'assistant', content: 'c' }] };
    const c = await check((d) => [sftRow(d, 'ok'), row], acceptAll);
    expect(c.find('bad-turns')).toEqual([expect.objectContaining({ id: 'tt', line: 2 })]);
    expect(c.ids).toEqual(['ok']);
  });

  it('image-token-mismatch blocks; no token at all is repaired (image-tokens-inserted, info)', async () => {
    const c = await check((d) => [sftRow(d, 'two-tokens', { images: 1, tokens: 2 }), sftRow(d, 'no-token', { images: 2, tokens: 0 })], acceptAll);
    expect(c.find('image-token-mismatch')).toEqual([expect.objectContaining({ id: 'two-tokens', line: 1, message: '2 <image> tokens in the messages but 1 image' })]);
    expect(c.find('image-tokens-inserted')).toEqual([expect.objectContaining({ id: 'no-token', severity: 'info' })]);
    expect(c.ids).toEqual(['no-token']);
  });

  it('missing-image: a missing file, a file that is not an image, a link out of the folder, a refused path, an oversized image, a cut-off header', async () => {
    const c = await check(
      (d) => {
        const gone = sftRow(d, 'gone');
        const junk = sftRow(d, 'junk');
        const link = sftRow(d, 'link');
        fs.rmSync(path.join(d, (gone['images'] as string[])[0]!));
        fs.writeFileSync(path.join(d, (junk['images'] as string[])[0]!), 'not a png at all');
        const outside = path.join(root, `outside-${n}.png`);
        fs.renameSync(path.join(d, (link['images'] as string[])[0]!), outside);
        fs.symlinkSync(outside, path.join(d, (link['images'] as string[])[0]!));
        // A PNG header that claims 20,000 x 20,000 pixels (a decompression bomb) and a PNG cut off in its header.
        const huge = sftRow(d, 'huge');
        const hugePath = path.join(d, (huge['images'] as string[])[0]!);
        const bomb = fs.readFileSync(hugePath);
        bomb.writeUInt32BE(20000, 16);
        bomb.writeUInt32BE(20000, 20);
        fs.writeFileSync(hugePath, bomb);
        const cut = sftRow(d, 'cut');
        const cutPath = path.join(d, (cut['images'] as string[])[0]!);
        fs.writeFileSync(cutPath, fs.readFileSync(cutPath).subarray(0, 12));
        return [sftRow(d, 'ok'), gone, junk, link, { ...sftRow(d, 'abs'), images: ['/etc/hostname'] }, huge, cut];
      },
      acceptAll,
    );
    const f = c.find('missing-image');
    expect(f.map((x) => x.id)).toEqual(['gone', 'junk', 'link', 'abs', 'huge', 'cut']);
    expect(f[0]!.message).toMatch(/images\[0\]: image not found/);
    expect(f[1]!.message).toMatch(/image is not a PNG, JPEG, GIF, WebP or BMP file: .*\(starts with "not a png at all"\)/);
    expect(f[2]!.message).toMatch(/leads out of the dataset's folder through a link/);
    expect(f[3]!.message).toMatch(/absolute image path refused/);
    expect(f[4]!.message).toMatch(/image is 20000 x 20000 pixels \(400 megapixels\), over the 64-megapixel limit: /);
    expect(f[5]!.message).toMatch(/image is cut off: its PNG header needs 24 bytes, the data has 12: /);
    expect(c.ids).toEqual(['ok']);
  });

  it('duplicate-id and duplicate-response warn and keep every copy', async () => {
    const c = await check(
      (d) => [sftRow(d, 'dup', { seed: 1 }), sftRow(d, 'dup', { seed: 1 }), sftRow(d, 'a', { response: 'same answer' }), sftRow(d, 'b', { response: 'same answer' })],
      (ids) => [...new Set(ids)].map((id) => ({ id, decision: 'accept' as const })),
    );
    expect(c.find('duplicate-id')).toEqual([expect.objectContaining({ id: 'dup', line: 2, severity: 'warning', message: 'the id "dup" is also at line 1' })]);
    expect(c.find('duplicate-response').map((f) => [f.id, f.message])).toEqual([
      ['dup', 'the same response as "dup" (line 1)'],
      ['b', 'the same response as "a" (line 3)'],
    ]);
    expect(c.ids).toEqual(['dup', 'dup', 'a', 'b']);
  });

  it('stale-decision blocks unless --allow-stale', async () => {
    const rows = (d: string) => [sftRow(d, 'fresh'), sftRow(d, 'old')];
    const decisions = () => [{ id: 'fresh', decision: 'accept' as const }, { id: 'old', decision: 'accept' as const, hash: 'stale' as const, curator: 'kim' }];
    const c = await check(rows, decisions);
    expect(c.find('stale-decision')).toEqual([expect.objectContaining({ id: 'old', severity: 'error' })]);
    expect(c.find('stale-decision')[0]!.message).toMatch(/kim .* was taken on other content/);
    expect(c.ids).toEqual(['fresh']);
    const allowed = await check(rows, decisions, { allowStale: true });
    expect(allowed.find('stale-decision')[0]!.severity).toBe('warning');
    expect(allowed.ids).toEqual(['fresh', 'old']);
  });

  it('verdict-fail and verdict-lenient warn on accepted samples the verifier does not fully pass', async () => {
    // Evaluation rows from the MM-HELIX dev fixtures: pick a failing and a lenient response by their facts.
    const FIX = path.resolve(__dirname, '../../fixtures/mmhelix-dev');
    const instances = new Map(fs.readFileSync(path.join(FIX, 'instances.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => [r['id'] as string, r]));
    const responses = fs.readFileSync(path.join(FIX, 'responses.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { instance_id: string; kind: string; response: string });
    const dir = path.join(root, 'verdicts');
    fs.cpSync(path.join(FIX, 'images'), path.join(dir, 'images'), { recursive: true });
    const all = writeJsonl(path.join(dir, 'all.jsonl'), responses.map((r) => ({ ...instances.get(r.instance_id), id: `${r.instance_id}:${r.kind}`, prediction: r.response })));
    const cues = defaultCueSet();
    const facts = (await loadAll(all)).map((s) => sampleFacts(s, cues));
    const fail = facts.find((f) => f.reference === 'fail')!.id;
    const lenient = facts.find((f) => f.lenient && f.reference === 'pass')!.id;
    const pass = facts.find((f) => f.verdict === 'pass')!.id;
    const wanted = new Set([fail, lenient, pass]);
    const rows = fs.readFileSync(all, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string }).filter((r) => wanted.has(r.id));
    const c = await check((d) => (fs.cpSync(path.join(FIX, 'images'), path.join(d, 'images'), { recursive: true }), rows), acceptAll, { verify: true });
    expect(c.find('verdict-fail').map((f) => f.id)).toEqual([fail]);
    expect(c.find('verdict-lenient').map((f) => f.id)).toEqual([lenient]);
    expect(c.ids.sort()).toEqual([...wanted].sort());
    const unverified = await check((d) => (fs.cpSync(path.join(FIX, 'images'), path.join(d, 'images'), { recursive: true }), rows), acceptAll, { verify: false });
    expect(unverified.find('verdict-fail')).toEqual([]);
  });

  it('conflict: excluded unless --allow-conflicts (then when one curator accepted); adjudication settles it', async () => {
    const rows = (d: string) => [sftRow(d, 'agreed'), sftRow(d, 'split'), sftRow(d, 'ruled'), sftRow(d, 'nobody')];
    const decisions = (): Decision[] => [
      { id: 'agreed', decision: 'accept', curator: 'ann' },
      { id: 'agreed', decision: 'accept', curator: 'bob' },
      { id: 'split', decision: 'accept', curator: 'ann' },
      { id: 'split', decision: 'reject', curator: 'bob' },
      { id: 'ruled', decision: 'reject', curator: 'ann' },
      { id: 'ruled', decision: 'flag', curator: 'bob' },
      { id: 'ruled', decision: 'accept', curator: 'cat', adjudication: true },
      { id: 'nobody', decision: 'reject', curator: 'ann' },
      { id: 'nobody', decision: 'flag', curator: 'bob' },
    ];
    const c = await check(rows, decisions);
    expect(c.find('conflict')).toEqual([expect.objectContaining({ id: 'split', line: 2, severity: 'error', message: 'curators disagree (ann: accept, bob: reject) and nobody adjudicated' })]);
    expect(c.ids).toEqual(['agreed', 'ruled']);
    expect(c.report.counts.conflicts).toBe(2);
    const allowed = await check(rows, decisions, { allowConflicts: true });
    expect(allowed.find('conflict')[0]!.severity).toBe('warning');
    expect(allowed.ids).toEqual(['agreed', 'split', 'ruled']);
  });

  it('over-length: responses over --max-chars (as exported) are excluded', async () => {
    const long = `<think>${'x'.repeat(500)}</think>short answer`;
    const rows = (d: string) => [sftRow(d, 'short', { response: 'ok' }), sftRow(d, 'long', { response: long })];
    const c = await check(rows, acceptAll, { maxChars: 100 });
    expect(c.find('over-length')).toEqual([expect.objectContaining({ id: 'long', message: `the response has ${long.length} characters, over the limit of 100` })]);
    expect(c.ids).toEqual(['short']);
    // With --drop-think the exported response is short enough.
    expect((await check(rows, acceptAll, { maxChars: 100, dropThink: true })).ids).toEqual(['short', 'long']);
  });

  it('think-unclosed: --drop-think on a think block that never closes', async () => {
    const rows = (d: string) => [sftRow(d, 'closed'), sftRow(d, 'open', { response: '<think>still thinking when the tokens ran out' })];
    const c = await check(rows, acceptAll, { dropThink: true });
    expect(c.find('think-unclosed').map((f) => f.id)).toEqual(['open']);
    expect(c.ids).toEqual(['closed']);
    expect((await check(rows, acceptAll)).ids).toEqual(['closed', 'open']);
  });

  it('not-in-dataset and journal-problem warn', async () => {
    const c = await check(
      (d) => [sftRow(d, 'here')],
      () => [{ id: 'here', decision: 'accept' }, { id: 'ghost', decision: 'accept' }, { id: 'gone-too', decision: 'reject' }],
      {},
      (j) => fs.appendFileSync(j, '{"v":1,"broken\n'),
    );
    expect(c.find('not-in-dataset')).toEqual([expect.objectContaining({ id: 'ghost', line: null, row: null, severity: 'warning' })]);
    expect(c.find('journal-problem')).toEqual([expect.objectContaining({ id: null, line: 4, severity: 'warning' })]);
    expect(c.ids).toEqual(['here']);
  });

  it('--ids: only the listed ids, the rest counted as left out', async () => {
    const c = await check((d) => [sftRow(d, 'a'), sftRow(d, 'b'), sftRow(d, 'c')], acceptAll, { ids: ['a', 'c'] });
    expect(c.ids).toEqual(['a', 'c']);
    expect(c.report.counts).toMatchObject({ samples: 3, accepted: 3, filteredOut: 1, exportable: 2, excluded: 0 });
  });

  it('--where: on id/task fields without analysis, and on trace measures with it; a bad expression is an error', async () => {
    const rows = (d: string) => [
      sftRow(d, 'm1', { task: 'maze', response: '<think>\nGo left.\n\nThat leads to a dead end. Let me backtrack and try the other branch.\n</think>\n\n\\boxed{L}' }),
      sftRow(d, 's1', { task: 'sudoku' }),
      sftRow(d, 'm2', { task: 'maze', response: 'plain answer' }),
    ];
    const byTask = await check(rows, acceptAll, { where: 'task == maze' });
    expect(byTask.ids).toEqual(['m1', 'm2']);
    expect(byTask.report.counts.filteredOut).toBe(1);
    const byTrace = await check(rows, acceptAll, { where: 'backtracks >= 1 and decision == accept' });
    expect(byTrace.ids).toEqual(['m1']);
    await expect(check(rows, acceptAll, { where: 'backtracks >=' })).rejects.toThrow(/--where: .*column/);
  });

  it('every check code has a documented policy and a test above', () => {
    const src = fs.readFileSync(__filename, 'utf8');
    for (const code of CHECK_CODES) {
      expect(POLICY[code].what.length).toBeGreaterThan(10);
      expect(src).toContain(`'${code}'`);
    }
  });
});
