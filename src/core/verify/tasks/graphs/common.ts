/**
 * What the graph verifiers share: the reference's list-or-No decision table (verifiers.md §2.3) around a
 * task's validity check, the reference's node-set and adjacency rules with located reasons, and strict
 * mode's reading of the answer.
 *
 * Conventions in reasons: list positions are 1-based ("position 3" is the third entry of the answer);
 * `locations` use 0-based `index` (kind `token`: an entry of the answer; kind `edge`: the step from
 * entry `index` to entry `index + 1`), vertex ids as the puzzle names them (kind `node`, in `from`).
 */
import type { PyValue } from '../../../pyliteral';
import { crash, fail, parseError, pass, type Check, type Location, type VerifyInput } from '../../types';
import { buildGraph, fmtIds, isGraph, plural, preview, type Graph } from './model';
import { PyError, pyContains, pyGetItem, pyItems, pyIter, pyStrAny, pyTypeName, safeParseAnswer, type SafeParse } from './pyparse';

/** "a" or "an" before a noun phrase ("an Eulerian path", "a Hamiltonian path"). */
export function an(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** A decoded value's text for a reason, shortened (no quotes). */
export function short(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------------------------------------------------------------------------------------------------
// Reference

/** The graph as the reference sees it: the dict, or safe_parse_answer of a string initial_state. */
export function referenceGraph(state: VerifyInput['initialState']): unknown {
  if (typeof state !== 'string') return state;
  const p = safeParseAnswer(state);
  if (p.kind === 'raise') throw p.error;
  return p.kind === 'value' ? p.value : null;
}

export function crashCheck(e: unknown, task: string): Check {
  if (e instanceof PyError) {
    return crash(`the reference ${task} check raises ${e.message} (caught by the reference: scored 0)${e.pyType === 'AttributeError' ? '; the initial_state is not an adjacency dict' : ''}`);
  }
  throw e;
}

/**
 * The reference's evaluate(): parse the graph, the prediction and the ground truth (§2.3), apply the
 * decision table, then the task's validity check on the decoded prediction.
 */
export function referenceFlow(input: VerifyInput, task: string, what: string, validate: (value: PyValue, graph: unknown) => Check): Check {
  try {
    const graph = referenceGraph(input.initialState);
    const pred = safeParseAnswer(input.answer);
    if (pred.kind === 'raise') throw pred.error;
    if (pred.kind === 'none') return fail(`could not read ${an(what)} (a list, or 'No') from the answer: ${pred.why}: ${preview(input.answer)}`);
    const gt = safeParseAnswer(input.groundTruth);
    if (gt.kind === 'raise') throw gt.error;
    if (gt.kind !== 'value') {
      return pred.kind === 'no' ? pass(`the stored answer is 'No' and so is the answer`) : fail(`the stored answer is 'No' (no ${what} exists), but the answer gives ${preview(input.answer, 60)}`);
    }
    if (pred.kind === 'no') return fail(`the answer says 'No', but ${an(what)} exists (the stored answer is ${preview(input.groundTruth, 60)})`);
    return validate(pred.value, graph);
  } catch (e) {
    return crashCheck(e, task);
  }
}

/** The reference's "not a list" rejection, with the reason. */
export function notAList(value: PyValue, what: string, minLength: number): Check | null {
  if (!Array.isArray(value)) return fail(`the answer decodes to a ${pyTypeName(value)} (${short(pyStrAny(value), 60)}), not a list: the reference requires ${an(what)} written as a list such as [0, 1, 2]`);
  if (value.length === 0) return fail(`the ${what} is empty`);
  if (value.length < minLength) return fail(`the ${what} has ${plural(value.length, 'vertex', 'vertices')}: the reference requires at least ${minLength}`);
  return null;
}

/** `graph.keys()` then the neighbours of `graph.items()`, as str(): the reference's node set. */
export function referenceNodeSet(graph: unknown): Set<string> {
  const items = pyItems(graph, 'keys');
  const all = new Set<string>(items.map(([k]) => pyStrAny(k)));
  for (const [, nbrs] of items) for (const n of pyIter(nbrs)) all.add(pyStrAny(n));
  return all;
}

/** The reference's "set(path) == all nodes, then no duplicates" rule, or null when it holds. */
export function nodeSetCheck(ids: readonly string[], all: ReadonlySet<string>, what: string, offset = 0): Check | null {
  const set = new Set(ids);
  const missing = [...all].filter((n) => !set.has(n));
  const extra: Array<[string, number]> = [];
  ids.forEach((id, i) => {
    if (!all.has(id) && !extra.some(([x]) => x === id)) extra.push([id, i]);
  });
  if (missing.length > 0 || extra.length > 0) {
    const parts: string[] = [];
    const locations: Location[] = [];
    if (extra.length > 0) {
      parts.push(`${extra.map(([id, i]) => `${id} (position ${i + 1 + offset})`).join(', ')} ${extra.length === 1 ? 'is not a vertex' : 'are not vertices'} of the graph`);
      for (const [id, i] of extra) locations.push({ kind: 'token', index: i + offset, label: `${id} is not a vertex of the graph` });
    }
    if (missing.length > 0) {
      parts.push(`the ${what} misses ${missing.length === 1 ? 'vertex' : 'vertices'} ${fmtIds(missing)}`);
      for (const id of missing) locations.push({ kind: 'node', from: id, label: `vertex ${id} is missing` });
    }
    return fail(`${parts.join('; ')} (every vertex must appear exactly once)`, locations);
  }
  const dup = firstRepeat(ids);
  if (dup) {
    return fail(`vertex ${dup.id} appears twice in the ${what} (positions ${dup.first + 1 + offset} and ${dup.second + 1 + offset})`, [
      { kind: 'token', index: dup.first + offset, label: `first visit of ${dup.id}` },
      { kind: 'token', index: dup.second + offset, label: `vertex ${dup.id} again` },
    ]);
  }
  return null;
}

export function firstRepeat(ids: readonly string[]): { id: string; first: number; second: number } | null {
  const at = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const first = at.get(ids[i]!);
    if (first !== undefined) return { id: ids[i]!, first, second: i };
    at.set(ids[i]!, i);
  }
  return null;
}

/** The reference's adjacency step: `u in graph` and `v in [str(n) for n in graph[u]]`; null when it holds. */
export function referenceStep(graph: unknown, u: string, v: string, step: number, label = `positions ${step + 1}-${step + 2}`): Check | null {
  if (!pyContains(graph, u)) {
    return fail(`vertex ${u} (position ${step + 1}) has no adjacency entry in the graph, so edge ${u}-${v} cannot be checked`, [{ kind: 'edge', from: u, to: v, index: step, label: `${u} has no adjacency entry` }]);
  }
  const nbrs = pyIter(pyGetItem(graph, u)).map(pyStrAny);
  if (!nbrs.includes(v)) return fail(`edge ${u}-${v} does not exist (${label})`, [{ kind: 'edge', from: u, to: v, index: step, label: `edge ${u}-${v} does not exist` }]);
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Strict

export type StrictAnswer = { kind: 'no' } | { kind: 'list'; ids: string[]; values: PyValue[] } | { kind: 'error'; check: Check };

/** Read a list of vertices or 'No' (the format the questions ask for); anything else is a parse error. */
export function readVertexList(answer: string, what: string): StrictAnswer {
  const p: SafeParse = safeParseAnswer(answer);
  if (p.kind === 'no') return { kind: 'no' };
  if (p.kind === 'raise') return { kind: 'error', check: parseError(`could not read ${an(what)} from the answer: it is not a valid literal (${p.error.message}): ${preview(answer)}`) };
  if (p.kind === 'none') return { kind: 'error', check: parseError(`could not read ${an(what)} (a list such as [0, 1, 2], or 'No') from the answer: ${p.why}: ${preview(answer)}`) };
  const v = p.value;
  if (!Array.isArray(v)) {
    const shape = pyTypeName(v);
    return {
      kind: 'error',
      check: parseError(`could not read ${an(what)} from the answer: it is a ${shape} (${short(pyStrAny(v), 60)}), not a list such as [0, 1, 2]${shape === 'tuple' ? ' (brackets are missing or mismatched)' : ''}`),
    };
  }
  return { kind: 'list', ids: v.map(pyStrAny), values: v };
}

/** The strict graph, or a fallback check against the stored answer when the puzzle cannot be rebuilt. */
export function strictGraph(input: VerifyInput, what: string, sameAsStored: (a: StrictAnswer, gt: SafeParse) => boolean, answer: StrictAnswer): Graph | Check {
  const g = buildGraph(input.initialState);
  if (isGraph(g)) return g;
  const gt = safeParseAnswer(input.groundTruth);
  const storedNo = gt.kind !== 'value';
  const ok = sameAsStored(answer, gt);
  const why = `${g.error}, so the ${what} cannot be checked against the graph; compared with the stored answer ${storedNo ? "'No'" : preview(input.groundTruth, 60)} instead`;
  return ok ? pass(`${why}: it matches`) : fail(`${why}: it differs`);
}

/** Same vertex sequence as a stored list (by str ids), or both 'No'. */
export function sameSequence(a: StrictAnswer, gt: SafeParse): boolean {
  if (gt.kind !== 'value') return a.kind === 'no';
  if (a.kind !== 'list' || !Array.isArray(gt.value)) return false;
  const ids = gt.value.map(pyStrAny);
  return ids.length === a.ids.length && ids.every((x, i) => x === a.ids[i]);
}

/** Positions of the answer that are not vertices of the graph (reason parts and locations). */
export function unknownVertices(g: Graph, ids: readonly string[], values: readonly PyValue[]): { part: string | null; locations: Location[] } {
  const bad: number[] = [];
  ids.forEach((id, i) => {
    if (!g.index.has(id)) bad.push(i);
  });
  if (bad.length === 0) return { part: null, locations: [] };
  const describe = (i: number): string => {
    const v = values[i];
    const kind = typeof v === 'number' || typeof v === 'string' ? '' : ` (a ${pyTypeName(v)})`;
    return `${ids[i]!}${kind} at position ${i + 1}`;
  };
  const shown = bad.slice(0, 5).map(describe).join(', ');
  return {
    part: `${shown}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''} ${bad.length === 1 ? 'is not a vertex' : 'are not vertices'} of the graph`,
    locations: bad.map((i) => ({ kind: 'token', index: i, label: `${ids[i]!} is not a vertex of the graph` })),
  };
}
