/**
 * Image references: relative paths (resolved against the dataset's folder, never outside it), embedded
 * bytes (Parquet `{bytes, path}` structs, base64 strings as VLMEvalKit TSVs carry them) and data URIs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HEADER_BYTES, headerProblem, parseImageHeader, scanJpeg, type HeaderParse } from './imageHeader';
import type { ImageRef } from './sample';

export { MAX_IMAGE_PIXELS, parseImageHeader, headerProblem, type HeaderParse, type ImageFormat } from './imageHeader';

const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+)?(;[a-z0-9=.+-]+)*?(;base64)?,/i;

/** Sniff an image MIME type from its first bytes. */
export function sniffMime(bytes: Uint8Array): string | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return 'image/gif';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45) return 'image/webp';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'image/bmp';
  return null;
}

/** A string that is plausibly a bare base64-encoded image (VLMEvalKit puts these in its `image` column). */
export function looksLikeBase64Image(s: string): boolean {
  if (s.length < 64) return false;
  // PNG, JPEG, GIF, WebP, BMP magic numbers in base64.
  return /^(iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|Qk)/.test(s) && /^[A-Za-z0-9+/=\r\n]+$/.test(s.slice(0, 4096));
}

export interface ImageContext {
  /** The dataset file's folder: relative paths resolve here and may not leave it. */
  datasetDir: string;
  /**
   * Check the file: it exists, is a file inside the folder, and its header is a PNG, JPEG, GIF, WebP or
   * BMP of at most MAX_IMAGE_PIXELS (one small read; see checkImageFile).
   */
  checkExists: boolean;
}

/** Why a path may not be used, or null when it is a safe relative path. */
export function refusePath(p: string): string | null {
  if (p.length === 0) return 'empty image path';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return `remote or URL image references are not loaded (${truncate(p)}); use a path relative to the dataset's folder`;
  if (path.isAbsolute(p) || path.win32.isAbsolute(p)) return `absolute image path refused (${truncate(p)}); image paths must be relative to the dataset's folder`;
  const parts = p.split(/[\\/]+/);
  if (parts.includes('..')) {
    // Allowed only when it never climbs above the folder, e.g. `a/../b.png`.
    let depth = 0;
    for (const part of parts) {
      if (part === '..') depth--;
      else if (part !== '.' && part !== '') depth++;
      if (depth < 0) return `image path climbs out of the dataset's folder (${truncate(p)})`;
    }
  }
  return null;
}

function truncate(s: string, n = 120): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Plain relative paths: names of letters, digits, `_`, `-`, `.` (not starting with `.`), joined by single slashes. */
const SIMPLE_RELATIVE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
let resolvedDir: { dir: string; resolved: string } | null = null;

/**
 * `path.resolve(dir, p)` without its normalisation work for the common case: POSIX, an absolute folder and
 * a plain relative path (no `.`/`..` segments, no doubled or trailing slashes), where it is the resolved
 * folder joined with `p`. null: not that case, use `path.resolve`.
 */
function simpleJoin(dir: string, p: string): string | null {
  if (path.sep !== '/' || !path.isAbsolute(dir) || !SIMPLE_RELATIVE.test(p)) return null;
  if (resolvedDir?.dir !== dir) resolvedDir = { dir, resolved: path.resolve(dir) };
  const d = resolvedDir.resolved;
  return d === '/' ? `/${p}` : `${d}/${p}`;
}

export function imageFromPath(p: string, ctx: ImageContext): ImageRef {
  const refused = refusePath(p);
  if (refused) return { kind: 'file', path: p, error: refused };
  const simple = simpleJoin(ctx.datasetDir, p);
  const abs = simple ?? path.resolve(ctx.datasetDir, p);
  // A simple path (plain names joined by single slashes) is its own relative path.
  const rel = simple !== null ? p : path.relative(ctx.datasetDir, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return { kind: 'file', path: p, error: `image path climbs out of the dataset's folder (${truncate(p)})` };
  }
  if (ctx.checkExists) {
    try {
      const real = fs.realpathSync.native(abs);
      const realDir = fs.realpathSync.native(ctx.datasetDir);
      const realRel = path.relative(realDir, real);
      if (realRel.startsWith('..') || path.isAbsolute(realRel)) {
        return { kind: 'file', path: p, error: `image path leads out of the dataset's folder through a link (${truncate(p)})` };
      }
      const checked = checkImageFile(real, p);
      if (checked !== null) return { kind: 'file', path: p, absPath: abs, error: checked };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Windows refuses to open a folder (EISDIR); elsewhere fstat tells.
      if (code === 'EISDIR') return { kind: 'file', path: p, absPath: abs, error: `image is not a file: ${p}` };
      if (code === 'EACCES' || code === 'EPERM') return { kind: 'file', path: p, absPath: abs, error: `image cannot be read: ${p} (${(e as Error).message})` };
      return { kind: 'file', path: p, absPath: abs, error: `image not found: ${p} (looked in ${ctx.datasetDir})` };
    }
  }
  return { kind: 'file', path: p, absPath: abs };
}

/** Bytes read at first: every format's header but a JPEG's with large metadata segments before its frame header. */
const FIRST_READ = 4096;
/** A JPEG's frame header is looked for in at most this many further reads (segment by segment). */
const MAX_JPEG_READS = 32;
let readBuffer: Buffer | undefined;

/**
 * Why the file at `absPath` may not be shown as an image, or null: not a file, empty, not a PNG, JPEG,
 * GIF, WebP or BMP, a header cut off or damaged, or over MAX_IMAGE_PIXELS. `label` names it in the
 * message (the path as the row wrote it). One read of 4 KB; a JPEG whose frame header lies further reads
 * on from segment to segment (4 KB each, at most MAX_JPEG_READS; past that the decoder is left to judge).
 * Throws the file system's error when the file cannot be opened (missing).
 */
export function checkImageFile(absPath: string, label: string): string | null {
  const fd = fs.openSync(absPath, 'r');
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return `image is not a file: ${label}`;
    // One buffer for every check (synchronous, so never shared between two at once); the message copies what it shows.
    const buf = (readBuffer ??= Buffer.allocUnsafe(FIRST_READ)).subarray(0, Math.min(FIRST_READ, Math.max(st.size, HEADER_BYTES)));
    let head: Uint8Array;
    try {
      head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0));
    } catch (e) {
      return `image cannot be read: ${label} (${(e as Error).message})`;
    }
    let h: HeaderParse = parseImageHeader(head, Math.max(st.size, head.length));
    for (let reads = 0; h.kind === 'more' && reads < MAX_JPEG_READS; reads++) {
      const at = h.offset;
      const n = fs.readSync(fd, buf, 0, buf.length, at);
      if (n === 0) break;
      h = scanJpeg(buf.subarray(0, n), at, at, st.size);
    }
    // `head` is only described for an unknown format, never after a JPEG read on into the same buffer.
    return headerProblem(h, head, label);
  } finally {
    fs.closeSync(fd);
  }
}

/** Why in-memory image bytes may not be shown (as checkImageFile), or null. */
export function checkImageBytes(bytes: Uint8Array, label: string): string | null {
  return headerProblem(parseImageHeader(bytes), bytes, label);
}

export function imageFromDataUri(uri: string): ImageRef {
  const m = DATA_URI.exec(uri);
  const mime = m?.[1]?.toLowerCase() ?? 'application/octet-stream';
  if (!m) return { kind: 'dataUri', uri, mime, error: 'malformed data URI' };
  if (!m[1]?.toLowerCase().startsWith('image/')) return { kind: 'dataUri', uri, mime, error: 'data URI is not an image' };
  const problem = m[3] ? dataUriProblem(uri, m[0].length, mime) : null;
  return problem ? { kind: 'dataUri', uri, mime, error: problem } : { kind: 'dataUri', uri, mime };
}

/** Base64 characters decoded to check a data URI's header: 4 KB of bytes, a whole number of quads. */
const DATA_URI_HEAD = (FIRST_READ / 3) * 4 + 4;

/**
 * A base64 data URI's header check, decoding only its first 4 KB. Formats this module does not parse
 * (SVG, AVIF, TIFF, ...) are left alone unless the URI claims one it does.
 */
function dataUriProblem(uri: string, bodyStart: number, mime: string): string | null {
  const bodyLength = uri.length - bodyStart;
  const chunk = uri.slice(bodyStart, bodyStart + DATA_URI_HEAD).replace(/\s+/g, '');
  const usable = bodyLength > DATA_URI_HEAD ? chunk.slice(0, chunk.length - (chunk.length % 4)) : chunk;
  const head = new Uint8Array(Buffer.from(usable, 'base64'));
  // Whole body decoded: the exact total; else "more than decoded" (JPEG frame headers further on are left alone).
  const total = bodyLength > DATA_URI_HEAD ? head.length + 1 : head.length;
  const h = parseImageHeader(head, total);
  if (h.kind === 'unknown' && !PARSED_MIMES.has(mime)) return null;
  return headerProblem(h, head, `data URI (${mime}, ${bodyLength} base64 characters)`);
}

const PARSED_MIMES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp', 'image/bmp']);

export function imageFromBytes(bytes: Uint8Array, p?: string | null): ImageRef {
  const mime = sniffMime(bytes);
  const ref: Extract<ImageRef, { kind: 'bytes' }> = { kind: 'bytes', bytes, mime: mime ?? 'application/octet-stream' };
  if (p) ref.path = p;
  if (!mime) ref.error = `embedded bytes are not a known image format (${bytes.length} bytes)`;
  else {
    const problem = checkImageBytes(bytes, p ? `embedded image ${p} (${bytes.length} bytes)` : `embedded image (${bytes.length} bytes)`);
    if (problem) ref.error = problem;
  }
  return ref;
}

export function imageFromBase64(b64: string, p?: string | null): ImageRef {
  const bytes = new Uint8Array(Buffer.from(b64.replace(/\s+/g, ''), 'base64'));
  return imageFromBytes(bytes, p);
}

/** Any string reference: data URI, bare base64 image, or a path. */
export function imageFromString(s: string, ctx: ImageContext): ImageRef {
  const t = s.trim();
  if (/^data:/i.test(t)) return imageFromDataUri(t);
  if (looksLikeBase64Image(t)) return imageFromBase64(t);
  return imageFromPath(t, ctx);
}

/** A data URI for any image reference with bytes, for views that need one. */
export function imageBytes(ref: ImageRef): Uint8Array | null {
  if (ref.error) return null;
  if (ref.kind === 'bytes') return ref.bytes;
  if (ref.kind === 'dataUri') {
    const comma = ref.uri.indexOf(',');
    const meta = ref.uri.slice(0, comma);
    const body = ref.uri.slice(comma + 1);
    return /;base64$/i.test(meta) ? new Uint8Array(Buffer.from(body, 'base64')) : new TextEncoder().encode(decodeURIComponent(body));
  }
  if (ref.absPath) return new Uint8Array(fs.readFileSync(ref.absPath));
  return null;
}
