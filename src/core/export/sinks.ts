/**
 * Where rows go: a JSONL file (ShareGPT / OpenAI) or a Parquet file in the Hugging Face layout, both written
 * to a temporary file that the caller renames into place when the export is complete.
 *
 * Parquet is written with hyparquet-writer's `ParquetWriter`, one row group per `write()` call: rows are
 * collected until a row group is full (ROW_GROUP_ROWS rows or ROW_GROUP_BYTES of payload), encoded, written
 * through a file descriptor and dropped, so memory holds one row group, never the file. Nested columns
 * (`list<struct<...>>`) go through its Dremel encoder with an explicit schema matching what pyarrow writes
 * for a Hugging Face dataset (3-level LIST groups named `list` / `element`).
 */
import * as fs from 'node:fs';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { Turn } from './convert';

/** hyparquet-writer's own SchemaElement (it carries its own hyparquet version's types). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** Metadata columns (--metadata), in this order. */
export interface MetadataColumns {
  helix_id: string;
  task: string | null;
  difficulty: string | null;
  /** The list verdict (pass / fail / lenient / mismatch / error / unsupported / none); null: not verified. */
  verdict: string | null;
  strict: string | null;
  /** Effective tags of each step of the trace (automatic tags with the deciding curator's edits); null: not analysed. */
  tags: string[][] | null;
  curators: string[];
  /** `curator: note` for every non-empty note. */
  notes: string[];
  /** single / agreed / adjudicated / conflict. */
  decision_status: string;
}

export const METADATA_KEYS = ['helix_id', 'task', 'difficulty', 'verdict', 'strict', 'tags', 'curators', 'notes', 'decision_status'] as const;

export interface ParquetRow {
  messages: Turn[];
  images: Array<{ bytes: Uint8Array; path: string }>;
  meta?: MetadataColumns;
}

export interface Sink<Row> {
  add(row: Row): Promise<void>;
  /** Close the file; returns its size in bytes. */
  finish(): Promise<number>;
  /** Close and delete the temporary file. */
  abort(): Promise<void>;
}

const FLUSH_BYTES = 1024 * 1024;

/** JSON Lines into `tmp` (one object per line, UTF-8). */
export class JsonlSink implements Sink<Record<string, unknown>> {
  private parts: string[] = [];
  private pending = 0;
  private bytes = 0;
  private closed = false;

  private constructor(
    private readonly tmp: string,
    private readonly fh: fs.promises.FileHandle,
  ) {}

  static async create(tmp: string): Promise<JsonlSink> {
    return new JsonlSink(tmp, await fs.promises.open(tmp, 'wx'));
  }

  async add(row: Record<string, unknown>): Promise<void> {
    const line = `${JSON.stringify(row)}\n`;
    this.parts.push(line);
    this.pending += line.length;
    if (this.pending >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    await this.fh.write(buf, 0, buf.length);
    this.bytes += buf.length;
  }

  async finish(): Promise<number> {
    await this.flush();
    await this.fh.sync();
    await this.fh.close();
    this.closed = true;
    return this.bytes;
  }

  async abort(): Promise<void> {
    if (!this.closed) await this.fh.close().catch(() => undefined);
    this.closed = true;
    await fs.promises.rm(this.tmp, { force: true });
  }
}

// ---- Parquet ----

/** A row group closes at this many rows... */
export const ROW_GROUP_ROWS = 1000;
/** ...or at this much payload (text + image bytes), so a group of large images stays bounded in memory. */
export const ROW_GROUP_BYTES = 32 * 1024 * 1024;

const str = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });

function listOf(name: string, element: SchemaElement[], elementChildren: number | undefined): SchemaElement[] {
  const head: SchemaElement = elementChildren === undefined ? element[0]! : { ...element[0]!, num_children: elementChildren };
  return [
    { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { ...head, name: 'element' },
    ...element.slice(1),
  ];
}

/** The Parquet schema: pyarrow's layout for `messages: list<struct<role, content>>`, `images: list<struct<bytes, path>>`. */
export function parquetSchemaFor(metadata: boolean): SchemaElement[] {
  const cols: SchemaElement[][] = [
    listOf('messages', [{ name: 'element', repetition_type: 'OPTIONAL' }, str('role'), str('content')], 2),
    listOf('images', [{ name: 'element', repetition_type: 'OPTIONAL' }, { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }, str('path')], 2),
  ];
  if (metadata) {
    cols.push([str('helix_id')], [str('task')], [str('difficulty')], [str('verdict')], [str('strict')]);
    cols.push(listOf('tags', listOf('element', [str('element')], undefined), undefined));
    cols.push(listOf('curators', [str('element')], undefined), listOf('notes', [str('element')], undefined), [str('decision_status')]);
  }
  return [{ name: 'schema', num_children: cols.length }, ...cols.flat()];
}

const VALUE_STRING = { dtype: 'string', _type: 'Value' };
const seq = (feature: unknown): unknown => ({ feature, _type: 'Sequence' });

/**
 * The `huggingface` key-value metadata: the `datasets` Features, so `load_dataset("parquet", ...)` decodes
 * `images` as a list of `Image` (PIL images) and `messages` as a list of {role, content}. Lists of structs are
 * written in the plain-list form (`[{...}]`), which `datasets` 2.x-4.x all read as a list of dicts
 * (`Sequence({...})` would mean a dict of lists in 2.x/3.x); lists of non-structs use `Sequence`, which 4.x
 * reads as `List`.
 */
export function huggingfaceFeatures(metadata: boolean): Record<string, unknown> {
  const features: Record<string, unknown> = {
    messages: [{ role: VALUE_STRING, content: VALUE_STRING }],
    images: seq({ _type: 'Image' }),
  };
  if (metadata) {
    Object.assign(features, {
      helix_id: VALUE_STRING,
      task: VALUE_STRING,
      difficulty: VALUE_STRING,
      verdict: VALUE_STRING,
      strict: VALUE_STRING,
      tags: seq(seq(VALUE_STRING)),
      curators: seq(VALUE_STRING),
      notes: seq(VALUE_STRING),
      decision_status: VALUE_STRING,
    });
  }
  return features;
}

/** A ByteWriter that drains to a file descriptor after each row group (and whenever it passes 8 MiB). */
class FdWriter extends ByteWriter {
  constructor(private readonly fd: number) {
    super(1 << 20);
  }

  override ensure(size: number): void {
    if (this.index > 8 * 1024 * 1024) this.drain();
    super.ensure(size);
  }

  drain(): void {
    if (this.index === 0) return;
    const chunk = new Uint8Array(this.buffer, 0, this.index);
    let done = 0;
    while (done < chunk.length) done += fs.writeSync(this.fd, chunk, done, chunk.length - done);
    this.index = 0;
  }

  flush(): void {
    this.drain();
  }

  override finish(): void {
    this.drain();
  }
}

export class ParquetSink implements Sink<ParquetRow> {
  private messages: Turn[][] = [];
  private images: Array<Array<{ bytes: Uint8Array; path: string }>> = [];
  private meta: MetadataColumns[] = [];
  private payload = 0;
  private readonly writer: FdWriter;
  private readonly pq: ParquetWriter;
  private closed = false;

  private constructor(
    private readonly tmp: string,
    private readonly fd: number,
    private readonly metadata: boolean,
    createdBy: string,
  ) {
    this.writer = new FdWriter(fd);
    this.pq = new ParquetWriter({
      writer: this.writer,
      schema: parquetSchemaFor(metadata),
      codec: 'SNAPPY',
      statistics: false,
      createdBy,
      kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features: huggingfaceFeatures(metadata) } }) }],
    });
  }

  static create(tmp: string, metadata: boolean, createdBy = 'helix-curator'): ParquetSink {
    return new ParquetSink(tmp, fs.openSync(tmp, 'wx'), metadata, createdBy);
  }

  async add(row: ParquetRow): Promise<void> {
    this.messages.push(row.messages);
    this.images.push(row.images);
    if (this.metadata) {
      if (!row.meta) throw new Error('ParquetSink: metadata columns expected');
      this.meta.push(row.meta);
    }
    for (const m of row.messages) this.payload += m.content.length;
    for (const i of row.images) this.payload += i.bytes.length;
    if (this.messages.length >= ROW_GROUP_ROWS || this.payload >= ROW_GROUP_BYTES) await this.flushGroup();
  }

  private async flushGroup(): Promise<void> {
    const n = this.messages.length;
    if (n === 0) return;
    const columnData: Parameters<ParquetWriter['write']>[0]['columnData'] = [
      { name: 'messages', data: this.messages },
      { name: 'images', data: this.images },
    ];
    if (this.metadata) {
      for (const key of METADATA_KEYS) columnData.push({ name: key, data: this.meta.map((m) => m[key]) });
    }
    // One row group per call: rowGroupSize = the rows at hand.
    await this.pq.write({ columnData, rowGroupSize: n });
    this.messages = [];
    this.images = [];
    this.meta = [];
    this.payload = 0;
  }

  async finish(): Promise<number> {
    await this.flushGroup();
    await this.pq.finish();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.closed = true;
    return fs.statSync(this.tmp).size;
  }

  async abort(): Promise<void> {
    if (!this.closed) fs.closeSync(this.fd);
    this.closed = true;
    await fs.promises.rm(this.tmp, { force: true });
  }
}

/**
 * The LLaMA-Factory `dataset_info.json` entry for a ShareGPT multimodal file (as in its `mllm_demo`):
 * formatting sharegpt, columns messages/images, tags role/content/user/assistant/system.
 */
export function datasetInfoEntry(fileName: string): Record<string, unknown> {
  return {
    file_name: fileName,
    formatting: 'sharegpt',
    columns: { messages: 'messages', images: 'images' },
    tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
  };
}

/**
 * `existing` (the text of a dataset_info.json, or null) with `name` set to `entry`; every other entry is kept
 * as it was. Throws when the existing file is not a JSON object (it is never clobbered).
 */
export function mergeDatasetInfo(existing: string | null, name: string, entry: Record<string, unknown>, file = 'dataset_info.json'): string {
  let info: Record<string, unknown> = {};
  if (existing !== null && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message}); fix or remove it, it is not overwritten`, { cause: e });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: expected a JSON object of dataset entries; it is not overwritten`);
    info = parsed as Record<string, unknown>;
  }
  info[name] = entry;
  return `${JSON.stringify(info, null, 2)}\n`;
}
