/**
 * The UTF-16 code units of a string in a typed array. The tagger and the statistics walk every character
 * of a trace several times (anchors, sentence ends, token estimate); reading a `Uint16Array` in such a
 * loop is about twice as fast as `charCodeAt` (which checks the string's representation at every
 * character), and Node copies a string into one natively, in about the time of a `memcpy`.
 */

/** Whether this machine stores a `Uint16Array` little-endian (as Node's `utf16le` encoding writes). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A reusable buffer for the code units of one string at a time. */
export class CodeUnits {
  private units = new Uint16Array(1024);
  private bytes: Buffer | null = null;

  /**
   * The code units of `text`: `units[i] === text.charCodeAt(i)` for i < text.length, and
   * `units[text.length] === 0` (a sentinel: reading one past the end finds no space, letter or digit,
   * as `charCodeAt` past the end gives NaN). Valid until the next `load`; the array may be longer.
   */
  load(text: string): Uint16Array {
    const n = text.length;
    if (this.units.length < n + 1) {
      this.units = new Uint16Array(Math.max(2 * this.units.length, n + 1));
      this.bytes = null;
    }
    const units = this.units;
    if (LITTLE_ENDIAN && typeof Buffer !== 'undefined') {
      this.bytes ??= Buffer.from(units.buffer, units.byteOffset, units.byteLength);
      // `utf16le` copies the code units as they are (lone surrogates included).
      this.bytes.write(text, 0, 2 * n, 'utf16le');
    } else {
      for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
    }
    units[n] = 0;
    return units;
  }
}

/** The first halves (high surrogates) of the astral characters with a lower case (test/trace checks it against the runtime). */
export const CASED_ASTRAL_HIGH_SURROGATES = [0xd801, 0xd803, 0xd806, 0xd81b, 0xd83a];

let changed: Uint8Array | null = null;

/**
 * Per code unit: 1 when the tagger's match text (lower case, straight quotes: tagger.ts matchText) differs
 * from it other than as an ASCII capital: a letter outside ASCII with a lower case, a curly quote, the
 * first half of an astral letter with a lower case. Built on first use (a few milliseconds).
 */
export function changedUnits(): Uint8Array {
  if (changed) return changed;
  const table = new Uint8Array(65536);
  for (let c = 0x80; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (ch.toLowerCase() !== ch) table[c] = 1;
  }
  for (const c of '‘’ʼ′`´“”„″«»') table[c.charCodeAt(0)] = 1;
  for (const c of CASED_ASTRAL_HIGH_SURROGATES) table[c] = 1;
  changed = table;
  return table;
}
