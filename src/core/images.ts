/**
 * Image references: relative paths (resolved against the dataset's folder, never outside it), embedded
 * bytes (Parquet `{bytes, path}` structs, base64 strings as VLMEvalKit TSVs carry them) and data URIs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageRef } from './sample';

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
  /** Stat the file to report missing images (default true). */
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
      const real = fs.realpathSync(abs);
      const realDir = fs.realpathSync(ctx.datasetDir);
      const realRel = path.relative(realDir, real);
      if (realRel.startsWith('..') || path.isAbsolute(realRel)) {
        return { kind: 'file', path: p, error: `image path leads out of the dataset's folder through a link (${truncate(p)})` };
      }
      if (!fs.statSync(real).isFile()) return { kind: 'file', path: p, absPath: abs, error: `image is not a file: ${p}` };
    } catch {
      return { kind: 'file', path: p, absPath: abs, error: `image not found: ${p} (looked in ${ctx.datasetDir})` };
    }
  }
  return { kind: 'file', path: p, absPath: abs };
}

export function imageFromDataUri(uri: string): ImageRef {
  const m = DATA_URI.exec(uri);
  const mime = m?.[1]?.toLowerCase() ?? 'application/octet-stream';
  if (!m) return { kind: 'dataUri', uri, mime, error: 'malformed data URI' };
  if (!m[1]?.toLowerCase().startsWith('image/')) return { kind: 'dataUri', uri, mime, error: 'data URI is not an image' };
  return { kind: 'dataUri', uri, mime };
}

export function imageFromBytes(bytes: Uint8Array, p?: string | null): ImageRef {
  const mime = sniffMime(bytes);
  const ref: Extract<ImageRef, { kind: 'bytes' }> = { kind: 'bytes', bytes, mime: mime ?? 'application/octet-stream' };
  if (p) ref.path = p;
  if (!mime) ref.error = `embedded bytes are not a known image format (${bytes.length} bytes)`;
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
