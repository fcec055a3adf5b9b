/**
 * TSV/CSV reader (VLMEvalKit evaluation output): quoting, multi-line predictions, line numbers, CRLF, BOM,
 * the CSV variant, bad records (field count, unterminated quote, invalid UTF-8, too large), and property
 * tests that random rows round-trip exactly through buildIndex + loadRow for any chunk size.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as csvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DelimitedReader } from '../../src/core/readers/delimited';
import { RowError, type IndexEntry } from '../../src/core/readers/types';
import { makePng } from '../helpers/png';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-delimited-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function write(content: string | Buffer, ext = '.tsv'): string {
  const f = path.join(tmp, `f${n++}${ext}`);
  fs.writeFileSync(f, content);
  return f;
}

const PNG = makePng(4, 4, (x, y) => [x * 60, y * 60, 200]);
const PNG_B64 = PNG.toString('base64');

/** Python csv QUOTE_MINIMAL (pandas' default), or QUOTE_ALL as VLMEvalKit's dump() writes TSVs. */
function quoteField(s: string, sep: string, all = false): string {
  return all || s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
}
function toDelimited(rows: string[][], sep: string, opts: { eol?: string; all?: boolean; bom?: boolean; finalEol?: boolean } = {}): string {
  const eol = opts.eol ?? '\n';
  const lines = rows.map((r) =>
    r.length === 1 && r[0] === '' ? '""' : r.map((f) => quoteField(f, sep, opts.all)).join(sep),
  );
  return (opts.bom ? '\uFEFF' : '') + lines.join(eol) + (opts.finalEol === false ? '' : eol);
}

const prediction0 = 'Let me think.\n\tStep 1: go "right" then\t"down".\nWait, ""really""?\n\nAnswer: RRDD';
const header = ['index', 'category', 'question', 'answer', 'prediction', 'metric_info', 'image'];
const metric = "{'score_function': 'maze_evaluator'}";
const vlmRows = [
  header,
  ['10', 'maze', 'Find the path.', 'RRDD', prediction0, metric, PNG_B64],
  ['11', 'maze', 'Same maze, again.', 'RRDD', 'RRDD', metric, '10'],
  ['12', '24Points', 'Make 24 from 3 3 8 8', '8/(3-8/3)', 'I cannot\r\nsolve it', "{'score_function': 'points24'}", PNG_B64],
];

describe('DelimitedReader: VLMEvalKit TSV', () => {
  for (const all of [false, true]) {
    it(`indexes ids, tasks, line numbers and byte ranges (${all ? 'QUOTE_ALL' : 'QUOTE_MINIMAL'})`, async () => {
      const text = toDelimited(vlmRows, '\t', { all });
      const f = write(text);
      const r = new DelimitedReader(f, 'tsv');
      const batches: IndexEntry[][] = [];
      const progress: number[] = [];
      const idx = await r.buildIndex({ onEntries: (b) => batches.push([...b]), onProgress: (p) => progress.push(p.bytesDone) });
      expect(idx.columns).toEqual(header);
      expect(idx.fileErrors).toEqual([]);
      expect(idx.fileBytes).toBe(Buffer.byteLength(text));
      expect(idx.entries.map((e) => [e.ordinal, e.id, e.task, e.difficulty, e.line, e.error])).toEqual([
        [0, '10', 'maze', null, 2, undefined],
        // prediction0 holds 4 line breaks: the next record starts 5 lines later.
        [1, '11', 'maze', null, 7, undefined],
        [2, '12', '24Points', null, 8, undefined],
      ]);
      expect(batches.flat()).toEqual(idx.entries);
      expect(batches[0]).toHaveLength(1); // the first sample is delivered on its own, early
      expect(progress.at(-1)).toBe(idx.fileBytes);
      const buf = fs.readFileSync(f);
      for (const e of idx.entries) {
        expect(e.bytes).toBe(e.byteEnd! - e.byteStart!);
        const raw = buf.toString('utf8', e.byteStart, e.byteEnd);
        expect(raw.startsWith(all ? `"${e.id}"` : e.id)).toBe(true);
        expect(buf[e.byteEnd!]).toBe(0x0a);
      }
      const row = await r.loadRow(idx.entries[0]!);
      expect(row).toEqual(Object.fromEntries(header.map((h, i) => [h, vlmRows[1]![i]])));
      await r.close();
    });
  }

  it('loadSample: response is the prediction exactly, score function decoded, image bytes are a PNG', async () => {
    const f = write(toDelimited(vlmRows, '\t'));
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    const s = await r.loadSample(idx.entries[0]!);
    expect(s.id).toBe('10');
    expect(s.kind).toBe('evaluation');
    expect(s.task).toBe('maze');
    expect(s.question).toBe('Find the path.');
    expect(s.groundTruth).toBe('RRDD');
    expect(s.response).toBe(prediction0);
    expect(s.responseField).toBe('prediction');
    expect(s.metricInfo).toEqual({ score_function: 'maze_evaluator' });
    expect(s.scoreFunction).toBe('maze_evaluator');
    expect(s.images).toHaveLength(1);
    const img = s.images[0]!;
    expect(img.kind).toBe('bytes');
    if (img.kind !== 'bytes') throw new Error('unreachable');
    expect(img.mime).toBe('image/png');
    expect(img.error).toBeUndefined();
    expect(Buffer.from(img.bytes).equals(PNG)).toBe(true);
    expect(s.source).toMatchObject({ file: f, format: 'tsv', ordinal: 0, line: 2, byteStart: idx.entries[0]!.byteStart, byteEnd: idx.entries[0]!.byteEnd });
    expect(s.problems).toEqual([]);

    // VLMEvalKit stores a repeated image once: row 11's `image` is the index of the row holding it.
    const s1 = await r.loadSample(idx.entries[1]!);
    expect(s1.images).toHaveLength(1);
    expect(s1.images[0]).toMatchObject({ kind: 'bytes', mime: 'image/png' });
    expect((await r.loadRow(idx.entries[1]!))['image']).toBe('10'); // the raw row is untouched

    const s2 = await r.loadSample(idx.entries[2]!);
    expect(s2.response).toBe('I cannot\r\nsolve it');
    expect(s2.scoreFunction).toBe('points24');
    await r.close();
  });

  it('samples load while the index pass is still running (from onEntries)', async () => {
    const rows = [header, ...Array.from({ length: 300 }, (_, i) => [String(i), 'maze', `q${i}`, 'a', `p${i}\nline 2`, metric, i === 0 ? PNG_B64 : '0'])];
    const f = write(toDelimited(rows, '\t'));
    const r = new DelimitedReader(f, 'tsv', { chunkBytes: 512 });
    const early: Array<Promise<unknown>> = [];
    const idx = await r.buildIndex({
      onEntries: (b) => {
        if (early.length < 2) early.push(r.loadSample(b[b.length - 1]!).then((s) => [s.id, s.response, s.images[0]?.kind]));
      },
    });
    expect(idx.entries).toHaveLength(300);
    const got = (await Promise.all(early)) as Array<[string, string, string]>;
    expect(got[0]).toEqual(['0', 'p0\nline 2', 'bytes']);
    expect(got[1]![2]).toBe('bytes'); // its image refers back to row 0, already indexed
    await r.close();
  });

  it('a messages column holding JSON text is decoded for the normaliser', async () => {
    const messages = JSON.stringify([
      { role: 'user', content: '<image>Solve it.' },
      { role: 'assistant', content: 'Done: 42' },
    ]);
    const f = write(toDelimited([['id', 'messages', 'images'], ['m1', messages, "['a.png']"]], '\t'));
    const r = new DelimitedReader(f, 'tsv', { checkImages: false });
    const idx = await r.buildIndex();
    const s = await r.loadSample(idx.entries[0]!);
    expect(s).toMatchObject({ id: 'm1', kind: 'sharegpt', response: 'Done: 42', responseField: 'messages[1]' });
    expect(s.images).toEqual([{ kind: 'file', path: 'a.png', absPath: path.join(path.dirname(f), 'a.png') }]);
    expect((await r.loadRow(idx.entries[0]!))['messages']).toBe(messages);
    await r.close();
  });

  it('image_path as a Python list string resolves against the dataset folder', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'imgs-'));
    fs.mkdirSync(path.join(dir, 'images'));
    fs.writeFileSync(path.join(dir, 'images', 'a.png'), PNG);
    const f = path.join(dir, 'eval.tsv');
    fs.writeFileSync(f, toDelimited([['index', 'question', 'image_path', 'prediction'], ['0', 'q', "['images/a.png', 'images/missing.png']", 'p']], '\t'));
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    const s = await r.loadSample(idx.entries[0]!);
    expect(s.images.map((i) => [i.kind, i.kind === 'file' ? i.path : '', i.error === undefined])).toEqual([
      ['file', 'images/a.png', true],
      ['file', 'images/missing.png', false],
    ]);
    await r.close();
  });

  it('CRLF line endings: terminators excluded, CRLF inside quoted fields kept, lines counted', async () => {
    const rows = [
      ['index', 'question', 'prediction'],
      ['1', 'q1', 'multi\r\nline\r\nanswer'],
      ['2', 'q2', 'plain'],
      ['3', 'q3', 'ends with quote "x"'],
    ];
    const f = write(toDelimited(rows, '\t', { eol: '\r\n' }));
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    expect(idx.columns).toEqual(['index', 'question', 'prediction']);
    expect(idx.entries.map((e) => [e.id, e.line])).toEqual([
      ['1', 2],
      ['2', 5],
      ['3', 6],
    ]);
    const buf = fs.readFileSync(f);
    for (const e of idx.entries) expect(buf.subarray(e.byteEnd, e.byteEnd! + 2).toString()).toBe('\r\n');
    for (let i = 0; i < 3; i++) expect(Object.values(await r.loadRow(idx.entries[i]!))).toEqual(rows[i + 1]);
    await r.close();
  });

  it('a UTF-8 BOM is not part of the first column name', async () => {
    const f = write(toDelimited([['index', 'category'], ['a', 'maze'], ['b', 'tapa']], '\t', { bom: true, finalEol: false }));
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    expect(idx.columns).toEqual(['index', 'category']);
    expect(idx.entries.map((e) => [e.id, e.task, e.line])).toEqual([
      ['a', 'maze', 2],
      ['b', 'tapa', 3],
    ]);
    expect(await r.loadRow(idx.entries[1]!)).toEqual({ index: 'b', category: 'tapa' });
    await r.close();
  });

  it('CSV variant: comma separator, quoted commas, header read lazily when loadRow comes first', async () => {
    const rows = [
      ['id', 'task', 'difficulty', 'question', 'response'],
      ['q-1', 'sudoku', '3', 'Fill the grid, please', 'Answer: "1,2,3"\nDone'],
      ['q-2', 'hanoi', '', 'Move, the discs', ''],
    ];
    const f = write(toDelimited(rows, ','), '.csv');
    const r = new DelimitedReader(f, 'csv');
    const idx = await r.buildIndex();
    expect(idx.format).toBe('csv');
    expect(idx.entries.map((e) => [e.id, e.task, e.difficulty, e.line])).toEqual([
      ['q-1', 'sudoku', '3', 2],
      ['q-2', 'hanoi', null, 4],
    ]);
    const fresh = new DelimitedReader(f, 'csv');
    expect(await fresh.loadRow(idx.entries[0]!)).toEqual(Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]])));
    const s = await fresh.loadSample(idx.entries[1]!);
    expect(s).toMatchObject({ id: 'q-2', task: 'hanoi', difficulty: null, question: 'Move, the discs', kind: 'response' });
    await fresh.close();
    await r.close();
  });

  it('csv-parse agrees with loadRow on a tricky file', async () => {
    const rows = [
      ['a', 'b', 'c'],
      ['"quoted"', 'x,y', 'line\nbreak'],
      ['', ' spaced ', '""'],
      ['é中😀', 'tab\there', 'end"'],
    ];
    const text = toDelimited(rows, ',');
    const f = write(text, '.csv');
    const r = new DelimitedReader(f, 'csv');
    const idx = await r.buildIndex();
    const expected = csvParse<Record<string, string>>(text, { columns: true });
    expect(await Promise.all(idx.entries.map((e) => r.loadRow(e)))).toEqual(expected);
    await r.close();
  });

  it('Python csv reading of odd quoting: text after a closing quote and quotes inside unquoted fields are literal', async () => {
    const f = write('a\tb\tc\n"x"y\tab"c\t"p""q"\n');
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    expect(idx.entries[0]!.error).toBeUndefined();
    expect(await r.loadRow(idx.entries[0]!)).toEqual({ a: 'xy', b: 'ab"c', c: 'p"q' });
    await r.close();
  });

  it('duplicate and empty header names are renamed as pandas does', async () => {
    const f = write('index\tx\tx\t\n1\ta\tb\tc\n');
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    expect(idx.columns).toEqual(['index', 'x', 'x.1', 'Unnamed: 3']);
    expect(await r.loadRow(idx.entries[0]!)).toEqual({ index: '1', x: 'a', 'x.1': 'b', 'Unnamed: 3': 'c' });
    await r.close();
  });
});

describe('DelimitedReader: bad records', () => {
  it('a wrong field count and an unterminated quote are errors naming the line; the other records load', async () => {
    const text = [
      'index\tcategory\tprediction',
      '0\tmaze\t"two\nlines"',
      '1\tmaze', // too few fields
      '2\tmaze\tok\textra', // too many
      '3\ttapa\tfine',
      '4\ttapa\t"never closed',
      '5\thanoi\tafter the bad quote',
      '6\thanoi\tlast',
      '',
    ].join('\n');
    const f = write(text);
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    expect(idx.fileErrors).toEqual([]);
    const summary = idx.entries.map((e) => [e.id, e.line, e.error ?? null]);
    expect(summary).toEqual([
      ['0', 2, null],
      ['#2', 4, "record at line 4 has 2 fields, expected 3 (the header's columns)"],
      ['#3', 5, "record at line 5 has 4 fields, expected 3 (the header's columns)"],
      ['3', 6, null],
      ['4', 7, 'record at line 7 has a quoted field that is never closed; the file ends inside it'],
      ['5', 8, null],
      ['6', 9, null],
    ]);
    await expect(r.loadRow(idx.entries[1]!)).rejects.toThrow(RowError);
    await expect(r.loadRow(idx.entries[1]!)).rejects.toThrow(`${f}:4: record at line 4 has 2 fields, expected 3`);
    await expect(r.loadSample(idx.entries[4]!)).rejects.toThrow(`${f}:7: record at line 7 has a quoted field that is never closed`);
    expect((await r.loadSample(idx.entries[3]!)).response).toBe('fine');
    expect((await r.loadSample(idx.entries[5]!)).response).toBe('after the bad quote');
    expect((await r.loadSample(idx.entries[6]!)).response).toBe('last');
    expect((await r.loadSample(idx.entries[0]!)).response).toBe('two\nlines');
    await r.close();
  });

  it('a stray quote that a later quote closes swallows the lines between, as Python csv reads it', async () => {
    const f = write('index\tp\n1\t"stray\n2\tx\n3\t"y"\n4\tz\n');
    // `"stray\n2\tx\n3\t"` is one quoted field and `y"` follows it literally: the record spans lines 2-4.
    // Python: [['index', 'p'], ['1', 'stray\n2\tx\n3\ty"'], ['4', 'z']]
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    expect(idx.entries.map((e) => [e.id, e.line, e.error ?? null])).toEqual([
      ['1', 2, null],
      ['4', 5, null],
    ]);
    expect(await r.loadRow(idx.entries[0]!)).toEqual({ index: '1', p: 'stray\n2\tx\n3\ty"' });
    await r.close();
  });

  it('an unterminated quote on the last line runs to the end of the file', async () => {
    const f = write('index\tp\n1\tok\n2\t"open\tto the end');
    const idx = await new DelimitedReader(f, 'tsv').buildIndex();
    expect(idx.entries.map((e) => [e.id, e.line, e.error ?? null])).toEqual([
      ['1', 2, null],
      ['2', 3, 'record at line 3 has a quoted field that is never closed; the file ends inside it'],
    ]);
    expect(idx.entries[1]!.byteEnd).toBe(fs.statSync(f).size);
  });

  it('invalid UTF-8 in a record is an error entry', async () => {
    const f = write(Buffer.concat([Buffer.from('index\tp\n1\tgood\n2\tbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\n3\tgood\n')]));
    const r = new DelimitedReader(f, 'tsv');
    const idx = await r.buildIndex();
    expect(idx.entries.map((e) => [e.line, e.error ?? null])).toEqual([
      [2, null],
      [3, 'record at line 3: invalid UTF-8 at byte 7 of the row'],
      [4, null],
    ]);
    await expect(r.loadRow(idx.entries[1]!)).rejects.toThrow(`${f}:3: record at line 3: invalid UTF-8`);
    expect(await r.loadRow(idx.entries[2]!)).toEqual({ index: '3', p: 'good' });
    await r.close();
  });

  for (const chunkBytes of [7, 64, 1 << 20]) {
    it(`a record over maxRowBytes is reported, keeps its id, and is never loaded (chunk ${chunkBytes})`, async () => {
      const big = 'x'.repeat(5000);
      const text = toDelimited(
        [
          ['index', 'category', 'prediction'],
          ['a', 'maze', 'small'],
          ['b', 'maze', `long\n${big}`],
          ['c', 'tapa', 'small again'],
        ],
        '\t',
      );
      const f = write(text);
      const r = new DelimitedReader(f, 'tsv', { maxRowBytes: 1000, chunkBytes });
      const idx = await r.buildIndex();
      expect(idx.entries.map((e) => [e.id, e.task, e.line, e.error ?? null])).toEqual([
        ['a', 'maze', 2, null],
        ['b', 'maze', 3, 'record at line 3 is 4.9 KB, over the 1000 B limit (raise maxRowBytes to read it)'],
        ['c', 'tapa', 5, null],
      ]);
      expect(idx.entries[1]!.bytes).toBe(Buffer.byteLength(`b\tmaze\t"long\n${big}"`));
      await expect(r.loadRow(idx.entries[1]!)).rejects.toThrow(`${f}:3: record at line 3 is 4.9 KB`);
      expect((await r.loadSample(idx.entries[2]!)).response).toBe('small again');
      await r.close();
    });
  }

  it('the limit is reported in MiB when it is a whole number of MiB', async () => {
    const f = write(`index\tp\n1\t${'y'.repeat(1024 * 1024 + 10)}\n`);
    const idx = await new DelimitedReader(f, 'tsv', { maxRowBytes: 1024 * 1024, chunkBytes: 65536 }).buildIndex();
    expect(idx.entries[0]!.error).toBe('record at line 2 is 1.0 MB, over the 1 MiB limit (raise maxRowBytes to read it)');
    expect(idx.entries[0]!.id).toBe('1');
  });

  it('a header over maxRowBytes or with an unclosed quote is a file error', async () => {
    const big = await new DelimitedReader(write(`${'c'.repeat(2000)}\tindex\n1\t2\n`), 'tsv', { maxRowBytes: 1000 }).buildIndex();
    expect(big).toMatchObject({ entries: [], columns: [], fileErrors: ['the header (line 1) is 2.0 KB, over the 1000 B limit'] });
    const open = await new DelimitedReader(write('index\t"cat\n1\t2\n'), 'tsv').buildIndex();
    expect(open).toMatchObject({ entries: [], columns: [], fileErrors: ['the header (line 1) has a quote opened at line 1 that is never closed'] });
  });

  it('empty file, header only, blank lines only', async () => {
    const empty = await new DelimitedReader(write(''), 'tsv').buildIndex();
    expect(empty).toMatchObject({ entries: [], columns: [], fileErrors: ['the file is empty'], fileBytes: 0 });
    const headerOnly = await new DelimitedReader(write('index\tcategory\n\n\n'), 'tsv').buildIndex();
    expect(headerOnly).toMatchObject({ entries: [], columns: ['index', 'category'], fileErrors: ['the file has a header but no records'] });
    const blanks = await new DelimitedReader(write('\n\r\n\n'), 'tsv').buildIndex();
    expect(blanks).toMatchObject({ entries: [], fileErrors: ['the file holds only blank lines (no header)'] });
  });

  it('blank lines between records are skipped but counted', async () => {
    const idx = await new DelimitedReader(write('index\n\n1\n\r\n\n2\n'), 'tsv').buildIndex();
    expect(idx.entries.map((e) => [e.ordinal, e.id, e.line])).toEqual([
      [0, '1', 3],
      [1, '2', 6],
    ]);
  });

  it('a missing file is a DatasetError; an aborted signal stops the pass', async () => {
    await expect(new DelimitedReader(path.join(tmp, 'nope.tsv'), 'tsv').buildIndex()).rejects.toThrow(/cannot read/);
    const f = write(toDelimited([['index'], ...Array.from({ length: 2000 }, (_, i) => [String(i)])], '\t'));
    const ac = new AbortController();
    const r = new DelimitedReader(f, 'tsv', { chunkBytes: 256 });
    let seen = 0;
    const p = r.buildIndex({
      signal: ac.signal,
      onEntries: (b) => {
        seen += b.length;
        ac.abort(new Error('stop'));
      },
    });
    await expect(p).rejects.toThrow('stop');
    expect(seen).toBeLessThan(2000);
  });
});

/**
 * A naive char-by-char reference of the reader's semantics (Python csv quoting; LF ends a record outside
 * quotes, a CR before it is dropped; blank lines skipped; an unterminated quote at EOF is an error record
 * up to the first LF after the quote, and reading resumes after that LF).
 */
function referenceParse(text: string, sep: string): Array<{ line: number; fields: string[] | null }> {
  const out: Array<{ line: number; fields: string[] | null }> = [];
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  let line = 1;
  let recoveries = 0;
  while (i < text.length) {
    const recStart = i;
    const recLine = line;
    const fields: string[] = [];
    let cur = '';
    let state: 'start' | 'field' | 'quoted' | 'quoteInQuoted' = 'start';
    let openPos = -1;
    let openLine = 0;
    let ended = false;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (state === 'quoted') {
        if (c === '"') state = 'quoteInQuoted';
        else {
          if (c === '\n') line++;
          cur += c;
        }
        continue;
      }
      if (c === '\n') {
        ended = true;
        break;
      }
      if (state === 'start' && c === '"') {
        state = 'quoted';
        openPos = i;
        openLine = line;
      } else if (state === 'quoteInQuoted' && c === '"') {
        cur += '"';
        state = 'quoted';
      } else if (c === sep) {
        fields.push(cur);
        cur = '';
        state = 'start';
      } else {
        cur += c;
        state = 'field';
      }
    }
    if (state === 'quoted') {
      // Unterminated at EOF.
      const lf = text.indexOf('\n', openPos);
      const recover = lf >= 0 && recoveries < 16;
      out.push({ line: recLine, fields: null });
      if (!recover) break;
      recoveries++;
      i = lf + 1;
      line = openLine + 1;
      continue;
    }
    let end = i;
    if (end > recStart && text[end - 1] === '\r') {
      end--;
      cur = cur.slice(0, -1);
    }
    fields.push(cur);
    if (end > recStart) out.push({ line: recLine, fields });
    if (ended) {
      line++;
      i++;
    }
  }
  return out;
}

describe('DelimitedReader: property tests', () => {
  it('on arbitrary (malformed) text, records, lines, errors and fields match a naive reference parser', async () => {
    const soup = fc.array(fc.constantFrom('"', '"', '\t', ',', '\n', '\n', '\r', 'a', 'b', 'é'), { maxLength: 60 }).map((cs) => cs.join(''));
    await fc.assert(
      fc.asyncProperty(soup, fc.constantFrom('\t', ','), fc.integer({ min: 1, max: 16 }), async (body, sep, chunkBytes) => {
        const text = `index${sep}category\n${body}`;
        const f = write(text, sep === '\t' ? '.tsv' : '.csv');
        const r = new DelimitedReader(f, sep === '\t' ? 'tsv' : 'csv', { chunkBytes });
        try {
          const idx = await r.buildIndex();
          const ref = referenceParse(text, sep);
          const [head, ...recs] = ref;
          if (!head?.fields) {
            expect(idx.entries).toEqual([]);
            return;
          }
          expect(idx.columns).toEqual(head.fields);
          expect(idx.entries.map((e) => e.line)).toEqual(recs.map((x) => x.line));
          for (let k = 0; k < recs.length; k++) {
            const e = idx.entries[k]!;
            const want = recs[k]!.fields;
            if (want === null) expect(e.error).toMatch(/never closed/);
            else if (want.length !== head.fields.length) expect(e.error).toMatch(/fields?, expected/);
            else {
              expect(e.error).toBeUndefined();
              expect(Object.values(await r.loadRow(e))).toEqual(want);
              // The index pass decodes the identity columns on its own (short-field fast path included).
              expect([e.id, e.task]).toEqual([want[0] || `#${k + 1}`, want[1] || null]);
            }
          }
        } finally {
          await r.close();
        }
      }),
      { numRuns: Number(process.env["FC_RUNS"] ?? 1000) },
    );
  });

  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
    { weight: 3, arbitrary: fc.constantFrom('\t', ',', '"', '""', '\n', '\r\n', '\r', ' ', '\\', 'é', '中', '😀', '\uFEFF', 'iVBORw0KGgo') },
  );
  const field = fc.array(piece, { maxLength: 6 }).map((ps) => ps.join(''));

  const fileArb = fc.record({
    ncols: fc.integer({ min: 1, max: 5 }),
    rows: fc.array(fc.array(field, { minLength: 5, maxLength: 5 }), { minLength: 0, maxLength: 12 }),
    sep: fc.constantFrom('\t', ','),
    eol: fc.constantFrom('\n', '\r\n'),
    all: fc.boolean(),
    bom: fc.boolean(),
    finalEol: fc.boolean(),
    chunkBytes: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 4096 })),
  });

  it('random rows round-trip exactly through buildIndex + loadRow, for any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async ({ ncols, rows, sep, eol, all, bom, finalEol, chunkBytes }) => {
        const columns = Array.from({ length: ncols }, (_, i) => `col${i}`);
        const data = rows.map((r) => r.slice(0, ncols));
        const text = toDelimited([columns, ...data], sep, { eol, all, bom, finalEol });
        const f = write(text, sep === '\t' ? '.tsv' : '.csv');
        const r = new DelimitedReader(f, sep === '\t' ? 'tsv' : 'csv', { chunkBytes });
        try {
          const idx = await r.buildIndex();
          expect(idx.columns).toEqual(columns);
          expect(idx.entries.map((e) => e.error ?? null)).toEqual(data.map(() => null));
          // Expected positions, computed from the text as written.
          const bytes = Buffer.from(text);
          let offset = Buffer.byteLength(toDelimited([columns], sep, { eol, all, bom }));
          for (let i = 0; i < data.length; i++) {
            const e = idx.entries[i]!;
            const rec = toDelimited([data[i]!], sep, { eol, all, finalEol: false });
            const before = bytes.subarray(0, offset);
            expect(e.byteStart).toBe(offset);
            expect(e.byteEnd).toBe(offset + Buffer.byteLength(rec));
            expect(e.line).toBe(1 + before.filter((b) => b === 0x0a).length);
            offset += Buffer.byteLength(rec + eol);
            expect(await r.loadRow(e)).toEqual(Object.fromEntries(columns.map((c, j) => [c, data[i]![j]])));
          }
        } finally {
          await r.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with csv-parse on random well-formed CSV', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        async (rows, chunkBytes) => {
          const text = toDelimited([['a', 'b', 'c'], ...rows], ',', { eol: '\n' });
          const f = write(text, '.csv');
          const r = new DelimitedReader(f, 'csv', { chunkBytes });
          try {
            const idx = await r.buildIndex();
            const expected = csvParse<Record<string, string>>(text, { columns: true, bom: true, relax_column_count: false });
            expect(await Promise.all(idx.entries.map((e) => r.loadRow(e)))).toEqual(expected);
          } finally {
            await r.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
