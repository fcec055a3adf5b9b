/**
 * hanoi — `hanoi_evaluator` (verifiers.md §7.2).
 *
 * Moves are `(disk, peg)` pairs; pegs are numbered from 1 as in the question, moves from 1 in reasons
 * (locations: 0-based move index).
 */
import { parsePyLiteral, PyFloat, PySet, PyTuple, type PyValue } from '../../../pyliteral';
import { crash, fail, parseError, pass, type Check, type TaskVerifier, type VerifyInput } from '../../types';
import { afterMoves, digitsValue, leftoverTokens, listing, moveLoc, plural, PY_DIGIT, PY_WS, quote } from './common';
import { flat, flatMap } from '../../collections';

/** `\(\s*(\d+)\s*[,\s]\s*(\d+)\s*\)` with Python's Unicode `\s` and `\d`. */
const PAIR = new RegExp(`\\([${PY_WS}]*(${PY_DIGIT}+)[${PY_WS}]*[,${PY_WS}][${PY_WS}]*(${PY_DIGIT}+)[${PY_WS}]*\\)`, 'gu');

export interface Move {
  disk: number;
  peg: number;
  text: string;
}

export function readPairs(answer: string, re: RegExp): Move[] {
  return [...answer.matchAll(re)].map((m) => ({ disk: digitsValue(m[1]!), peg: digitsValue(m[2]!), text: `(${digitsValue(m[1]!)},${digitsValue(m[2]!)})` }));
}

// ---------------------------------------------------------------------------------------------
// reference: a faithful model of `hanoi_check` on whatever the initial state decodes to

/** Python `list(x)`: the items of an iterable, or null when `x` is not iterable (TypeError). */
function pyList(v: PyValue): PyValue[] | null {
  if (Array.isArray(v)) return v;
  if (v instanceof PyTuple || v instanceof PySet) return v.items;
  if (typeof v === 'string') return Array.from(v);
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) return v.entries.map(([k]) => k);
  return null;
}

/** The numeric value Python compares with an int (ints, floats, bools), else null. */
function pyNumber(v: PyValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

function show(v: PyValue | undefined): string {
  const n = pyNumber(v);
  return n !== null ? String(n) : JSON.stringify(v);
}

function reference(input: VerifyInput): Check {
  const st = input.initialState;
  if (st === '' || (st !== null && typeof st === 'object' && Object.keys(st).length === 0)) {
    return fail('the item has an empty initial state (no pegs), so the reference scores it 0');
  }
  if (st === null) return crash('the item has no initial state: the reference crashes iterating the missing value');
  let pegs: PyValue[][];
  if (typeof st === 'string') {
    let lst: PyValue;
    try {
      lst = parsePyLiteral(st);
    } catch (e) {
      return crash(`the initial state is not a Python literal (${e instanceof Error ? e.message : String(e)}): the reference crashes reading it`);
    }
    const outer = pyList(lst);
    if (outer === null) return crash('the initial state is not a list of pegs: the reference crashes iterating it');
    const built: PyValue[][] = [];
    for (const peg of outer) {
      const items = pyList(peg);
      if (items === null) return crash(`peg ${built.length + 1} of the initial state (${show(peg)}) is not a list: the reference crashes reading it`);
      built.push([...items]);
    }
    pegs = built;
  } else {
    // A dict: the reference iterates its keys as pegs (each key's characters as disks).
    pegs = Object.keys(st).map((k) => Array.from(k));
  }

  const moves = readPairs(input.answer, PAIR);
  if (moves.length === 0) return fail(`could not read a move list from the answer: no (disk, peg) pairs such as (1,3) in ${quote(input.answer)}`);

  for (const [i, { disk, peg, text }] of moves.entries()) {
    const bad = (why: string): Check => {
      const label = `move ${i + 1} ${text}: ${why}`;
      return fail(label, [moveLoc(i, label)]);
    };
    if (peg <= 0 || peg > pegs.length) return bad(`there is no peg ${peg} (pegs are numbered 1 to ${pegs.length})`);
    const src = pegs.findIndex((p) => p.some((x) => pyNumber(x) === disk));
    if (src < 0) return bad(`disk ${disk} is not on any peg`);
    const from = pegs[src]!;
    const top = from[from.length - 1];
    if (pyNumber(top) !== disk) return bad(`disk ${disk} is under disk ${show(top)} on peg ${src + 1}, so it cannot move`);
    if (src === peg - 1) return bad(`disk ${disk} is already on peg ${peg}`);
    const to = pegs[peg - 1]!;
    if (to.length > 0) {
      const destTop = to[to.length - 1];
      const n = pyNumber(destTop);
      if (n === null) return crash(`move ${i + 1} ${text}: peg ${peg} holds ${show(destTop)}, which the reference cannot compare with a disk number (it crashes)`);
      if (n < disk) return bad(`disk ${disk} would go on the smaller disk ${n} on peg ${peg}`);
    }
    to.push(from.pop()!);
  }
  const left = flatMap(pegs.slice(0, -1), (p, k) => (p.length > 0 ? [`peg ${k + 1} still holds ${listing(p.map(show))}`] : []));
  if (left.length === 0) return pass();
  return fail(`${afterMoves(moves.length)} not every disk is on the last peg (peg ${pegs.length}): ${left.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// strict

/** `(disk, peg)` or `[disk, peg]`, spaces allowed anywhere. */
export const STRICT_PAIR = /[([]\s*(\d+)\s*[,\s]\s*(\d+)\s*[)\]]/gu;

export function readInitialPegs(st: VerifyInput['initialState']): number[][] | string {
  if (typeof st !== 'string') return 'the initial state is not a list of pegs';
  let v: PyValue;
  try {
    v = parsePyLiteral(st);
  } catch {
    return 'the initial state is not a list of pegs';
  }
  const outer = v instanceof PyTuple ? v.items : v;
  if (!Array.isArray(outer) || outer.length < 2) return 'the initial state is not a list of at least two pegs';
  const pegs: number[][] = [];
  for (const [k, peg] of outer.entries()) {
    const items = peg instanceof PyTuple ? peg.items : peg;
    if (!Array.isArray(items) || !items.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
      return `peg ${k + 1} of the initial state is not a list of disk numbers`;
    }
    const disks = items as number[];
    for (let j = 1; j < disks.length; j++) {
      if (disks[j]! > disks[j - 1]!) return `the initial state is not a legal position: on peg ${k + 1} disk ${disks[j]!} lies on the smaller disk ${disks[j - 1]!}`;
    }
    pegs.push([...disks]);
  }
  const all = flat(pegs);
  if (new Set(all).size !== all.length) return 'the initial state lists a disk twice';
  if (all.length === 0) return 'the initial state has no disks';
  return pegs;
}

function strict(input: VerifyInput): Check {
  const pegs = readInitialPegs(input.initialState);
  if (typeof pegs === 'string') return fail(`${pegs}: the moves cannot be checked`);
  const target = pegs.length;
  const moves = readPairs(input.answer, STRICT_PAIR);
  if (moves.length === 0) return parseError(`could not read a move list from the answer: no (disk, peg) pairs such as (1,3) in ${quote(input.answer)}`);
  const other = leftoverTokens(input.answer, STRICT_PAIR);
  if (other.length > 0) return parseError(`could not read a move list from the answer: besides the (disk, peg) pairs it contains ${listing(other.map((t) => quote(t, 20)), 3)}`);

  const total = flat(pegs).length;
  const isSolved = (): boolean => pegs[target - 1]!.length === total;
  if (isSolved()) return fail(`the initial state is already solved (every disk on peg ${target})`);
  for (const [i, { disk, peg, text }] of moves.entries()) {
    const bad = (why: string): Check => {
      const label = `move ${i + 1} ${text}: ${why}`;
      return fail(label, [moveLoc(i, label)]);
    };
    if (peg < 1 || peg > pegs.length) return bad(`there is no peg ${peg} (pegs are numbered 1 to ${pegs.length})`);
    const src = pegs.findIndex((p) => p.includes(disk));
    if (src < 0) return bad(`there is no disk ${disk} (the disks are ${listing([...flat(pegs)].sort((a, b) => a - b).map(String), 8)})`);
    const from = pegs[src]!;
    if (from[from.length - 1] !== disk) return bad(`disk ${disk} is under disk ${from[from.length - 1]!} on peg ${src + 1}, so it cannot move`);
    if (src === peg - 1) return bad(`disk ${disk} is already on peg ${peg}`);
    const to = pegs[peg - 1]!;
    if (to.length > 0 && to[to.length - 1]! < disk) return bad(`disk ${disk} would go on the smaller disk ${to[to.length - 1]!} on peg ${peg}`);
    to.push(from.pop()!);
    if (isSolved() && i < moves.length - 1) {
      const label = `move ${i + 2} ${moves[i + 1]!.text} comes after the puzzle is solved`;
      return fail(`every disk is on peg ${target} after move ${i + 1}, but the answer goes on with ${plural(moves.length - 1 - i, 'more move')} (from move ${i + 2}, ${moves[i + 1]!.text})`, [moveLoc(i + 1, label)]);
    }
  }
  if (isSolved()) return pass(`every disk is on peg ${target} after ${plural(moves.length, 'move')}`);
  const left = flatMap(pegs.slice(0, -1), (p, k) => (p.length > 0 ? [`peg ${k + 1} still holds ${listing(p.map(String))}`] : []));
  return fail(`${afterMoves(moves.length)} not every disk is on peg ${target}: ${left.join('; ')}`);
}

export const hanoi: TaskVerifier = {
  scoreFunction: 'hanoi_evaluator',
  categories: ['hanoi'],
  reference,
  strict,
};
