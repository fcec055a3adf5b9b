/**
 * Page checks run before hyparquet decodes a column chunk, so a damaged page is refused with a clear
 * message instead of freezing the thread.
 *
 * Why: hyparquet (1.33.0, the newest on npm) trusts the counts in page headers and in the RLE/bit-packed
 * runs of a page. Its decoding loops are synchronous, so when a count is damaged they either run for
 * about 2^31 iterations (an RLE run longer than the page's `num_values`: `readRle` writes every value,
 * growing the output array far past its length) or forever:
 * - a DATA_PAGE_V2 header without `repetition_levels_byte_length` (or with a negative
 *   `definition_levels_byte_length`) sets the read offset to `undefined`/NaN; `DataView.getUint8(NaN)`
 *   reads byte 0 without throwing, so a run header of 0 is read again and again and never ends;
 * - a DELTA_BINARY_PACKED block header with 0 miniblocks never produces a value;
 * - a bit-packed run header with bit 31 set gives a negative run length (`header >> 1 << 3`).
 * Nothing can interrupt such a loop from the same thread, so the values that drive the loops are checked
 * first, with hyparquet's own page-header parser and decompressor (so both read the same bytes):
 * page sizes, value counts against the column chunk's declared count, level byte lengths, every run of
 * every RLE/bit-packed section (levels, dictionary indices, RLE booleans: each run must lie inside its
 * section and none may produce more values than remain), dictionary index bit widths, and the block
 * headers of delta-encoded values. PLAIN, BYTE_STREAM_SPLIT and ALP values are decoded by loops bounded
 * by the page's (checked) value count that fail on reading past the page, so they are not walked.
 */
import type { AsyncBuffer, ColumnChunk, ColumnMetaData, Compressors, DataReader, FileMetaData, PageHeader, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { readOffsetIndex } from 'hyparquet';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';

/** A page may hold at most this many values (levels included): damaged counts above it are refused. */
export const MAX_PAGE_VALUES = 1 << 24;
/** A page may decompress to at most this many bytes. */
export const MAX_PAGE_BYTES = 1 << 30;
/** Column chunks up to this size are read whole for the check; larger ones page by page. */
const WHOLE_CHUNK_BYTES = 64 * 1024 * 1024;
/** A page header (statistics included) may take at most this many bytes. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** A page refused by the check; the message names the column chunk and the page's byte offset. */
export class ParquetPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParquetPageError';
  }
}

/** What the check needs to know about a column chunk. */
export interface ChunkContext {
  /** Dotted path of the column, for messages. */
  column: string;
  meta: ColumnMetaData;
  maxDefinitionLevel: number;
  maxRepetitionLevel: number;
  compressors?: Compressors;
}

/** Where each page of a checked chunk starts and how many bytes it takes (header included). */
export interface PageSpan {
  offset: number;
  size: number;
  type: string;
}

function bitWidth(value: number): number {
  return 32 - Math.clz32(value);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** Values read from an RLE/bit-packed section. */
interface HybridResult {
  end: number;
  /** How many of the values decoded equal `target` (only counted when a target is given). */
  equal: number;
}

/**
 * Walks one RLE/bit-packed hybrid section as hyparquet's `readRleBitPackedHybrid` reads it (same run header
 * arithmetic, same bytes consumed), checking that every run lies inside `[pos, end)` and that no RLE run
 * yields more values than remain of `count`.
 */
export function walkHybrid(bytes: Uint8Array, pos: number, end: number, width: number, count: number, target?: number): HybridResult {
  let seen = 0;
  let equal = 0;
  const where = () => `RLE/bit-packed data at page byte ${pos}`;
  while (seen < count) {
    // hyparquet's readVarInt: int32 arithmetic (shifts wrap at 32)
    let header = 0;
    let shift = 0;
    for (let n = 0; ; n++) {
      if (pos >= end) throw new ParquetPageError(`${where()}: a run header runs past the end of its section (${count - seen} of ${count} values missing)`);
      if (n >= 5) throw new ParquetPageError(`${where()}: a run header is longer than 5 bytes`);
      const b = bytes[pos++]!;
      header |= (b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      shift += 7;
    }
    if (header & 1) {
      const values = (header >> 1) << 3;
      if (values < 0) throw new ParquetPageError(`${where()}: a bit-packed run declares a negative length (run header ${header >>> 0})`);
      const size = Math.max(1, (values / 8) * width);
      if (pos + size > end) throw new ParquetPageError(`${where()}: a bit-packed run of ${values} values needs ${size} bytes but its section has ${end - pos} left`);
      const take = Math.min(values, count - seen);
      if (target !== undefined) {
        for (let i = 0; i < take; i++) {
          let v = 0;
          const bit0 = i * width;
          for (let k = 0; k < width; k++) {
            const bit = bit0 + k;
            if ((bytes[pos + (bit >> 3)]! >> (bit & 7)) & 1) v |= 1 << k;
          }
          if (v === target) equal++;
        }
      }
      seen += take;
      pos += size;
    } else {
      const runLength = header >>> 1;
      if (runLength > count - seen) {
        throw new ParquetPageError(`${where()}: an RLE run of ${runLength} values exceeds the ${count - seen} values left of the page's ${count}`);
      }
      const size = (width + 7) >> 3;
      if (pos + size > end) throw new ParquetPageError(`${where()}: an RLE run's value runs past the end of its section`);
      if (target !== undefined) {
        let v = 0;
        for (let i = 0; i < size; i++) v |= bytes[pos + i]! << (i << 3);
        if (v === target) equal += runLength;
      }
      seen += runLength;
      pos += size;
    }
  }
  return { end: pos, equal };
}

/** A hybrid section preceded by its 4-byte little-endian length (hyparquet's `length === undefined` case). */
function walkPrefixedHybrid(bytes: Uint8Array, pos: number, end: number, width: number, count: number, target?: number): HybridResult {
  if (pos + 4 > end) throw new ParquetPageError(`the length of an RLE/bit-packed section at page byte ${pos} runs past the end of the page`);
  const length = (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
  const start = pos + 4;
  if (start + length > end) throw new ParquetPageError(`an RLE/bit-packed section at page byte ${pos} declares ${length} bytes but the page has ${end - start} left`);
  const r = walkHybrid(bytes, start, start + length, width, count, target);
  return { end: start + length, equal: r.equal };
}

function readUVarInt(bytes: Uint8Array, pos: number, end: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (let n = 0; n < 10; n++) {
    if (pos >= end) throw new ParquetPageError(`a delta-encoding header runs past the end of the page`);
    const b = bytes[pos++]!;
    v += (b & 0x7f) * mul;
    if (!(b & 0x80)) return [v, pos];
    mul *= 128;
  }
  throw new ParquetPageError('a delta-encoding varint is longer than 10 bytes');
}

/**
 * Walks a DELTA_BINARY_PACKED stream of `count` values as hyparquet's `deltaBinaryUnpack` consumes it and
 * returns where it ends. The block header must be sound (block size a positive multiple of 128 split into a
 * positive number of miniblocks of a multiple of 32 values each): hyparquet loops forever on 0 miniblocks.
 */
export function walkDelta(bytes: Uint8Array, pos: number, end: number, count: number): number {
  const at = pos;
  let blockSize: number;
  let miniblocks: number;
  [blockSize, pos] = readUVarInt(bytes, pos, end);
  [miniblocks, pos] = readUVarInt(bytes, pos, end);
  [, pos] = readUVarInt(bytes, pos, end); // total count (hyparquet ignores it)
  [, pos] = readUVarInt(bytes, pos, end); // first value (zigzag)
  if (blockSize <= 0 || blockSize % 128 !== 0 || miniblocks <= 0 || blockSize % miniblocks !== 0 || (blockSize / miniblocks) % 32 !== 0) {
    throw new ParquetPageError(`delta-encoded values at page byte ${at}: invalid block header (block size ${blockSize}, ${miniblocks} miniblocks)`);
  }
  const perMiniblock = blockSize / miniblocks;
  let left = count - 1;
  while (left > 0) {
    [, pos] = readUVarInt(bytes, pos, end); // min delta
    if (pos + miniblocks > end) throw new ParquetPageError(`delta-encoded values at page byte ${at}: a block's bit widths run past the end of the page`);
    const widths = bytes.subarray(pos, pos + miniblocks);
    pos += miniblocks;
    for (let i = 0; i < miniblocks && left > 0; i++) {
      const w = widths[i]!;
      if (w > 64) throw new ParquetPageError(`delta-encoded values at page byte ${at}: a miniblock bit width of ${w}`);
      pos += (perMiniblock * w) / 8;
      if (pos > end) throw new ParquetPageError(`delta-encoded values at page byte ${at}: a miniblock runs past the end of the page`);
      left -= perMiniblock;
    }
  }
  return pos;
}

/** Checks the values section of a data page (from `pos`) for the encodings whose loops are driven by the data. */
function checkValues(page: Uint8Array, pos: number, end: number, encoding: string, type: string, nValues: number): void {
  if (nValues <= 0) return;
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY' || encoding === 'RLE') {
    if (type === 'BOOLEAN') {
      walkPrefixedHybrid(page, pos, end, 1, nValues);
      return;
    }
    if (pos >= end) throw new ParquetPageError(`dictionary indices: the bit width byte at page byte ${pos} is missing`);
    const width = page[pos++]!;
    if (width > 32) throw new ParquetPageError(`dictionary indices: bit width ${width} (at most 32)`);
    if (width === 0) return;
    walkHybrid(page, pos, end, width, nValues);
  } else if (encoding === 'DELTA_BINARY_PACKED') {
    walkDelta(page, pos, end, nValues);
  } else if (encoding === 'DELTA_LENGTH_BYTE_ARRAY') {
    walkDelta(page, pos, end, nValues);
  } else if (encoding === 'DELTA_BYTE_ARRAY') {
    const afterPrefixes = walkDelta(page, pos, end, nValues);
    walkDelta(page, afterPrefixes, end, nValues);
  }
}

/** Per-chunk state carried from page to page. */
interface ChunkState {
  values: number;
}

/**
 * Checks one page (header already parsed by hyparquet's `parquetHeader`; `body` = its compressed bytes).
 * Throws ParquetPageError when a value that drives a decoding loop is out of range.
 */
export function checkPage(header: PageHeader, body: Uint8Array, ctx: ChunkContext, state: ChunkState): void {
  const { meta } = ctx;
  if (!isCount(header.uncompressed_page_size) || header.uncompressed_page_size > MAX_PAGE_BYTES) {
    throw new ParquetPageError(`uncompressed page size ${String(header.uncompressed_page_size)} is invalid`);
  }
  // The chunk's uncompressed total counts every page (headers included): a page cannot exceed it. Without this
  // a damaged size makes the decompressor allocate up to MAX_PAGE_BYTES for a page of a few bytes.
  const chunkUncompressed = Number(meta.total_uncompressed_size);
  if (chunkUncompressed > 0 && header.uncompressed_page_size > chunkUncompressed) {
    throw new ParquetPageError(`uncompressed page size ${header.uncompressed_page_size} exceeds the column chunk's ${chunkUncompressed} bytes`);
  }
  const declared = Number(meta.num_values);
  const addValues = (n: unknown, what: string): number => {
    if (!isCount(n)) throw new ParquetPageError(`${what} ${String(n)} is not a count`);
    if (n > MAX_PAGE_VALUES) throw new ParquetPageError(`${what} ${n} is more than a page may hold (${MAX_PAGE_VALUES})`);
    state.values += n;
    if (state.values > declared) throw new ParquetPageError(`the pages hold more values (${state.values}) than the column chunk declares (${declared})`);
    return n;
  };
  const repWidth = bitWidth(ctx.maxRepetitionLevel);
  const defWidth = bitWidth(ctx.maxDefinitionLevel);

  if (header.type === 'DICTIONARY_PAGE') {
    const d = header.dictionary_page_header;
    if (!d) throw new ParquetPageError('dictionary page without its header');
    if (!isCount(d.num_values) || d.num_values > MAX_PAGE_VALUES) throw new ParquetPageError(`dictionary size ${String(d.num_values)} is invalid`);
    return;
  }
  if (header.type === 'DATA_PAGE') {
    const d = header.data_page_header;
    if (!d) throw new ParquetPageError('data page without its header');
    const n = addValues(d.num_values, 'value count');
    const page = decompressPage(body, header.uncompressed_page_size, meta.codec, ctx.compressors);
    let pos = 0;
    if (ctx.maxRepetitionLevel > 0) pos = walkPrefixedHybrid(page, pos, page.length, repWidth, n).end;
    let nValues = n;
    if (ctx.maxDefinitionLevel > 0) {
      const r = walkPrefixedHybrid(page, pos, page.length, defWidth, n, ctx.maxDefinitionLevel);
      pos = r.end;
      nValues = r.equal;
    }
    checkValues(page, pos, page.length, d.encoding, meta.type, nValues);
    return;
  }
  if (header.type === 'DATA_PAGE_V2') {
    const d = header.data_page_header_v2;
    if (!d) throw new ParquetPageError('data page (v2) without its header');
    const n = addValues(d.num_values, 'value count');
    if (!isCount(d.num_nulls) || d.num_nulls > n) throw new ParquetPageError(`null count ${String(d.num_nulls)} is invalid for ${n} values`);
    if (!isCount(d.num_rows) || d.num_rows > n) throw new ParquetPageError(`row count ${String(d.num_rows)} is invalid for ${n} values`);
    const repLen = d.repetition_levels_byte_length;
    const defLen = d.definition_levels_byte_length;
    if (!isCount(repLen)) throw new ParquetPageError(`repetition levels byte length ${String(repLen)} is invalid`);
    if (!isCount(defLen)) throw new ParquetPageError(`definition levels byte length ${String(defLen)} is invalid`);
    if (repLen + defLen > body.length || repLen + defLen > header.uncompressed_page_size) {
      throw new ParquetPageError(`the levels (${repLen} + ${defLen} bytes) do not fit the page (${body.length} bytes, ${header.uncompressed_page_size} uncompressed)`);
    }
    if (ctx.maxRepetitionLevel > 0) walkHybrid(body, 0, repLen, repWidth, n);
    if (ctx.maxDefinitionLevel > 0) walkHybrid(body, repLen, repLen + defLen, defWidth, n);
    const valuesSize = header.uncompressed_page_size - defLen - repLen;
    let page = body.subarray(repLen + defLen);
    if (d.is_compressed !== false && valuesSize) page = decompressPage(page, valuesSize, meta.codec, ctx.compressors);
    const nValues = n - d.num_nulls;
    checkValues(page, 0, page.length, d.encoding, meta.type, nValues);
    return;
  }
  // INDEX_PAGE and unknown types: hyparquet refuses them itself (no loop involved).
}

/** The column chunk's byte range as hyparquet computes it. */
export function chunkRange(meta: ColumnMetaData): [number, number] {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  return [start, start + Number(meta.total_compressed_size)];
}

/**
 * Checks every page of a column chunk, reading it from `file` (whole when small, else page by page), and
 * returns the pages' spans. hyparquet's column loop stops one byte before the chunk's end; so does this.
 */
export async function checkColumnChunk(file: AsyncBuffer, ctx: ChunkContext): Promise<PageSpan[]> {
  const [start, end] = chunkRange(ctx.meta);
  const spans: PageSpan[] = [];
  const state: ChunkState = { values: 0 };
  const whole = end - start <= WHOLE_CHUNK_BYTES ? new Uint8Array(await file.slice(start, end)) : null;
  const read = async (from: number, to: number): Promise<Uint8Array> =>
    whole ? whole.subarray(from - start, to - start) : new Uint8Array(await file.slice(from, to));
  let pos = start;
  while (pos < end - 1) {
    let header: PageHeader | undefined;
    let headerLen: number;
    for (let window = Math.min(64 * 1024, end - pos); ; window = Math.min(window * 4, end - pos)) {
      const buf = await read(pos, pos + window);
      const reader: DataReader = { view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), offset: 0 };
      try {
        header = parquetHeader(reader);
        headerLen = reader.offset;
        if (headerLen > buf.length) throw new RangeError('header past window');
        break;
      } catch (e) {
        if (!(e instanceof RangeError) || window >= end - pos || window >= MAX_HEADER_BYTES) {
          throw new ParquetPageError(`page at byte ${pos}: cannot read the page header: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    const size = header.compressed_page_size;
    if (!isCount(size) || pos + headerLen + size > end) {
      throw new ParquetPageError(`page at byte ${pos}: compressed page size ${String(size)} does not fit the column chunk (ends at byte ${end})`);
    }
    const body = await read(pos + headerLen, pos + headerLen + size);
    try {
      checkPage(header, body, ctx, state);
    } catch (e) {
      throw new ParquetPageError(`page at byte ${pos}: ${e instanceof Error ? e.message : String(e)}`);
    }
    spans.push({ offset: pos, size: headerLen + size, type: header.type });
    pos += headerLen + size;
  }
  return spans;
}

/**
 * Checks the offset index of a column chunk against its checked pages: every page location must be one of
 * the pages found (same offset, same size), so hyparquet's page-by-page reads start on checked pages.
 */
export async function checkOffsetIndex(file: AsyncBuffer, chunk: ColumnChunk, spans: readonly PageSpan[]): Promise<void> {
  if (!chunk.offset_index_offset || !chunk.offset_index_length) return;
  const at = Number(chunk.offset_index_offset);
  const buf = await file.slice(at, at + chunk.offset_index_length);
  let locations;
  try {
    locations = readOffsetIndex({ view: new DataView(buf), offset: 0 }).page_locations;
  } catch (e) {
    throw new ParquetPageError(`cannot read the offset index at byte ${at}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const byOffset = new Map(spans.map((s) => [s.offset, s]));
  for (const loc of locations) {
    const span = byOffset.get(Number(loc.offset));
    if (!span || span.size !== loc.compressed_page_size || span.type === 'DICTIONARY_PAGE') {
      throw new ParquetPageError(`the offset index at byte ${at} points at byte ${String(loc.offset)} (${String(loc.compressed_page_size)} bytes), which is not a data page of the column chunk`);
    }
  }
}

/** The check's context for column `c` of row group `g`. */
export function chunkContext(metadata: FileMetaData, chunk: ColumnChunk, compressors?: Compressors): ChunkContext {
  const meta = chunk.meta_data;
  if (!meta) throw new ParquetPageError('column chunk without metadata');
  const column = meta.path_in_schema.join('.');
  let schemaPath: SchemaTree[];
  try {
    schemaPath = getSchemaPath(metadata.schema, meta.path_in_schema);
  } catch (e) {
    throw new ParquetPageError(`column \`${column}\` is not in the schema: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ctx: ChunkContext = {
    column,
    meta,
    maxDefinitionLevel: getMaxDefinitionLevel(schemaPath),
    maxRepetitionLevel: schemaPath.length > 1 ? getMaxRepetitionLevel(schemaPath) : 0,
  };
  if (compressors) ctx.compressors = compressors;
  return ctx;
}
