/**
 * The anchor matcher's scan as a small WebAssembly function (see anchors.ts `AnchorMatcher`): the loop
 * over every character of every step is the tagger's largest single cost, and compiled WebAssembly
 * runs it about 1.5 times as fast as the same loop in JavaScript (no bounds checks on its typed arrays).
 *
 * The module is written out here byte by byte (a few hundred bytes: no toolchain, nothing to download),
 * compiled once per process, and instantiated per matcher with its own memory:
 *
 *     [CLASS: 65,536 bytes, the matcher's character classes]
 *     [SENTENCE_CLASS: 65,536 bytes] [SENTENCE_STEP: 16 bytes] [COUNT: 4 bytes, boundaries written]
 *     [ENDS: 65,536 bytes] [DELTA: the transition table, 2 bytes per entry]
 *     [text: 2 bytes per code unit] [hits: 4 bytes per entry] [bounds: 4 bytes per entry]
 *
 * `scan(text, start, end, hits, cap, bounds, rowSize)` does exactly what `AnchorMatcher.scanSentences`
 * does in JavaScript (test/trace/wasm.test.ts compares them); where WebAssembly is missing the
 * JavaScript loop runs.
 */

// A tiny encoder ------------------------------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const utf8 = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

const I32 = 0x7f;
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const i32 = (n: number): number[] => [0x41, ...sleb(n)];
const ADD = 0x6a;
const DIV_U = 0x6e;
const AND = 0x71;
const SHL = 0x74;
const LT_S = 0x48;
const GE_S = 0x4e;
const END = 0x0b;
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const br = (depth: number): number[] => [0x0c, depth];
const brIf = (depth: number): number[] => [0x0d, depth];
const load8 = (offset: number): number[] => [0x2d, 0, ...uleb(offset)];
const load16 = (offset: number): number[] => [0x2f, 1, ...uleb(offset)];
const store32 = (offset: number): number[] => [0x36, 2, ...uleb(offset)];

// The memory layout ---------------------------------------------------------------------------------

export const CLASS_AT = 0;
export const SENTENCE_CLASS_AT = 65536;
export const SENTENCE_STEP_AT = 131072;
export const COUNT_AT = SENTENCE_STEP_AT + 16;
/** Per transition entry `d` (see DELTA_AT): 1 when the state it leads to ends an anchor. */
export const ENDS_AT = COUNT_AT + 16;
/**
 * The transitions, 2 bytes each (a smaller table than the JavaScript loop's: more of it stays in the
 * processor's caches): entry `row + class`, where a state's `row` is its number times `ROW` (the
 * alphabet rounded up to a multiple of 4), holds the next state's row divided by 4.
 */
export const DELTA_AT = ENDS_AT + 65536;

// Parameters and locals of `scan`.
const TEXT = 0;
const START = 1;
const STOP = 2;
const HITS = 3;
const CAP = 4;
const BOUNDS = 5;
const ALPHABET = 6;
const I = 7;
const ROW = 8;
const STATE = 9;
const C = 10;
const D = 11;
const B = 12;
const N = 13;
const NB = 14;

/** bounds[nb++] = value */
const pushBound = (value: number[]): number[] => [...get(BOUNDS), ...get(NB), ...i32(2), SHL, ADD, ...value, ...store32(0), ...get(NB), ...i32(1), ADD, ...set(NB)];

/** The body of `scan` (see the module comment, and `AnchorMatcher.scanSentences` for the same loop in JavaScript). */
function scanBody(): number[] {
  return [
    ...pushBound(get(START)),
    ...get(START),
    ...set(I),
    ...BLOCK,
    ...LOOP,
    // while (i < end)
    ...get(I),
    ...get(STOP),
    GE_S,
    ...brIf(1),
    // c = text[i]
    ...get(TEXT),
    ...get(I),
    ...i32(1),
    SHL,
    ADD,
    ...load16(0),
    ...set(C),
    // d = delta[row + classOf[c]] (2 bytes each)
    ...get(ROW),
    ...get(C),
    ...load8(CLASS_AT),
    ADD,
    ...i32(1),
    SHL,
    ...load16(DELTA_AT),
    ...set(D),
    // b = SENTENCE_STEP[state + SENTENCE_CLASS[c]]
    ...get(STATE),
    ...get(C),
    ...load8(SENTENCE_CLASS_AT),
    ADD,
    ...load8(SENTENCE_STEP_AT),
    ...set(B),
    // row = d << 2; state = b & 12
    ...get(D),
    ...i32(2),
    SHL,
    ...set(ROW),
    ...get(B),
    ...i32(12),
    AND,
    ...set(STATE),
    // if (ends[d] && n < cap) { hits[n] = i + 1; hits[n + 1] = row / ROW (the state); n += 2 }
    ...get(D),
    ...load8(ENDS_AT),
    ...IF,
    ...get(N),
    ...get(CAP),
    LT_S,
    ...IF,
    ...get(HITS),
    ...get(N),
    ...i32(2),
    SHL,
    ADD,
    ...get(I),
    ...i32(1),
    ADD,
    ...store32(0),
    ...get(HITS),
    ...get(N),
    ...i32(2),
    SHL,
    ADD,
    ...get(ROW),
    ...get(ALPHABET),
    DIV_U,
    ...store32(4),
    ...get(N),
    ...i32(2),
    ADD,
    ...set(N),
    END,
    END,
    // if (b >= 16) { if (b & 16) push(i); if (b & 32 && i + 1 < end) push(i + 1) }
    ...get(B),
    ...i32(16),
    GE_S,
    ...IF,
    ...get(B),
    ...i32(16),
    AND,
    ...IF,
    ...pushBound(get(I)),
    END,
    ...get(B),
    ...i32(32),
    AND,
    ...IF,
    ...get(I),
    ...i32(1),
    ADD,
    ...get(STOP),
    LT_S,
    ...IF,
    ...pushBound([...get(I), ...i32(1), ADD]),
    END,
    END,
    END,
    // i++
    ...get(I),
    ...i32(1),
    ADD,
    ...set(I),
    ...br(0),
    END,
    END,
    ...pushBound(get(STOP)),
    // COUNT = nb; return n
    ...i32(0),
    ...get(NB),
    ...store32(COUNT_AT),
    ...get(N),
    END,
  ];
}

/** The module: `scan`, and an imported memory `env.memory`. */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, vec([[0x60, ...vec(Array.from({ length: 7 }, () => [I32])), ...vec([[I32]])]]));
  const imports = section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, 0x00, ...uleb(1)]]));
  const functions = section(3, vec([uleb(0)]));
  const exports = section(7, vec([[...utf8('scan'), 0x00, 0]]));
  const body = [...vec([[...uleb(NB - I + 1), I32]]), ...scanBody()];
  const code = section(10, vec([[...uleb(body.length), ...body]]));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...functions, ...exports, ...code]);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly is missing or refused (then the JavaScript loop runs). */
export function scanModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(moduleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** For the tests: turn the WebAssembly scan off (true) or back on. */
export function disableWasmScan(off: boolean): void {
  compiled = off ? null : undefined;
}
