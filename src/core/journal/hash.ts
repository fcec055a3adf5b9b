/**
 * A sample's content hash: what a journal decision was taken on. When the hash of the sample as it reads
 * now differs from the one in the journal line, the decision is stale (the row was edited or regenerated).
 *
 * The hash covers the fields that define the content a curator judges: id, task, difficulty, question,
 * question text, the chat messages (role and text), the response, the ground truth, the initial state and
 * the images. Images count by reference for files (the relative path as written, never `absPath`, which
 * depends on where the dataset sits) and by content for embedded images (path if any, mime, length and
 * sha256 of the bytes; a base64 data URI and the same bytes stored raw hash equal).
 *
 * Left out on purpose: `source` (file, format, line, offsets: the same row moved or converted to Parquet is
 * the same sample), `kind`, `responseField`, `metricInfo`/`scoreFunction` (verifier configuration),
 * `storedVerdict`, `extra` (model names, scores, seeds...), `problems` and image `error`s (they depend on
 * the file system at read time). The same row read by any reader gives the same hash.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ImageRef, Sample } from '../sample';

/** Hex digits kept of the sha256. */
export const CONTENT_HASH_LENGTH = 16;

/** Bumped if the canonical form ever changes (every existing decision would then read as stale). */
const SCHEME = 'helix-content-v1';

export function contentHash(sample: Sample): string {
  const h = createHash('sha256');
  const w = new CanonicalWriter(h);
  w.raw(`${JSON.stringify(SCHEME)}:{`);
  w.field('id', sample.id, true);
  w.field('task', sample.task);
  w.field('difficulty', sample.difficulty);
  w.field('question', sample.question);
  w.field('questionText', sample.questionText);
  w.key('messages');
  if (sample.messages === null) w.raw('null');
  else {
    w.raw('[');
    sample.messages.forEach((m, i) => {
      if (i > 0) w.raw(',');
      w.raw(`[${JSON.stringify(m.role)},${JSON.stringify(m.content)}]`);
    });
    w.raw(']');
  }
  w.field('response', sample.response);
  w.field('groundTruth', sample.groundTruth);
  w.key('initialState');
  w.value(sample.initialState);
  w.key('images');
  w.raw('[');
  sample.images.forEach((img, i) => {
    if (i > 0) w.raw(',');
    w.value(canonicalImage(img));
  });
  w.raw(']}');
  return h.digest('hex').slice(0, CONTENT_HASH_LENGTH);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const DATA_URI_HEAD = /^data:([^;,]*)((?:;[^;,]*)*),/i;

function canonicalImage(img: ImageRef): Record<string, unknown> {
  switch (img.kind) {
    case 'file':
      return { kind: 'file', path: img.path };
    case 'bytes': {
      const out: Record<string, unknown> = { kind: 'embedded', mime: img.mime, length: img.bytes.length, sha256: sha256(img.bytes) };
      if (img.path !== undefined) out['path'] = img.path;
      return out;
    }
    case 'dataUri': {
      const m = DATA_URI_HEAD.exec(img.uri);
      if (!m) return { kind: 'dataUri', uri: sha256(Buffer.from(img.uri, 'utf8')) };
      const body = img.uri.slice(m[0].length);
      let bytes: Uint8Array;
      try {
        bytes = /;base64$/i.test(m[2] ?? '') ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
      } catch {
        return { kind: 'dataUri', uri: sha256(Buffer.from(img.uri, 'utf8')) };
      }
      return { kind: 'embedded', mime: img.mime, length: bytes.length, sha256: sha256(bytes) };
    }
  }
}

/**
 * Canonical JSON straight into the hash: object keys sorted, `undefined` members left out, numbers as
 * JSON writes them, and tagged forms for what JSON lacks (bytes by sha256, bigints beyond 2^53, non-finite
 * numbers), so values from every reader (plain JSON, Parquet's bigints and byte arrays) are covered.
 */
class CanonicalWriter {
  constructor(private readonly h: Hash) {}

  raw(s: string): void {
    this.h.update(s);
  }

  key(k: string): void {
    this.h.update(`,${JSON.stringify(k)}:`);
  }

  field(k: string, v: string | null, first = false): void {
    this.h.update(`${first ? '' : ','}${JSON.stringify(k)}:${v === null ? 'null' : JSON.stringify(v)}`);
  }

  value(v: unknown): void {
    if (v === null || v === undefined) return this.raw('null');
    switch (typeof v) {
      case 'string':
        return this.raw(JSON.stringify(v));
      case 'boolean':
        return this.raw(v ? 'true' : 'false');
      case 'number':
        return this.raw(Number.isFinite(v) ? JSON.stringify(v) : `{"$number":${JSON.stringify(String(v))}}`);
      case 'bigint':
        return this.raw(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? String(v) : `{"$bigint":"${v}"}`);
      case 'object':
        break;
      default:
        return this.raw(`{"$${typeof v}":null}`);
    }
    if (v instanceof Uint8Array) return this.raw(`{"$bytes":"${sha256(v)}","length":${v.length}}`);
    if (ArrayBuffer.isView(v)) return this.value(Array.from(v as unknown as ArrayLike<unknown>));
    if (Array.isArray(v)) {
      this.raw('[');
      v.forEach((x: unknown, i) => {
        if (i > 0) this.raw(',');
        this.value(x);
      });
      return this.raw(']');
    }
    if (v instanceof Date) return this.raw(`{"$date":${JSON.stringify(Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString())}}`);
    if (v instanceof Map) return this.value(Object.fromEntries([...(v as Map<unknown, unknown>).entries()].map(([k, x]) => [String(k), x])));
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.raw('{');
    entries.forEach(([k, x], i) => {
      this.raw(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      this.value(x);
    });
    this.raw('}');
  }
}
