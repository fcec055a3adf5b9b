/**
 * Image header checks (src/core/imageHeader.ts, src/core/images.ts): real headers of every format give
 * their dimensions; a file that is not an image, is empty, is cut off or claims more than MAX_IMAGE_PIXELS
 * is refused with a message naming it; and the parser never throws or reads outside the bytes it is given.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scanJpeg } from '../../src/core/imageHeader';
import { checkImageBytes, checkImageFile, headerProblem, imageFromBytes, imageFromDataUri, imageFromPath, MAX_IMAGE_PIXELS, parseImageHeader } from '../../src/core/images';
import { makePng } from '../helpers/png';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-images-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Hand-made headers, byte by byte as the formats define them -----------------------------------------

const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function gif(w: number, h: number, version = '89a'): Uint8Array {
  // Header, logical screen descriptor (no global colour table), trailer.
  return new Uint8Array([...ascii(`GIF${version}`), ...u16le(w), ...u16le(h), 0x00, 0x00, 0x00, 0x3b]);
}

function bmp(w: number, h: number, dib = 40): Uint8Array {
  const info = dib === 12 ? [...u32le(12), ...u16le(w), ...u16le(h), 1, 0, 24, 0] : [...u32le(dib), ...u32le(w), ...u32le(h), 1, 0, 24, 0, ...new Array<number>(dib - 16).fill(0)];
  const pixels = new Array<number>(4).fill(0);
  const size = 14 + info.length + pixels.length;
  return new Uint8Array([...ascii('BM'), ...u32le(size), 0, 0, 0, 0, ...u32le(14 + info.length), ...info, ...pixels]);
}

function riff(chunk: string, payload: number[]): Uint8Array {
  const body = [...ascii('WEBP'), ...ascii(chunk), ...u32le(payload.length), ...payload];
  return new Uint8Array([...ascii('RIFF'), ...u32le(body.length), ...body]);
}
/** Lossy: frame tag (key frame), start code, 14-bit width and height with scale bits 0. */
const webpVp8 = (w: number, h: number) => riff('VP8 ', [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...u16le(w), ...u16le(h), 0, 0]);
/** Lossless: signature 0x2f, then width-1 and height-1 in 14 bits each. */
const webpVp8l = (w: number, h: number) => riff('VP8L', [0x2f, ...u32le(((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14)), 0]);
/** Extended: flags, 3 reserved bytes, canvas width-1 and height-1 in 24 bits each. */
const webpVp8x = (w: number, h: number) => riff('VP8X', [0x10, 0, 0, 0, ...u24le(w - 1), ...u24le(h - 1)]);

/** SOI, an APP0 (JFIF) segment, `padding` bytes of an APP1 segment, a DHT, then SOFn, then SOS and EOI. */
function jpeg(w: number, h: number, opts: { sof?: number; padding?: number; fill?: boolean } = {}): Uint8Array {
  const app0 = [0xff, 0xe0, ...u16be(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const pad = opts.padding ?? 0;
  const segments: number[] = [];
  // APP1 segments of at most 65,533 payload bytes each.
  for (let left = pad; left > 0; left -= 60_000) {
    const n = Math.min(60_000, left);
    segments.push(0xff, 0xe1, ...u16be(n + 2), ...new Array<number>(n).fill(0x41));
  }
  const dht = [0xff, 0xc4, ...u16be(2 + 17), 0x00, ...new Array<number>(16).fill(0)];
  const sof = [...(opts.fill ? [0xff, 0xff] : []), 0xff, opts.sof ?? 0xc0, ...u16be(17), 8, ...u16be(h), ...u16be(w), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const sos = [0xff, 0xda, ...u16be(12), 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0, 0x12, 0x34];
  return new Uint8Array([0xff, 0xd8, ...app0, ...segments, ...dht, ...sof, ...sos, 0xff, 0xd9]);
}

function file(name: string, bytes: Uint8Array | string): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, bytes);
  return p;
}

describe('parseImageHeader: real headers give format and dimensions', () => {
  it.each([
    ['PNG', () => new Uint8Array(makePng(37, 5, [1, 2, 3])), 'png', 37, 5],
    ['GIF89a', () => gif(640, 480), 'gif', 640, 480],
    ['GIF87a', () => gif(3, 70, '87a'), 'gif', 3, 70],
    ['BMP (BITMAPINFOHEADER)', () => bmp(1024, 768), 'bmp', 1024, 768],
    ['BMP top-down (negative height)', () => bmp(10, -20), 'bmp', 10, 20],
    ['BMP v5 header', () => bmp(9, 11, 124), 'bmp', 9, 11],
    ['BMP core header (OS/2)', () => bmp(300, 200, 12), 'bmp', 300, 200],
    ['WebP VP8 (lossy)', () => webpVp8(800, 600), 'webp', 800, 600],
    ['WebP VP8L (lossless)', () => webpVp8l(16383, 2), 'webp', 16383, 2],
    ['WebP VP8X (extended)', () => webpVp8x(20000, 30000), 'webp', 20000, 30000],
    ['JPEG baseline (SOF0)', () => jpeg(1920, 1080), 'jpeg', 1920, 1080],
    ['JPEG progressive (SOF2)', () => jpeg(7, 9, { sof: 0xc2 }), 'jpeg', 7, 9],
    ['JPEG lossless (SOF3) after fill bytes', () => jpeg(12, 13, { sof: 0xc3, fill: true }), 'jpeg', 12, 13],
    ['JPEG arithmetic (SOF9) after 10 KB of metadata', () => jpeg(100, 50, { sof: 0xc9, padding: 10_000 }), 'jpeg', 100, 50],
  ])('%s', (_name, make, format, width, height) => {
    const h = parseImageHeader(make());
    expect(h).toEqual({ kind: 'image', format, width, height });
  });

  it('DHT, JPG and DAC markers are not frame headers', () => {
    // A DAC segment (0xcc) and a JPG-extension segment (0xc8) before the real SOF0.
    const body = jpeg(21, 22);
    const extra = [0xff, 0xcc, ...u16be(4), 0, 0, 0xff, 0xc8, ...u16be(6), 0, 0, 0, 0];
    const bytes = new Uint8Array([0xff, 0xd8, ...extra, ...body.subarray(2)]);
    expect(parseImageHeader(bytes)).toEqual({ kind: 'image', format: 'jpeg', width: 21, height: 22 });
  });

  it('a JPEG whose frame header lies past the bytes given asks for more, and scanJpeg continues there', () => {
    const whole = jpeg(640, 360, { padding: 70_000 });
    const first = parseImageHeader(whole.subarray(0, 4096), whole.length);
    expect(first.kind).toBe('more');
    let h = first;
    for (let i = 0; h.kind === 'more' && i < 10; i++) h = scanJpeg(whole.subarray(h.offset, h.offset + 4096), h.offset, h.offset, whole.length);
    expect(h).toEqual({ kind: 'image', format: 'jpeg', width: 640, height: 360 });
  });
});

describe('parseImageHeader: what is refused', () => {
  it('empty, unknown, cut off and damaged headers', () => {
    expect(parseImageHeader(new Uint8Array())).toEqual({ kind: 'empty' });
    expect(parseImageHeader(new TextEncoder().encode('<html><script>alert(1)</script>'))).toEqual({ kind: 'unknown' });
    // "BM" opens plenty of text: without a known info header size it is not a BMP.
    expect(parseImageHeader(new TextEncoder().encode('BMW 320i, 1987, red, very good condition'))).toEqual({ kind: 'unknown' });
    const png = new Uint8Array(makePng(4, 4, [0, 0, 0]));
    expect(parseImageHeader(png.subarray(0, 8))).toEqual({ kind: 'truncated', format: 'png', have: 8, need: 24 });
    expect(parseImageHeader(gif(1, 1).subarray(0, 7))).toEqual({ kind: 'truncated', format: 'gif', have: 7, need: 10 });
    expect(parseImageHeader(webpVp8(2, 2).subarray(0, 20))).toEqual({ kind: 'truncated', format: 'webp', have: 20, need: 30 });
    expect(parseImageHeader(bmp(2, 2).subarray(0, 20))).toEqual({ kind: 'truncated', format: 'bmp', have: 20, need: 26 });
    const jpg = jpeg(5, 5);
    expect(parseImageHeader(jpg.subarray(0, 30)).kind).toBe('truncated');
    // Damaged: the first PNG chunk is not IHDR; a JPEG that reaches its scan with no frame header; 0 pixels.
    const noIhdr = png.slice(0, 24);
    noIhdr.set(ascii('IDAT'), 12);
    expect(parseImageHeader(noIhdr)).toMatchObject({ kind: 'invalid', format: 'png' });
    expect(parseImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 4, 0, 0]))).toMatchObject({ kind: 'invalid', format: 'jpeg' });
    expect(parseImageHeader(gif(0, 5))).toMatchObject({ kind: 'invalid', format: 'gif' });
  });

  it('headerProblem: messages name the image, the format and the dimensions', () => {
    const big = new Uint8Array(makePng(1, 1, [0, 0, 0]));
    new DataView(big.buffer, big.byteOffset).setUint32(16, 20000);
    new DataView(big.buffer, big.byteOffset).setUint32(20, 20000);
    expect(headerProblem(parseImageHeader(big), big, 'images/huge.png')).toBe('image is 20000 x 20000 pixels (400 megapixels), over the 64-megapixel limit: images/huge.png');
    const text = new TextEncoder().encode('<html><script>alert(1)</script></html>\n');
    expect(headerProblem(parseImageHeader(text), text, 'a.png')).toBe('image is not a PNG, JPEG, GIF, WebP or BMP file: a.png (starts with "<html><script>al"…)');
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect(headerProblem(parseImageHeader(zip), zip, 'b.png')).toBe('image is not a PNG, JPEG, GIF, WebP or BMP file: b.png (starts with bytes 50 4b 03 04 14 00 00 00 08 00)');
    expect(MAX_IMAGE_PIXELS).toBe(64_000_000);
    // The limit itself passes; one pixel more does not.
    const at = webpVp8x(8000, 8000);
    expect(checkImageBytes(at, 'x')).toBeNull();
    expect(checkImageBytes(webpVp8x(8000, 8001), 'x')).toMatch(/^image is 8000 x 8001 pixels \(64 megapixels\), over the 64-megapixel limit: x$/);
  });
});

describe('parseImageHeader: properties', () => {
  /** Bytes that start like one of the formats, then anything: the paths past the signature get exercised. */
  const SIGS = [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], ascii('GIF89a'), [...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP')], ascii('BM'), []];
  const arbImage = fc.tuple(fc.constantFrom(...SIGS), fc.uint8Array({ maxLength: 300 })).map(([sig, rest]) => new Uint8Array([...sig, ...rest]));
  const arbBytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), arbImage);

  it('never throws and never reads outside the bytes given', () => {
    fc.assert(
      fc.property(arbBytes, fc.nat(1000), (bytes, extra) => {
        // A proxy that fails on any index outside the array (reads there are bugs, even if JS forgives them).
        const guarded = new Proxy(bytes, {
          get(target, key) {
            if (typeof key === 'string' && /^-?\d+$/.test(key)) {
              const i = Number(key);
              if (i < 0 || i >= target.length) throw new Error(`read at ${i} of ${target.length}`);
              return target[i];
            }
            const v = Reflect.get(target, key, target) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        });
        for (const total of [bytes.length, bytes.length + extra]) {
          const h = parseImageHeader(guarded, total);
          expect(['image', 'empty', 'unknown', 'truncated', 'invalid', 'more']).toContain(h.kind);
          if (h.kind === 'image') {
            expect(h.width).toBeGreaterThan(0);
            expect(Number.isInteger(h.width)).toBe(true);
          }
          if (h.kind === 'more') {
            expect(total).toBeGreaterThan(bytes.length);
            expect(h.offset).toBeGreaterThanOrEqual(0);
          }
          const msg = headerProblem(h, bytes, 'p');
          if (msg !== null) expect(msg).toMatch(/: p( \(starts with .*\))?$/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('scanJpeg from any offset never throws and always moves on', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(50), fc.nat(400), (bytes, start, total) => {
        const h = scanJpeg(bytes, start, start, start + bytes.length + total);
        if (h.kind === 'more') expect(h.offset).toBeGreaterThanOrEqual(start);
      }),
      { numRuns: 2000 },
    );
  });

  it('a real PNG of any size parses to that size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (w, h) => {
        expect(parseImageHeader(new Uint8Array(makePng(w, h, [9, 9, 9])))).toEqual({ kind: 'image', format: 'png', width: w, height: h });
      }),
      { numRuns: 50 },
    );
  });
});

describe('files, embedded bytes and data URIs', () => {
  const ctx = { datasetDir: tmp, checkExists: true };

  it('imageFromPath accepts real images of every format and names what it refuses', () => {
    file('ok/a.png', makePng(3, 3, [0, 0, 0]));
    file('ok/b.gif', gif(4, 4));
    file('ok/c.bmp', bmp(4, 4));
    file('ok/d.webp', webpVp8l(4, 4));
    file('ok/e.jpg', jpeg(4, 4));
    file('ok/f.jpg', jpeg(4000, 3000, { padding: 200_000 }));
    for (const p of ['ok/a.png', 'ok/b.gif', 'ok/c.bmp', 'ok/d.webp', 'ok/e.jpg', 'ok/f.jpg']) expect(imageFromPath(p, ctx).error, p).toBeUndefined();

    file('bad/html.png', '<html><script>alert(1)</script></html>\n');
    file('bad/empty.png', '');
    file('bad/cut.png', makePng(3, 3, [0, 0, 0]).subarray(0, 16));
    const bomb = makePng(1, 1, [0, 0, 0]);
    bomb.writeUInt32BE(20000, 16);
    bomb.writeUInt32BE(20000, 20);
    file('bad/huge.png', bomb);
    file('bad/cut.jpg', jpeg(4, 4).subarray(0, 40));
    fs.mkdirSync(path.join(tmp, 'bad/folder.png'), { recursive: true });
    expect(imageFromPath('bad/html.png', ctx).error).toBe('image is not a PNG, JPEG, GIF, WebP or BMP file: bad/html.png (starts with "<html><script>al"…)');
    expect(imageFromPath('bad/empty.png', ctx).error).toBe('image file is empty: bad/empty.png');
    expect(imageFromPath('bad/cut.png', ctx).error).toBe('image is cut off: its PNG header needs 24 bytes, the data has 16: bad/cut.png');
    expect(imageFromPath('bad/huge.png', ctx).error).toBe('image is 20000 x 20000 pixels (400 megapixels), over the 64-megapixel limit: bad/huge.png');
    expect(imageFromPath('bad/cut.jpg', ctx).error).toMatch(/^image is cut off: its JPEG header needs \d+ bytes, the data has 40: bad\/cut\.jpg$/);
    expect(imageFromPath('bad/folder.png', ctx).error).toBe('image is not a file: bad/folder.png');
    expect(imageFromPath('bad/none.png', ctx).error).toBe(`image not found: bad/none.png (looked in ${tmp})`);
    // Without the check (--no-image-check): nothing is read.
    expect(imageFromPath('bad/huge.png', { datasetDir: tmp, checkExists: false }).error).toBeUndefined();
  });

  it('checkImageFile reads a JPEG on, segment by segment, only as far as its frame header', () => {
    const p = file('ok/g.jpg', jpeg(5000, 20000, { padding: 300_000 }));
    expect(checkImageFile(p, 'g.jpg')).toBe('image is 5000 x 20000 pixels (100 megapixels), over the 64-megapixel limit: g.jpg');
  });

  it('embedded bytes: the same dimension check, naming the path the row gave', () => {
    const bomb = makePng(1, 1, [0, 0, 0]);
    bomb.writeUInt32BE(30000, 16);
    bomb.writeUInt32BE(30000, 20);
    expect(imageFromBytes(new Uint8Array(bomb), 'x.png').error).toBe(`image is 30000 x 30000 pixels (900 megapixels), over the 64-megapixel limit: embedded image x.png (${bomb.length} bytes)`);
    expect(imageFromBytes(new Uint8Array(bomb)).error).toBe(`image is 30000 x 30000 pixels (900 megapixels), over the 64-megapixel limit: embedded image (${bomb.length} bytes)`);
    expect(imageFromBytes(new Uint8Array(makePng(2, 2, [0, 0, 0]))).error).toBeUndefined();
    expect(imageFromBytes(new Uint8Array(makePng(2, 2, [0, 0, 0]).subarray(0, 10))).error).toMatch(/^image is cut off: its PNG header needs 24 bytes, the data has 10: embedded image/);
  });

  it('data URIs: the header from the first few KB of base64 only', () => {
    const uri = (bytes: Uint8Array, mime = 'image/png') => `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
    expect(imageFromDataUri(uri(new Uint8Array(makePng(3, 3, [0, 0, 0])))).error).toBeUndefined();
    const bomb = new Uint8Array(makePng(1, 1, [0, 0, 0]));
    new DataView(bomb.buffer).setUint32(16, 20000);
    new DataView(bomb.buffer).setUint32(20, 20000);
    expect(imageFromDataUri(uri(bomb)).error).toBe(`image is 20000 x 20000 pixels (400 megapixels), over the 64-megapixel limit: data URI (image/png, ${Buffer.from(bomb).toString('base64').length} base64 characters)`);
    // A long JPEG (only its start decoded), with its frame header early: still checked.
    const big = jpeg(9000, 9000);
    const padded = new Uint8Array([...big, ...new Array<number>(100_000).fill(0)]);
    expect(imageFromDataUri(uri(padded, 'image/jpeg')).error).toMatch(/^image is 9000 x 9000 pixels \(81 megapixels\)/);
    // A JPEG whose frame header lies past the decoded start: left to the decoder, not refused.
    expect(imageFromDataUri(uri(jpeg(10, 10, { padding: 10_000 }), 'image/jpeg')).error).toBeUndefined();
    // A declared PNG that is text; an SVG (not parsed here) is left alone.
    expect(imageFromDataUri(uri(new TextEncoder().encode('hello world, not a picture'))).error).toMatch(/^image is not a PNG, JPEG, GIF, WebP or BMP file: data URI \(image\/png/);
    expect(imageFromDataUri(uri(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml')).error).toBeUndefined();
  });
});
