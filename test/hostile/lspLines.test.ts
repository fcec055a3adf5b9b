/**
 * The language server fixes the hostile corpus led to (lsp.test.ts finds them over stdio; these pin each
 * one in process, in milliseconds): a byte order mark left at the start of the text, U+FFFD replacement
 * characters (invalid UTF-8 the editor replaced), a response naming no task, an outline of a million junk
 * lines, and URLs in row text turned into links by the hover renderer.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLine, CODES } from '../../src/server/lineCheck';
import { describeLine, md } from '../../src/server/hover';
import { documentSymbols } from '../../src/server/symbols';
import { defaultCueSet } from '../../src/core/trace/cues';

const file = path.join(os.tmpdir(), 'hostile-lines.jsonl');
const ctx = { file, datasetDir: path.dirname(file), checkImages: false, maxRowBytes: 32 << 20, verify: true };
const row = JSON.stringify({ id: 'r1', category: 'maze', question: 'q', answer: 'right', prediction: '\\boxed{right}' });

describe('language server lines from hostile files', () => {
  it('reads a row after a byte order mark the client left in the text, and lists it by its id', () => {
    const r = checkLine(`\uFEFF${row}`, ctx);
    expect(r.readable).toBe(true);
    expect(r.id).toBe('r1');
    expect(r.problems.map((p) => p.code)).not.toContain(CODES.invalidJson);
    expect(documentSymbols(`\uFEFF${row}\n${row.replace('r1', 'r2')}\n`, { maxSymbols: 10 }).map((s) => s.name)).toEqual(['r1', 'r2']);
    // A broken row after a BOM: the error's column counts the BOM.
    const broken = checkLine('\uFEFF{"id": "x", }', ctx);
    expect(broken.problems[0]).toMatchObject({ code: CODES.invalidJson });
    expect('\uFEFF{"id": "x", }'[broken.problems[0]!.start]).toBe('}');
    expect(describeLine(`\uFEFF${row}`, r, ctx, defaultCueSet(), 0).id).toBe('r1');
  });

  it('says that U+FFFD replacement characters stand for invalid UTF-8, at the first one', () => {
    const line = '{"id": "bad-utf8", "category": "maze", "prediction": "caf\uFFFD(\uFFFD"}';
    const r = checkLine(line, ctx);
    const p = r.problems.find((x) => x.code === CODES.replacementChar);
    expect(p?.message).toMatch(/U\+FFFD .*invalid UTF-8/);
    expect(p?.start).toBe(line.indexOf('\uFFFD'));
    expect(p?.check).toBe('sampleProblem');
    expect(checkLine(row, ctx).problems.some((x) => x.code === CODES.replacementChar)).toBe(false);
  });

  it('reports a response that names no task and no score function', () => {
    const r = checkLine(JSON.stringify({ id: 'no-task', category: null, metric_info: null, prediction: '\\boxed{1}' }), ctx);
    expect(r.problems.find((p) => p.code === CODES.unknownTask)?.message).toMatch(/names no task/);
    // Without a response there is nothing to judge: no such problem.
    expect(checkLine(JSON.stringify({ id: 'q-only', question: 'q' }), ctx).problems.map((p) => p.code)).not.toContain(CODES.unknownTask);
  });

  it('lists at most 1,000 unreadable rows in the outline, and every readable row after them', () => {
    const text = `${row}\n${'x\n'.repeat(200_000)}${row.replace('r1', 'r2')}\n`;
    const t = performance.now();
    const symbols = documentSymbols(text, { maxSymbols: 500_000 });
    expect(performance.now() - t).toBeLessThan(5000);
    expect(symbols).toHaveLength(1002);
    expect(symbols.filter((s) => s.detail === 'unreadable row')).toHaveLength(1000);
    expect(symbols.at(-1)).toMatchObject({ name: 'r2', range: { start: { line: 200_001 } } });
  });

  it('leaves no bare URL in hover text for a renderer to link', () => {
    expect(md('see https://evil.example/x and www.evil.example')).toBe('see https\\://evil\\.example/x and www\\.evil\\.example');
    expect(md('javascript:alert(1)')).toBe('javascript:alert\\(1\\)');
  });
});
