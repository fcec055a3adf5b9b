/** `helix-curate export`: arguments, exit codes, the pre-export summary, --json (schema-checked), --check-only, --force. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { ExportReport } from '../../src/core/export';
import { runCli, Sink } from '../helpers/cli';
import { listFiles, loadAll, sftRow, tempDir, writeJournal, writeJsonl } from '../core/export/fixture';

const root = tempDir('helix-cli-export-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let dataset: string;
let ann: string;
let bob: string;
let n = 0;
const out = (name: string): string => path.join(root, `o${++n}`, name);

beforeAll(async () => {
  const d = path.join(root, 'data');
  dataset = writeJsonl(path.join(d, 'set.jsonl'), [sftRow(d, 'a', { seed: 1 }), sftRow(d, 'b', { seed: 2 }), sftRow(d, 'c', { seed: 3 }), sftRow(d, 'd', { seed: 4 })]);
  ann = await writeJournal(path.join(d, 'set.ann.helix-journal.jsonl'), dataset, ['a', 'b', 'c'].map((id) => ({ id, decision: 'accept' as const, curator: 'ann' })));
  bob = await writeJournal(path.join(d, 'set.bob.helix-journal.jsonl'), dataset, [{ id: 'c', decision: 'reject', curator: 'bob' }, { id: 'd', decision: 'accept', curator: 'bob' }]);
});

describe('helix-curate export', () => {
  it('usage errors exit 2 with a message', async () => {
    expect(await runCli('export', dataset, '--format', 'sharegpt', '-o', out('x.jsonl'))).toMatchObject({ code: 2, err: expect.stringContaining('--journal') });
    expect(await runCli('export', dataset, '--journal', ann, '--format', 'alpaca', '-o', out('x.jsonl'))).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of sharegpt, openai, parquet') });
    expect(await runCli('export', dataset, '--journal', ann, '--format', 'sharegpt')).toMatchObject({ code: 2, err: expect.stringContaining('-o OUT') });
    expect(await runCli('export', dataset, '--journal', ann, '--format', 'sharegpt', '-o', out('x.jsonl'), '--images', 'move')).toMatchObject({ code: 2 });
    expect(await runCli('export', dataset, '--journal', ann, '--format', 'parquet', '-o', out('x.parquet'), '--image-data-uri')).toMatchObject({ code: 2, err: expect.stringContaining('openai format only') });
    expect(await runCli('export', dataset, '--journal', path.join(root, 'nope.jsonl'), '--format', 'sharegpt', '-o', out('x.jsonl'))).toMatchObject({ code: 2, err: expect.stringContaining('journal not found') });
    expect((await runCli('export', path.join(root, 'missing.jsonl'), '--journal', ann, '--format', 'sharegpt', '-o', out('x.jsonl'))).code).toBe(3);
  });

  it('help lists the command', async () => {
    const r = await runCli('--help');
    expect(r.out).toContain('helix-curate export FILE --journal J');
    expect((await runCli('export', '--help')).out).toContain('--allow-conflicts');
  });

  it('merges the journals, prints the checks first, writes, exits 1 when a sample was excluded', async () => {
    const o = out('train.jsonl');
    const r = await runCli('export', dataset, '--journal', ann, '--journal', bob, '--format', 'sharegpt', '-o', o);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/4 samples, 4 accepted by the team; 3 exportable, 1 excluded \(1 in conflict\)/);
    expect(r.out).toContain('EXCLUDED conflict: 1 e.g. c (line 3): curators disagree (ann: accept, bob: reject)');
    expect(r.out).toMatch(/wrote 3 samples to .*train\.jsonl/);
    expect((await loadAll(o)).map((s) => s.messages![0]!.content)).toEqual(['<image>Solve puzzle a.', '<image>Solve puzzle b.', '<image>Solve puzzle d.']);
    expect(listFiles(path.dirname(o))).toEqual(expect.arrayContaining(['dataset_info.json', 'train.jsonl', 'train.jsonl.report.json', 'train.jsonl.report.md']));
    // The same again without --force: refused, nothing changed.
    const before = fs.readFileSync(o, 'utf8');
    const again = await runCli('export', dataset, '--journal', ann, '--format', 'sharegpt', '-o', o);
    expect(again).toMatchObject({ code: 2, err: expect.stringContaining('already exists') });
    expect(fs.readFileSync(o, 'utf8')).toBe(before);
    // --allow-conflicts and --force: all four, exit 0.
    const all = await runCli('export', dataset, '--journal', ann, '--journal', bob, '--format', 'sharegpt', '-o', o, '--force', '--allow-conflicts');
    expect(all.code).toBe(0);
    expect(await loadAll(o)).toHaveLength(4);
  });

  it('--json prints one report that matches the schema; --check-only writes nothing', async () => {
    const o = out('x.parquet');
    const checked = await runCli('export', dataset, '--journal', ann, '--format', 'parquet', '-o', o, '--check-only', '--json');
    expect(checked.code).toBe(0);
    const report = ExportReport.parse(JSON.parse(checked.out));
    expect(report).toMatchObject({ stage: 'checked', written: null, counts: { accepted: 3, exportable: 3, written: 0 } });
    expect(fs.existsSync(path.dirname(o))).toBe(false);
    const written = await runCli('export', dataset, '--journal', ann, '--format', 'parquet', '-o', o, '--json', '--metadata', '--drop-think');
    expect(written.code).toBe(0);
    const final = ExportReport.parse(JSON.parse(written.out));
    expect(final).toMatchObject({ stage: 'written', counts: { written: 3 }, options: { metadata: true, dropThink: true } });
    expect(final.written!.output).toBe(o);
    expect(written.out.trim().split('\n')).toHaveLength(1);
  });

  it('--ids FILE and --max-chars', async () => {
    const ids = path.join(root, 'ids.txt');
    fs.writeFileSync(ids, '# the view\nb\n\na\n');
    const o = out('ids.jsonl');
    const r = await runCli('export', dataset, '--journal', ann, '--format', 'openai', '-o', o, '--ids', ids, '--max-chars', '20', '--json');
    const report = ExportReport.parse(JSON.parse(r.out));
    expect(report.counts).toMatchObject({ accepted: 3, filteredOut: 1, exportable: 0, excluded: 2 });
    expect(report.findingCounts['over-length']).toEqual({ total: 2, listed: 2 });
    expect(r.code).toBe(1);
    expect((await runCli('export', dataset, '--journal', ann, '--format', 'openai', '-o', o, '--max-chars', 'lots')).code).toBe(2);
  });

  it('Ctrl-C (the runtime signal) exits 130 and leaves nothing', async () => {
    const o = out('c.jsonl');
    const ac = new AbortController();
    ac.abort();
    const err = new Sink();
    const code = await main(['export', dataset, '--journal', ann, '--format', 'sharegpt', '-o', o, '--quiet'], new Sink(), err, { signal: ac.signal });
    expect(code).toBe(130);
    expect(err.text).toContain('cancelled');
    expect(fs.existsSync(path.dirname(o)) ? fs.readdirSync(path.dirname(o)) : []).toEqual([]);
  });
});
