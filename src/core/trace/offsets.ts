/**
 * Offsets in two units. Inside Helix Curator every span is a JavaScript string offset (UTF-16 code
 * units). Everything that leaves the process as data (the CLI's `tag --json`, the tag evaluation) uses
 * Unicode code point offsets instead, which is what Python's `str` indexes by: the gold files and most
 * dataset tooling are Python. The two differ only after an astral character (emoji, some CJK, math
 * alphanumerics), which takes two code units but is one code point.
 */

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Converts offsets of one string between UTF-16 code units and code points. */
export class OffsetConverter {
  /**
   * UTF-16 positions of the second half (low surrogate) of every surrogate pair, ascending. Empty for the
   * common case of a string without astral characters, where both units agree.
   */
  private readonly pairs: Int32Array;

  constructor(readonly text: string) {
    const found: number[] = [];
    if (isBmpOnly(text)) {
      this.pairs = new Int32Array(0);
      return;
    }
    for (let i = 0; i < text.length - 1; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        found.push(i + 1);
        i++;
      }
    }
    this.pairs = Int32Array.from(found);
  }

  /** Whether the two units agree everywhere in this string. */
  get identity(): boolean {
    return this.pairs.length === 0;
  }

  /** The code point offset of a UTF-16 offset (one inside a surrogate pair counts as the pair's start). */
  toCodePoint(utf16: number): number {
    if (this.pairs.length === 0) return utf16;
    // Pairs whose second half lies before `utf16` each shrink the offset by one.
    return utf16 - this.countBelow(utf16 + 1);
  }

  /** The UTF-16 offset of a code point offset. */
  toUtf16(codePoint: number): number {
    if (this.pairs.length === 0) return codePoint;
    // The k-th pair (0-based) starts at code point pairs[k] - 1 - k; every pair starting before
    // `codePoint` adds one unit.
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairs[mid]! - 1 - mid < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }

  /** Number of pair second-halves at positions < limit. */
  private countBelow(limit: number): number {
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairs[mid]! < limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const SURROGATE = /[\ud800-\udbff]/;

/** Whether the text has no astral characters (then code point and UTF-16 offsets agree everywhere). */
export function isBmpOnly(text: string): boolean {
  return !SURROGATE.test(text);
}

/** Length in code points (Python's `len`) of text[start, end). */
export function codePointLength(text: string, start = 0, end = text.length): number {
  let n = end - start;
  for (let i = start; i < end - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}
