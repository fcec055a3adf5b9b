/**
 * Images on their way out: checking that each one can be read, naming it, and placing it beside the output.
 *
 * Names in `images/` are `<sanitised id>-<index>-<8 hex of the content's sha256>.<ext>`: stable (the same
 * sample and content give the same name on every export, so re-exports rewrite nothing new), collision-free
 * (the content hash separates different bytes; a sanitised id that differs from the id carries 6 hex of the
 * id's own hash, so `a/b` and `a_b` do not meet) and readable (the id says which sample it belongs to).
 *
 * A run writes into a staging folder beside the output (`.<OUT>.<pid>.images.tmp`) and moves the files into
 * `images/` only when the whole export is complete; a cancelled or failed run removes the staging folder, so
 * it leaves no image behind. Symlinks use a target relative to the folder, which is the same from the
 * staging folder and from `images/` (both sit directly in the output's folder).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkImageBytes, checkImageFile, imageBytes, sniffMime } from '../images';
import type { ImageRef } from '../sample';
import type { ImageMode } from './schema';

export const IMAGES_DIR = 'images';

const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
};

export function extensionFor(mime: string | null, fallbackPath?: string): string {
  if (mime && EXT[mime]) return EXT[mime];
  const ext = fallbackPath ? path.extname(fallbackPath).slice(1).toLowerCase() : '';
  return /^[a-z0-9]{1,5}$/.test(ext) ? ext : 'bin';
}

/** An id as a file-name part: letters, digits, `_`, `-`, `.`; at most 80 characters; plus a hash when changed. */
export function sanitizeId(id: string): string {
  let s = id.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.]+/, '_');
  if (s.length > 80) s = s.slice(0, 80);
  if (s === '') s = '_';
  if (s !== id) s += `~${createHash('sha256').update(id).digest('hex').slice(0, 6)}`;
  return s;
}

export function contentHash8(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

/** `<sanitised id>-<index>-<8 hex>.<ext>` (index 0-based, the image's place in the sample). */
export function imageFileName(id: string, index: number, bytes: Uint8Array, mime: string | null, fallbackPath?: string): string {
  return `${sanitizeId(id)}-${index}-${contentHash8(bytes)}.${extensionFor(mime, fallbackPath)}`;
}

/**
 * Why an image cannot be exported (missing, refused, unreadable, not an image), or null. Reads only the
 * first bytes of a file: enough to know it opens and is an image format we know. With `realDatasetDir`
 * (the dataset folder's real path), a file reached through a link that leads out of that folder is refused,
 * as the readers refuse it (the export then reads samples without the readers' own, slower, image check).
 */
export function checkImage(ref: ImageRef, realDatasetDir?: string): string | null {
  if (ref.error) return ref.error;
  if (ref.kind === 'file') {
    if (!ref.absPath) return `image path not resolved: ${ref.path}`;
    if (realDatasetDir !== undefined) {
      let real: string;
      try {
        real = fs.realpathSync.native(ref.absPath);
      } catch {
        return `image not found: ${ref.path}`;
      }
      const rel = path.relative(realDatasetDir, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return `image path leads out of the dataset's folder through a link (${ref.path})`;
    }
    // Synchronous: a few microseconds per small read, where a promise round trip through the thread pool
    // costs a hundred times more on 100k images. The header check (core/images) refuses what is not a
    // PNG, JPEG, GIF, WebP or BMP, a header cut off, and images over MAX_IMAGE_PIXELS.
    try {
      return checkImageFile(ref.absPath, ref.path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') return `image is not a file: ${ref.path}`;
      return code === 'ENOENT' ? `image not found: ${ref.path}` : `image cannot be read: ${ref.path} (${(e as Error).message})`;
    }
  }
  try {
    const bytes = imageBytes(ref);
    if (!bytes || bytes.length === 0) return 'embedded image is empty';
    if (!sniffMime(bytes)) return `embedded image is not a known image format (${bytes.length} bytes)`;
    return checkImageBytes(bytes, `embedded image (${bytes.length} bytes)`);
  } catch (e) {
    return `embedded image cannot be decoded: ${(e as Error).message}`;
  }
}

/** The bytes of an image (a file is read in full). Throws with a message naming the image. */
export function readImage(ref: ImageRef): { bytes: Uint8Array; mime: string | null } {
  if (ref.error) throw new Error(ref.error);
  if (ref.kind === 'file') {
    if (!ref.absPath) throw new Error(`image path not resolved: ${ref.path}`);
    const bytes = new Uint8Array(fs.readFileSync(ref.absPath));
    return { bytes, mime: sniffMime(bytes) };
  }
  const bytes = imageBytes(ref);
  if (!bytes) throw new Error('embedded image cannot be decoded');
  return { bytes, mime: sniffMime(bytes) ?? ref.mime };
}

export function toDataUri(bytes: Uint8Array, mime: string | null): string {
  return `data:${mime ?? 'application/octet-stream'};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

export interface PlacedImage {
  /** Path written into the row: relative to the output's folder, with forward slashes. */
  relPath: string;
  /** The file name (also the Parquet struct's `path`). */
  name: string;
}

/**
 * Places images for one export run. `place()` stages each image; `commit()` moves the staged files into
 * `images/`; `discard()` removes the staging folder. Files already in `images/` under the same name hold
 * the same content (the name carries its hash) and are left as they are.
 */
export class ImageStage {
  readonly imagesDir: string;
  readonly stageDir: string;
  files = 0;
  bytes = 0;
  linkFallbacks = 0;
  private created = false;

  constructor(
    readonly outDir: string,
    outBase: string,
    readonly mode: ImageMode,
  ) {
    this.imagesDir = path.join(outDir, IMAGES_DIR);
    this.stageDir = path.join(outDir, `.${outBase}.${process.pid}.images.tmp`);
  }

  /** Whether any file went through the stage (images/ is then created on commit). */
  get used(): boolean {
    return this.created;
  }

  place(id: string, index: number, ref: ImageRef): PlacedImage {
    if (this.mode === 'reference' && ref.kind === 'file' && ref.absPath && !ref.error) {
      return { relPath: posix(path.relative(this.outDir, ref.absPath)), name: path.basename(ref.absPath) };
    }
    const { bytes, mime } = readImage(ref);
    const name = imageFileName(id, index, bytes, mime, ref.kind === 'file' ? ref.path : ref.kind === 'bytes' ? ref.path : undefined);
    const placed = { relPath: `${IMAGES_DIR}/${name}`, name };
    if (fs.existsSync(path.join(this.imagesDir, name))) return placed;
    if (!this.created) {
      fs.mkdirSync(this.stageDir, { recursive: true });
      this.created = true;
    }
    const staged = path.join(this.stageDir, name);
    try {
      if (this.mode === 'link' && ref.kind === 'file' && ref.absPath) {
        const target = path.relative(this.imagesDir, fs.realpathSync(ref.absPath));
        try {
          fs.symlinkSync(target, staged);
          this.files++;
          return placed;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') return placed;
          this.linkFallbacks++;
        }
      }
      fs.writeFileSync(staged, bytes, { flag: 'wx' });
      this.files++;
      this.bytes += bytes.length;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    return placed;
  }

  /** Move the staged files into images/ (a name already there holds the same content: kept). */
  async commit(): Promise<void> {
    if (!this.created) return;
    await fs.promises.mkdir(this.imagesDir, { recursive: true });
    const dir = await fs.promises.opendir(this.stageDir);
    for await (const entry of dir) {
      const from = path.join(this.stageDir, entry.name);
      const to = path.join(this.imagesDir, entry.name);
      if (fs.existsSync(to)) continue;
      await fs.promises.rename(from, to);
    }
    await fs.promises.rm(this.stageDir, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    if (this.created) await fs.promises.rm(this.stageDir, { recursive: true, force: true });
  }
}
