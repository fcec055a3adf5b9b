/**
 * Image headers: the format and the dimensions of a PNG, JPEG, GIF, WebP or BMP from its first bytes, so
 * a file that is not an image, is cut off, or claims more pixels than anything should decode (a
 * decompression bomb: a few hundred bytes that inflate to gigabytes) is refused before a view, the
 * curator or an export tries to decode it. Pure: no file access (images.ts reads the bytes), never throws,
 * never reads outside the bytes given.
 */

export const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp', 'bmp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Images over this many pixels (width x height) are refused: 64 megapixels, e.g. 8000 x 8000. */
export const MAX_IMAGE_PIXELS = 64_000_000;

/** Bytes every format but JPEG needs to show its dimensions (WebP VP8 and VP8X: 30). */
export const HEADER_BYTES = 32;

export type HeaderParse =
  /** width/height: null when a JPEG's frame header sets its height later (DNL marker). */
  | { kind: 'image'; format: ImageFormat; width: number; height: number | null }
  | { kind: 'empty' }
  | { kind: 'unknown' }
  /** The data ends before the header does: `have` of the `need` bytes the format's header takes. */
  | { kind: 'truncated'; format: ImageFormat; have: number; need: number }
  | { kind: 'invalid'; format: ImageFormat; why: string }
  /** JPEG only: the frame header lies beyond the bytes given; continue with `scanJpeg` at `offset`. */
  | { kind: 'more'; format: 'jpeg'; offset: number };

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
const u32le = (b: Uint8Array, i: number) => ((b[i + 3]! << 24) >>> 0) + ((b[i + 2]! << 16) | (b[i + 1]! << 8) | b[i]!);
const i32le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
const JPEG_SOI = [0xff, 0xd8, 0xff];
const GIF8 = [0x47, 0x49, 0x46, 0x38];
const BM = [0x42, 0x4d];
/** BMP info header sizes (core, OS/2 v2 short, v1 .. v5). */
const BMP_DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/**
 * The format and dimensions from the first bytes of an image. `head` holds bytes `[0, head.length)` of
 * data `total` bytes long (default: `head` is all of it); give at least `min(total, HEADER_BYTES)` bytes.
 * A JPEG whose frame header lies past `head` while `total` says the data goes on is `more`.
 */
export function parseImageHeader(head: Uint8Array, total: number = head.length): HeaderParse {
  const n = head.length;
  if (n === 0) return total === 0 ? { kind: 'empty' } : { kind: 'unknown' };
  const need = (format: ImageFormat, bytes: number): HeaderParse | null => (n >= bytes ? null : { kind: 'truncated', format, have: n, need: bytes });
  // The bytes at hand match the start of a signature (at least two of them: one byte says nothing).
  const prefix = (sig: readonly number[]): boolean => {
    const k = Math.min(n, sig.length);
    if (k < 2) return false;
    for (let i = 0; i < k; i++) if (head[i] !== sig[i]) return false;
    return true;
  };

  // PNG: signature, then the IHDR chunk (length 13) with width and height (big-endian).
  if (prefix(PNG_SIG)) {
    const short = need('png', 24);
    if (short) return short;
    if (!startsWith(head, IHDR, 12)) return { kind: 'invalid', format: 'png', why: 'the first chunk is not IHDR' };
    const width = u32be(head, 16);
    const height = u32be(head, 20);
    if (width === 0 || height === 0) return { kind: 'invalid', format: 'png', why: `IHDR says ${width} x ${height} pixels` };
    return { kind: 'image', format: 'png', width, height };
  }
  // JPEG: SOI and a marker, then segments up to the frame header (SOF).
  if (prefix(JPEG_SOI)) {
    const short = need('jpeg', 3);
    if (short) return short;
    return scanJpeg(head, 0, 2, total);
  }
  // GIF: GIF87a / GIF89a, then the logical screen width and height (little-endian).
  if (prefix(GIF8)) {
    const short = need('gif', 10);
    if (short) return short;
    if (!(startsWith(head, [0x37, 0x61], 4) || startsWith(head, [0x39, 0x61], 4))) return { kind: 'invalid', format: 'gif', why: 'the version is neither 87a nor 89a' };
    const width = u16le(head, 6);
    const height = u16le(head, 8);
    if (width === 0 || height === 0) return { kind: 'invalid', format: 'gif', why: `the screen is ${width} x ${height} pixels` };
    return { kind: 'image', format: 'gif', width, height };
  }
  // WebP: RIFF container, WEBP, then a VP8 / VP8L / VP8X chunk.
  if (prefix(RIFF) && (n <= 8 || startsWith(head, WEBP.slice(0, Math.min(4, n - 8)), 8))) {
    const short = need('webp', 16);
    if (short) return short;
    return webp(head, n);
  }
  // BMP: "BM", then the info header (its size says which layout); "BM" alone is common in text.
  if (prefix(BM)) {
    if (n >= 18 && !BMP_DIB_SIZES.has(u32le(head, 14))) return { kind: 'unknown' };
    const short = need('bmp', 26);
    if (short) return short;
    const dib = u32le(head, 14);
    const width = dib === 12 ? u16le(head, 18) : Math.abs(i32le(head, 18));
    // A negative height is a top-down bitmap.
    const height = dib === 12 ? u16le(head, 20) : Math.abs(i32le(head, 22));
    if (width === 0 || height === 0) return { kind: 'invalid', format: 'bmp', why: `the info header says ${width} x ${height} pixels` };
    return { kind: 'image', format: 'bmp', width, height };
  }
  return { kind: 'unknown' };
}

function webp(head: Uint8Array, n: number): HeaderParse {
  const chunk = String.fromCharCode(head[12]!, head[13]!, head[14]!, head[15]!);
  const truncated = (bytes: number): HeaderParse => ({ kind: 'truncated', format: 'webp', have: n, need: bytes });
  if (chunk === 'VP8 ') {
    if (n < 30) return truncated(30);
    // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
    if (!startsWith(head, [0x9d, 0x01, 0x2a], 23)) return { kind: 'invalid', format: 'webp', why: 'the VP8 start code is missing' };
    const width = u16le(head, 26) & 0x3fff;
    const height = u16le(head, 28) & 0x3fff;
    if (width === 0 || height === 0) return { kind: 'invalid', format: 'webp', why: `the VP8 frame is ${width} x ${height} pixels` };
    return { kind: 'image', format: 'webp', width, height };
  }
  if (chunk === 'VP8L') {
    if (n < 25) return truncated(25);
    if (head[20] !== 0x2f) return { kind: 'invalid', format: 'webp', why: 'the VP8L signature is missing' };
    const bits = u32le(head, 21);
    return { kind: 'image', format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    if (n < 30) return truncated(30);
    return { kind: 'image', format: 'webp', width: u24le(head, 24) + 1, height: u24le(head, 27) + 1 };
  }
  return { kind: 'invalid', format: 'webp', why: `unknown WebP chunk ${JSON.stringify(chunk.replace(/[^\x20-\x7e]/g, '?'))}` };
}

/** JPEG markers without a length (RSTn, TEM, SOI). */
const standalone = (m: number) => (m >= 0xd0 && m <= 0xd8) || m === 0x01;
/** SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Walk JPEG segments from `pos` (an absolute offset, at a marker) to the frame header. `bytes` holds data
 * bytes `[start, start + bytes.length)` of `total`. A marker or segment that lies past `bytes` is `more`
 * when the data goes on, truncated when it does not.
 */
export function scanJpeg(bytes: Uint8Array, start: number, pos: number, total: number): HeaderParse {
  const end = start + bytes.length;
  const at = (i: number) => bytes[i - start]!;
  const past = (i: number, need: number): HeaderParse => (end < total ? { kind: 'more', format: 'jpeg', offset: i } : { kind: 'truncated', format: 'jpeg', have: Math.min(end, total), need });
  // Bounded by the data: each step moves forward at least one byte.
  for (;;) {
    if (pos < start) return { kind: 'more', format: 'jpeg', offset: pos };
    if (pos + 2 > end) return past(pos, pos + 2);
    if (at(pos) !== 0xff) return { kind: 'invalid', format: 'jpeg', why: `no marker at byte ${pos} (before the frame header)` };
    const marker = at(pos + 1);
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (standalone(marker)) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9) return { kind: 'invalid', format: 'jpeg', why: 'the image ends before its frame header' };
    if (marker === 0xda) return { kind: 'invalid', format: 'jpeg', why: 'the scan starts before the frame header' };
    if (pos + 4 > end) return past(pos, pos + 4);
    const len = u16be(bytes, pos + 2 - start);
    if (len < 2) return { kind: 'invalid', format: 'jpeg', why: `segment length ${len} at byte ${pos}` };
    if (isSof(marker)) {
      // Length, precision, height, width.
      if (pos + 9 > end) return past(pos, pos + 9);
      if (len < 8) return { kind: 'invalid', format: 'jpeg', why: `frame header length ${len}` };
      const height = u16be(bytes, pos + 5 - start);
      const width = u16be(bytes, pos + 7 - start);
      if (width === 0) return { kind: 'invalid', format: 'jpeg', why: 'the frame header says 0 pixels wide' };
      return { kind: 'image', format: 'jpeg', width, height: height === 0 ? null : height };
    }
    pos += 2 + len;
  }
}

const NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' };

/** Up to 16 bytes as text when they are printable, else as hex: what a refused file starts with. */
export function describeStart(head: Uint8Array): string {
  const first = head.subarray(0, 16);
  let text = '';
  let printable = 0;
  for (const b of first) {
    if (b >= 0x20 && b < 0x7f) printable++;
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0x0a ? '\\n' : b === 0x0d ? '\\r' : b === 0x09 ? '\\t' : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  if (printable >= first.length * 0.75) return JSON.stringify(text).replace(/\\\\/g, '\\') + (head.length > 16 ? '…' : '');
  return `bytes ${[...first].map((b) => b.toString(16).padStart(2, '0')).join(' ')}${head.length > 16 ? ' …' : ''}`;
}

/**
 * Why bytes whose header parsed as `h` may not be shown as an image (`label` names it: a path, or
 * "embedded image (N bytes)"), or null. `more` (a JPEG frame header further than was read) is not an
 * error: the image is left to the decoder.
 */
export function headerProblem(h: HeaderParse, head: Uint8Array, label: string): string | null {
  switch (h.kind) {
    case 'image': {
      const pixels = h.width * (h.height ?? 0);
      if (pixels <= MAX_IMAGE_PIXELS) return null;
      return `image is ${h.width} x ${h.height} pixels (${Math.round(pixels / 1e6)} megapixels), over the ${MAX_IMAGE_PIXELS / 1e6}-megapixel limit: ${label}`;
    }
    case 'empty':
      return `image file is empty: ${label}`;
    case 'unknown':
      return `image is not a PNG, JPEG, GIF, WebP or BMP file: ${label} (starts with ${describeStart(head)})`;
    case 'truncated':
      return `image is cut off: its ${NAMES[h.format]} header needs ${h.need} bytes, the data has ${h.have}: ${label}`;
    case 'invalid':
      return `image has a damaged ${NAMES[h.format]} header (${h.why}): ${label}`;
    case 'more':
      return null;
  }
}

export const MIME_OF: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };
