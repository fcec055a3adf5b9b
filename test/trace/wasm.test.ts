/**
 * The anchor matcher's WebAssembly scan (src/core/trace/wasm.ts) finds exactly what the JavaScript loop
 * finds: the same anchor hits and sentence boundaries, on random text and ranges, on texts longer than
 * its memory had room for, with a full hits buffer; and the matcher falls back to JavaScript where
 * WebAssembly is missing.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AnchorMatcher, SentenceBounds } from '../../src/core/trace/anchors';
import { defaultCueSet } from '../../src/core/trace/cues';
import { disableWasmScan, scanModule } from '../../src/core/trace/wasm';

const pieces = fc.constantFrom('wait', 'Wait', 'let me check', 'not ', "don't", '. ', '! ', '? ', '\n', '\n\n', ' ', '\t', 'x', 'é', '😀', '×', 'double-check', 'again', '24', 'AGAIN', '.\t ');

function both(m: AnchorMatcher, text: string, start: number, end: number, cap = 4096) {
  const units = m.load(text);
  const hitsW = new Int32Array(cap);
  const boundsW = new SentenceBounds();
  const nW = m.scanSentences(units, start, end, hitsW, boundsW);
  const copy = Uint16Array.from(units.subarray(0, text.length + 1));
  const hitsJ = new Int32Array(cap);
  const boundsJ = new SentenceBounds();
  const nJ = m.scanSentencesJs(copy, start, end, hitsJ, boundsJ);
  return {
    wasm: { n: nW, hits: [...hitsW.subarray(0, nW)], bounds: [...boundsW.at.subarray(0, boundsW.count)] },
    js: { n: nJ, hits: [...hitsJ.subarray(0, nJ)], bounds: [...boundsJ.at.subarray(0, boundsJ.count)] },
  };
}

afterEach(() => disableWasmScan(false));

describe('the WebAssembly anchor scan', () => {
  it('compiles here', () => {
    expect(scanModule()).not.toBeNull();
  });

  it('finds the hits and sentence boundaries the JavaScript loop finds (random text and ranges)', () => {
    const m = defaultCueSet().matcher;
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 80 }), fc.nat(), fc.nat(), (ps, a, b) => {
        const text = ps.join('');
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        const r = both(m, text, start, end);
        expect(r.wasm).toEqual(r.js);
      }),
      { numRuns: 2000 },
    );
    expect(m.usesWasm).toBe(true);
  });

  it('stops at a full hits buffer as the JavaScript loop does', () => {
    const m = defaultCueSet().matcher;
    const text = 'wait, not again. let me check. '.repeat(20);
    const r = both(m, text, 0, text.length, 9);
    expect(r.js.n).toBe(8);
    expect(r.wasm).toEqual(r.js);
  });

  it('grows its memory for a long text', () => {
    const m = new AnchorMatcher(['wait', 'check', 'not ']);
    const text = 'Wait. I should check it, not guess!\n'.repeat(20_000);
    const r = both(m, text, 0, text.length, 2 * text.length + 2);
    expect(r.wasm.n).toBeGreaterThan(100_000);
    expect(m.usesWasm).toBe(true);
    expect(r.wasm).toEqual(r.js);
    // And a short one after it.
    const s = both(m, 'not wait', 0, 8);
    expect(s.wasm).toEqual(s.js);
  });

  it('falls back to JavaScript where WebAssembly is missing', () => {
    disableWasmScan(true);
    const m = new AnchorMatcher(['wait']);
    const units = m.load('so wait. wait');
    expect(m.usesWasm).toBe(false);
    const hits = new Int32Array(16);
    const bounds = new SentenceBounds();
    expect(m.scanSentences(units, 0, 13, hits, bounds)).toBe(4);
    expect([...hits.subarray(0, 4)]).toEqual([7, 4, 13, 4]);
    expect([...bounds.at.subarray(0, bounds.count)]).toEqual([0, 9, 13]);
  });
});
