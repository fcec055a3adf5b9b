import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/extension/settings';
import { makePng } from '../helpers/png';
import { CODES, diagnoseJsonl, diagnosticsOptions, jsonErrorColumn, severitiesOf, type JsonlDiagnosticsOptions } from '../../src/server/diagnostics';

const sampleDir = path.resolve(__dirname, '../../media/sample');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-diag-'));
  fs.mkdirSync(path.join(dir, 'images'));
  fs.writeFileSync(path.join(dir, 'images', 'a.png'), makePng(2, 2, [0, 0, 0]));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const options = (o: Partial<JsonlDiagnosticsOptions> = {}): JsonlDiagnosticsOptions => ({
  file: path.join(dir, 'data.jsonl'),
  datasetDir: dir,
  checkImages: true,
  maxProblems: 200,
  maxRowBytes: 1024 * 1024,
  // The structural checks here; the verdict checks in lineChecks.test.ts.
  verify: false,
  severities: severitiesOf(DEFAULT_SETTINGS),
  ...o,
});

/** Compact form: [line, startChar, endChar, severity, code]. */
const brief = (ds: Diagnostic[]) => ds.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity, d.code]);

const good = (id: string, image = 'images/a.png') =>
  JSON.stringify({ id, category: 'maze', difficulty: '1', images: [image], messages: [{ role: 'user', content: '<image>Solve.' }, { role: 'assistant', content: '<think>ok</think> \\boxed{1}' }] });

describe('diagnoseJsonl', () => {
  it('finds no structural problem in the bundled sample datasets', () => {
    for (const name of ['traces.jsonl', 'mmhelix-eval.jsonl']) {
      const file = path.join(sampleDir, name);
      const ds = diagnoseJsonl(fs.readFileSync(file, 'utf8'), options({ file, datasetDir: sampleDir }));
      expect(ds, name).toEqual([]);
    }
  });

  it('skips blank lines and reports the right line numbers', () => {
    const text = ['', good('a'), '   ', '{"id": "b",', '\t', good('c'), '[1, 2]', ''].join('\n');
    expect(brief(diagnoseJsonl(text, options()))).toEqual([
      [3, 10, 11, DiagnosticSeverity.Error, CODES.invalidJson],
      [6, 0, 6, DiagnosticSeverity.Error, CODES.notObject],
    ]);
  });

  it('handles CRLF line endings', () => {
    const text = `${good('a')}\r\n{"id": 1,}\r\n${good('b')}\r\n`;
    const ds = diagnoseJsonl(text, options());
    expect(brief(ds)).toEqual([[1, 9, 10, DiagnosticSeverity.Error, CODES.invalidJson]]);
    expect(ds[0]!.message).toBe('Invalid JSON: Expected double-quoted property name at column 10');
  });

  it('marks the column of a JSON syntax error, also where the engine names no position', () => {
    const cases: Array<[string, number, number]> = [
      ['{"a":1', 5, 6], // unexpected end: the last character
      ['{"a":}', 5, 6], // "Unexpected token '}'" has no position: the scanner finds it
      ['{"é": }', 6, 7], // columns count UTF-16 units, not bytes
      ['{"a": 1} x', 9, 10],
      ['{"a" 1}', 5, 6],
    ];
    for (const [line, start, end] of cases) {
      const [d] = diagnoseJsonl(line, options());
      expect([d?.range.start.character, d?.range.end.character, d?.code], line).toEqual([start, end, CODES.invalidJson]);
      expect(d?.message, line).not.toMatch(/position/);
    }
  });

  it('reports a value that is not an object', () => {
    for (const line of ['[1, 2]', '"text"', '42', 'null']) {
      const [d] = diagnoseJsonl(line, options());
      expect(d?.code, line).toBe(CODES.notObject);
      expect(d?.message, line).toMatch(/^Expected a JSON object for a sample, got /);
    }
  });

  it('reports a known field of the wrong type at its key', () => {
    const line = '{"id": "x", "messages": "hello"}';
    const [d, ...rest] = diagnoseJsonl(line, options());
    expect(rest).toEqual([]);
    expect(d?.code).toBe(CODES.wrongType);
    expect(d?.severity).toBe(DiagnosticSeverity.Error);
    expect(d?.message).toMatch(/^Field `messages` has the wrong type/);
    expect(line.slice(d!.range.start.character, d!.range.end.character)).toBe('"messages"');
  });

  it('warns about a missing or refused image at its path', () => {
    const line = '{"id": "x", "images": ["images/a.png", "images/missing.png", "../../etc/passwd"]}';
    const ds = diagnoseJsonl(line, options());
    expect(ds.map((d) => [d.severity, d.code, line.slice(d.range.start.character, d.range.end.character)])).toEqual([
      [DiagnosticSeverity.Warning, CODES.image, '"images/missing.png"'],
      [DiagnosticSeverity.Warning, CODES.image, '"../../etc/passwd"'],
    ]);
    expect(ds[0]!.message).toMatch(/^images\[1\]: image not found: images\/missing\.png/);
    expect(ds[1]!.message).toMatch(/climbs out of the dataset's folder/);
  });

  it('does not look for image files when told not to', () => {
    expect(diagnoseJsonl('{"id": "x", "images": ["images/missing.png"]}', options({ checkImages: false }))).toEqual([]);
  });

  it('warns about an <image> token count that does not match the images', () => {
    const line = JSON.stringify({ id: 'x', images: ['images/a.png', 'images/a.png'], messages: [{ role: 'user', content: '<image> one image' }] });
    const [d] = diagnoseJsonl(line, options());
    expect(d?.severity).toBe(DiagnosticSeverity.Warning);
    expect(d?.message).toMatch(/^images: 1 <image> token in the messages but 2 images/);
    expect(line.slice(d!.range.start.character, d!.range.end.character)).toBe('"images"');
  });

  it('reports a line over the row size limit without parsing it', () => {
    const big = JSON.stringify({ id: 'big', response: 'x'.repeat(5000) });
    const ds = diagnoseJsonl(`${good('a')}\n${big}\n{"broken`, options({ maxRowBytes: 4096 }));
    expect(brief(ds)).toEqual([
      [1, 0, 1, DiagnosticSeverity.Error, CODES.tooLarge],
      [2, 7, 8, DiagnosticSeverity.Error, CODES.invalidJson], // unterminated string: the last character
    ]);
    expect(ds[0]!.message).toMatch(/^Line is 4\.9 KB, over the 4\.0 KB row limit/);
  });

  it('stops at maxProblems and says so', () => {
    const text = Array.from({ length: 10 }, () => '{').join('\n');
    const ds = diagnoseJsonl(text, options({ maxProblems: 3 }));
    expect(brief(ds)).toEqual([
      [0, 0, 1, DiagnosticSeverity.Error, CODES.invalidJson],
      [1, 0, 1, DiagnosticSeverity.Error, CODES.invalidJson],
      [2, 0, 1, DiagnosticSeverity.Error, CODES.invalidJson],
      [3, 0, 0, DiagnosticSeverity.Information, CODES.truncated],
    ]);
    expect(ds[3]!.message).toMatch(/Stopped after 3 problems/);
  });

  it('reports nothing when maxProblems is 0', () => {
    expect(diagnoseJsonl('{\n[', options({ maxProblems: 0 }))).toEqual([]);
  });

  it('copes with an empty document and a missing final newline', () => {
    expect(diagnoseJsonl('', options())).toEqual([]);
    expect(diagnoseJsonl(good('a'), options())).toEqual([]);
  });
});

describe('jsonErrorColumn', () => {
  it('reads the column from the message, or finds the end, or scans', () => {
    expect(jsonErrorColumn('{"a" 1}', 'invalid JSON: Expected \':\' after property name at column 6')).toBe(5);
    expect(jsonErrorColumn('{"a":', 'invalid JSON: Unexpected end of JSON input')).toBe(5);
    expect(jsonErrorColumn('{"a":}', "invalid JSON: Unexpected token '}'")).toBe(5);
  });
});

describe('diagnosticsOptions', () => {
  it('checks images against the folder of a file document', () => {
    const file = path.join(dir, 'sub', 'x.jsonl');
    const o = diagnosticsOptions(pathToFileURL(file).toString(), { ...DEFAULT_SETTINGS, maxRowMB: 2, 'diagnostics.maxProblems': 7 });
    expect(o).toEqual({ file, datasetDir: path.dirname(file), checkImages: true, maxProblems: 7, maxRowBytes: 2 * 1024 * 1024, verify: true, severities: severitiesOf(DEFAULT_SETTINGS) });
  });

  it('does not check images of an untitled document, and follows checkImages', () => {
    expect(diagnosticsOptions('untitled:Untitled-1', DEFAULT_SETTINGS).checkImages).toBe(false);
    expect(diagnosticsOptions(pathToFileURL(path.join(dir, 'x.jsonl')).toString(), { ...DEFAULT_SETTINGS, checkImages: false }).checkImages).toBe(false);
  });

  it('runs the verifier only when a verdict check is on', () => {
    const uri = pathToFileURL(path.join(dir, 'x.jsonl')).toString();
    const off = { ...DEFAULT_SETTINGS, 'diagnostics.severity.answerFails': 'off', 'diagnostics.severity.lenientPass': 'off', 'diagnostics.severity.mismatch': 'off' } as const;
    expect(diagnosticsOptions(uri, off).verify).toBe(false);
    expect(diagnosticsOptions(uri, { ...off, 'diagnostics.severity.mismatch': 'hint' }).verify).toBe(true);
  });
});
