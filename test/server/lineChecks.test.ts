/**
 * The verdict and task checks of the pass (lineCheck.ts) on the server fixture (test/fixtures/server:
 * real MM-HELIX instances and responses from mmhelix-dev), severities from settings, the per-line cache
 * (an edit re-checks one line; repeated lines are checked once), time slicing and cancellation, the
 * dataset sniff, symbols and the hover text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { normalizeRow } from '../../src/core/normalize';
import { defaultCueSet } from '../../src/core/trace/cues';
import { analyseTrace } from '../../src/core/trace/analyse';
import { verifySample } from '../../src/core/verify/pipeline';
import { DEFAULT_SETTINGS, type Settings } from '../../src/extension/settings';
import { isDataset, looksLikeSample, selectorPattern } from '../../src/server/datasetFiles';
import { CODES, checkLine, diagnoseJsonl, diagnosticsOptions, LineCache, runPass, runPassSliced } from '../../src/server/diagnostics';
import { lineSpans, PassCancelled } from '../../src/server/documentCheck';
import { describeLine, md } from '../../src/server/hover';
import { documentSymbols } from '../../src/server/symbols';

const fixture = path.resolve(__dirname, '../fixtures/server/dataset.jsonl');
const text = fs.readFileSync(fixture, 'utf8');
const lines = text.split('\n');
const uri = pathToFileURL(fixture).toString();
const opts = (s: Partial<Settings> = {}) => diagnosticsOptions(uri, { ...DEFAULT_SETTINGS, ...s });
const brief = (ds: Diagnostic[]) => ds.map((d) => [d.range.start.line, d.severity, d.code, lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]);

/** The answer the extractor takes from the response on a fixture line (found by the pipeline, not by hand). */
const extractedOn = (n: number) => {
  const sample = normalizeRow(JSON.parse(lines[n]!), { file: fixture, format: 'jsonl', datasetDir: path.dirname(fixture), ordinal: n, checkImages: false });
  return verifySample(sample)!.extracted;
};

describe('the checks on the fixture dataset', () => {
  it('reports each kind of problem on its line, at the part of the line it is about', () => {
    expect(brief(diagnoseJsonl(text, opts()))).toEqual([
      [1, DiagnosticSeverity.Error, CODES.invalidJson, '"'],
      [2, DiagnosticSeverity.Error, CODES.answerFails, '99'],
      [3, DiagnosticSeverity.Error, CODES.answerFails, '7'],
      [3, DiagnosticSeverity.Warning, CODES.mismatch, '"verdict"'],
      [4, DiagnosticSeverity.Warning, CODES.image, '"images/missing.png"'],
      [6, DiagnosticSeverity.Warning, CODES.lenientPass, extractedOn(6)],
      [7, DiagnosticSeverity.Warning, CODES.unknownTask, '"category"'],
      [8, DiagnosticSeverity.Warning, CODES.image, '"../outside.png"'],
      [9, DiagnosticSeverity.Error, CODES.wrongType, '"messages"'],
    ]);
  });

  it("words the verdict problems with the verifier's own reasons", () => {
    const ds = diagnoseJsonl(text, opts());
    const message = (code: string) => ds.find((d) => d.code === code)!.message;
    const failing = normalizeRow(JSON.parse(lines[2]!), { file: fixture, format: 'jsonl', datasetDir: path.dirname(fixture), ordinal: 2, checkImages: false });
    const verdict = verifySample(failing)!;
    expect(verdict.reference.status).toBe('fail');
    expect(message(CODES.answerFails)).toBe(`Answer "99" fails simple_str_match (reference): ${verdict.reference.reason}`);
    expect(message(CODES.mismatch)).toMatch(/^Stored verdict `verdict` = true says pass, but the re-run reference verdict is fail: /);
    expect(message(CODES.lenientPass)).toMatch(/^Lenient pass: the reference accepts this answer, but the cycle does not return to its start/);
    expect(message(CODES.unknownTask)).toBe('No verifier for task "tetris" and no metric_info.score_function');
    expect(message(CODES.image)).toMatch(/^images\[0\]: image not found: images\/missing\.png/);
  });

  it('takes each severity from its setting, and leaves out checks set to off', () => {
    const ds = diagnoseJsonl(text, opts({ 'diagnostics.severity.answerFails': 'hint', 'diagnostics.severity.image': 'off', 'diagnostics.severity.invalidJson': 'information' }));
    expect(ds.filter((d) => d.code === CODES.answerFails).map((d) => d.severity)).toEqual([DiagnosticSeverity.Hint, DiagnosticSeverity.Hint]);
    expect(ds.filter((d) => d.code === CODES.image)).toEqual([]);
    expect(ds.find((d) => d.code === CODES.invalidJson)?.severity).toBe(DiagnosticSeverity.Information);
  });

  it('skips the verifier when every verdict check is off', () => {
    const o = opts({ 'diagnostics.severity.answerFails': 'off', 'diagnostics.severity.lenientPass': 'off', 'diagnostics.severity.mismatch': 'off' });
    expect(o.verify).toBe(false);
    expect(checkLine(lines[2]!, o).verdict).toBeUndefined();
    expect(checkLine(lines[2]!, opts()).verdict?.reference.status).toBe('fail');
  });

  it('reports the unknown task also on a row without a response', () => {
    const r = checkLine('{"id": "q", "category": "tetris", "question": "?"}', opts());
    expect(r.problems.map((p) => p.code)).toEqual([CODES.unknownTask]);
    expect(r.verdict).toBeNull();
  });

  it('counts maxProblems after the severity filter', () => {
    const ds = diagnoseJsonl(text, opts({ 'diagnostics.maxProblems': 2, 'diagnostics.severity.invalidJson': 'off' }));
    expect(ds.map((d) => [d.range.start.line, d.code])).toEqual([
      [2, CODES.answerFails],
      [3, CODES.answerFails],
      [3, CODES.truncated],
    ]);
  });
});

describe('incremental passes', () => {
  it('re-checks only the lines whose text changed, and gives the same diagnostics as a fresh pass', () => {
    const cache = new LineCache();
    const first = runPass(text, opts(), cache);
    expect([first.samples, first.checked, first.reused]).toEqual([9, 9, 0]);
    const again = runPass(text, opts(), cache);
    expect([again.checked, again.reused]).toEqual([0, 9]);
    expect(again.items).toEqual(first.items);

    const edited = [...lines];
    edited[2] = edited[2]!.replace('\\\\boxed{99}', '\\\\boxed{17}');
    expect(edited[2]).not.toBe(lines[2]);
    const editedText = edited.join('\n');
    const after = runPass(editedText, opts(), cache);
    expect([after.checked, after.reused]).toEqual([1, 8]);
    expect(after.items).toEqual(diagnoseJsonl(editedText, opts()));
    expect(after.items.filter((d) => d.range.start.line === 2)).toEqual([]);
    expect(after.items.filter((d) => d.range.start.line !== 2)).toEqual(first.items.filter((d) => d.range.start.line !== 2));
    // The old line's entry is pruned: the cache holds the document's distinct lines only.
    expect(cache.size).toBe(9);
  });

  it('checks a line repeated many times once', () => {
    const cache = new LineCache();
    const many = Array.from({ length: 50 }, () => lines[2]).join('\n');
    const r = runPass(many, opts(), cache);
    expect([r.samples, r.checked, r.reused, r.items.length]).toEqual([50, 1, 49, 50]);
    expect(new Set(r.items.map((d) => d.range.start.line)).size).toBe(50);
  });

  it('empties the cache when the check context changes', () => {
    const cache = new LineCache();
    runPass(text, opts(), cache);
    const r = runPass(text, opts({ checkImages: false }), cache);
    expect(r.checked).toBe(9);
    expect(r.items.filter((d) => d.code === CODES.image).map((d) => d.range.start.line)).toEqual([8]); // the refused path, not the missing file
  });

  it('yields between slices and stops when cancelled, the cache staying usable', async () => {
    const big = Array.from({ length: 400 }, (_, i) => lines[i % lines.length]!.replace('"id":"', `"id":"${i}-`)).join('\n');
    const cache = new LineCache();
    let yields = 0;
    await expect(runPassSliced(big, opts(), cache, () => ++yields > 2, 0)).rejects.toBeInstanceOf(PassCancelled);
    expect(yields).toBe(3);
    const done = await runPassSliced(big, opts(), cache, () => false, 0);
    expect(done.items).toEqual(diagnoseJsonl(big, opts()));
    expect(done.reused).toBeGreaterThan(0);
  });

  it('splits lines at \\n and \\r\\n and keeps a last line without a break', () => {
    expect([...lineSpans('a\r\nbc\n\nd')].map(({ start, end }) => 'a\r\nbc\n\nd'.slice(start, end))).toEqual(['a', 'bc', '', 'd']);
    expect([...lineSpans('')]).toHaveLength(1);
  });
});

describe('which documents are datasets', () => {
  const check = { include: ['*.jsonl', '*.ndjson'], onlySamples: true };
  it('matches the include globs and sniffs the first line', () => {
    expect(isDataset('/w/a.jsonl', lines[0], check)).toBe(true);
    expect(isDataset('/w/a.json', lines[0], check)).toBe(false);
    expect(isDataset('/w/a.jsonl', '{"ts": "2025-01-01", "curator": "x", "sampleId": "a", "decision": "accept"}', check)).toBe(false);
    expect(isDataset('/w/a.jsonl', '{"ts": 1, "sampleId": "a"}', { ...check, onlySamples: false })).toBe(true);
    expect(isDataset('/w/a.jsonl', undefined, check)).toBe(true);
    expect(isDataset(undefined, lines[1], check)).toBe(true); // a broken first line that still looks like a sample
    expect(isDataset('/w/data/x.txt', lines[0], { include: ['**/data/*.txt'], onlySamples: true })).toBe(true);
  });

  it('sniffs keys, not values', () => {
    expect(looksLikeSample('{"messages": []}')).toBe(true);
    expect(looksLikeSample('{"note": "the \\"id\\" field"}')).toBe(false);
    expect(looksLikeSample('[{"id": 1}]')).toBe(false);
    expect(selectorPattern('*.jsonl')).toBe('**/*.jsonl');
    expect(selectorPattern('data/*.jsonl')).toBe('data/*.jsonl');
  });
});

describe('symbols', () => {
  it('names one symbol per sample with its id, task and difficulty, on its line', () => {
    const symbols = documentSymbols(text, { maxSymbols: 1000 });
    expect(symbols.map((s) => [s.range.start.line, s.name, s.detail])).toEqual([
      [0, 'dev-shortest_distance_weighted-1', 'shortest_distance_weighted · difficulty 1'],
      [1, '#2', 'unreadable row'],
      [2, 'fails-1', 'max_flow · difficulty 2'],
      [3, 'mismatch-1', 'shortest_distance_weighted · difficulty 1'],
      [4, 'missing-image-1', 'shortest_distance_weighted · difficulty 1'],
      [6, 'lenient-1', 'eulerian_cycle · difficulty 2'],
      [7, 'unknown-task-1', 'tetris'],
      [8, 'escaping-image-1', 'shortest_distance_weighted · difficulty 1'],
      [9, 'schema-1', ''],
    ]);
    for (const s of symbols) expect(s.range.end.character).toBe(lines[s.range.start.line]!.length);
  });

  it('counts UTF-16 columns and CRLF line ends, and stops at maxSymbols', () => {
    const t = '{"id": "é😀", "task": "maze"}\r\n\r\n{"id": 7}\r\n';
    const symbols = documentSymbols(t, { maxSymbols: 10 });
    expect(symbols.map((s) => [s.range.start.line, s.range.end.character, s.name])).toEqual([
      [0, 29, 'é😀'],
      [2, 9, '7'],
    ]);
    expect(documentSymbols(t, { maxSymbols: 1 })).toHaveLength(1);
  });
});

describe('hover text', () => {
  const ctx = { ...opts(), verify: true };
  it('gives task, difficulty, verdict with reason, extracted answer and the tag counts of the trace', () => {
    const line = lines[6]!;
    const d = describeLine(line, checkLine(line, ctx), ctx, defaultCueSet(), 5);
    const sample = normalizeRow(JSON.parse(line), { file: fixture, format: 'jsonl', datasetDir: path.dirname(fixture), ordinal: 5, checkImages: false });
    const { stats } = analyseTrace(sample.response!, defaultCueSet());
    expect(d.status).toBe('lenient');
    expect(d.tags).toEqual(stats.tags);
    expect(d.markdown).toContain('**lenient\\-1** · task `eulerian_cycle` · difficulty 2');
    expect(d.markdown).toContain('**Verdict:** pass (reference, `eulerian_cycle_evaluator`)');
    expect(d.markdown).toContain('**Lenient pass:** lenient pass: the reference accepts');
    expect(d.markdown).toMatch(/\*\*Extracted answer\*\* \(\w+\): `\[0, 9, 8/);
    expect(d.markdown).toContain(`**Reflection tags** (${stats.steps} step`);
    expect(d.summary).toMatch(/^lenient-1: pass \(reference, eulerian_cycle_evaluator\)/);
  });

  it('says what is wrong with an unreadable line, and names a row without an id by its ordinal', () => {
    const broken = describeLine(lines[1]!, checkLine(lines[1]!, ctx), ctx, defaultCueSet(), 1);
    expect(broken.status).toBe('unreadable');
    expect(broken.summary).toMatch(/^#2: not a readable sample: Invalid JSON/);
    const noId = '{"category": "tetris", "prediction": "x"}';
    expect(describeLine(noId, checkLine(noId, ctx), ctx, defaultCueSet(), 41).id).toBe('#42');
  });

  it('escapes row text, so a reason or id cannot inject markup', () => {
    const line = JSON.stringify({ id: '<img src=x>[a](http://x)', category: 'tetris', prediction: '\\boxed{`x`}' });
    const d = describeLine(line, checkLine(line, ctx), ctx, defaultCueSet(), 0);
    expect(d.markdown).toContain('\\<img src=x\\>\\[a\\]\\(http\\://x\\)');
    expect(d.markdown).not.toMatch(/(^|[^\\])<img/);
    expect(md('*a*')).toBe('\\*a\\*');
  });
});
