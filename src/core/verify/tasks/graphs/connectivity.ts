/**
 * connectivity_test — `connectivity_evaluator` (verifiers.md §5.9; no benchmark items).
 *
 * initial_state: an adjacency list, or `{adjacency_list, start_node, target_node}`. The answer is either
 * a component count (the whole text an integer, Python `int()`), or a path (a list).
 * Reference: counts must equal the stored count and the recount (Python's bool is an int, so `True`
 * counts as 1); paths: start/end at the named vertices when both are given, every consecutive pair an
 * adjacency-list edge (u must be a key); without start/target, any walk along edges passes, even a
 * single vertex. 'No' is never accepted.
 * Strict: a count must be a plain integer equal to the true number of components; a path must be a
 * simple path (no vertex twice) along undirected edges, between the named vertices (or, when the state
 * does not name them, the stored path's endpoints); 'No' is right exactly when the target is
 * unreachable from the start.
 */
import type { PyValue } from '../../../pyliteral';
import { fail, parseError, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { crashCheck, firstRepeat, referenceGraph, short } from './common';
import { buildGraph, components, fmtIds, fmtList, hasEdge, isGraph, preview, shortestPath } from './model';
import { isPlainDict, isPyDict, pyContains, pyGetItem, pyItems, pyIter, pyStrAny, pyStrip, pyTypeName, safeParseAnswer } from './pyparse';

/** Python's `int(text)`: surrounding whitespace, a sign, decimal digits (any script) with single underscores. */
export function pyInt(text: string): number | null {
  const t = pyStrip(text);
  if (!/^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u.test(t)) return null;
  let n = 0;
  for (const ch of t.replace(/^[+-]/, '').replace(/_/g, '')) {
    // A decimal digit's value: its offset from the start of its run of ten.
    let cp = ch.codePointAt(0)!;
    let k = 0;
    while (k < 9 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
      cp--;
      k++;
    }
    n = n * 10 + (ch.codePointAt(0)! - cp) % 10;
  }
  return t.startsWith('-') ? -n : n;
}

function isDict(v: unknown): boolean {
  return isPlainDict(v) || isPyDict(v);
}

/** `dict.get(key)` (None when absent). */
function dictGet(d: unknown, key: string): unknown {
  return pyContains(d, key) ? (pyGetItem(d, key) ?? null) : null;
}

/** Python's isinstance(x, int) (bool included) and its numeric value. */
function pyIntValue(v: unknown): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Reference

function countComponents(adjacency: unknown): number {
  const items = pyItems(adjacency, 'keys');
  const all: string[] = [];
  const seenNode = new Set<string>();
  const addNode = (id: string): void => {
    if (!seenNode.has(id)) {
      seenNode.add(id);
      all.push(id);
    }
  };
  for (const [k] of items) addNode(pyStrAny(k));
  for (const [, nbrs] of items) for (const n of pyIter(nbrs)) addNode(pyStrAny(n));
  const visited = new Set<string>();
  let count = 0;
  for (const node of all) {
    if (visited.has(node)) continue;
    count++;
    const stack = [node];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      if (visited.has(cur)) continue;
      visited.add(cur);
      const nbrs = pyContains(adjacency, cur) ? pyGetItem(adjacency, cur) : [];
      for (const n of pyIter(nbrs)) {
        const s = pyStrAny(n);
        if (!visited.has(s)) stack.push(s);
      }
    }
  }
  return count;
}

function referencePath(path: PyValue[], adjacency: unknown, start: unknown, target: unknown): Check {
  if (path.length === 0) return fail('the path is empty');
  const ids = path.map(pyStrAny);
  if (start !== null && target !== null) {
    const s = pyStrAny(start);
    const t = pyStrAny(target);
    if (ids[0] !== s) return fail(`the path starts at ${ids[0]!}, not at the start vertex ${s}`, [{ kind: 'token', index: 0, label: `should be ${s}` }]);
    if (ids[ids.length - 1] !== t) return fail(`the path ends at ${ids[ids.length - 1]!}, not at the target vertex ${t}`, [{ kind: 'token', index: ids.length - 1, label: `should be ${t}` }]);
  }
  for (let i = 0; i + 1 < ids.length; i++) {
    const u = ids[i]!;
    const v = ids[i + 1]!;
    if (!pyContains(adjacency, u)) return fail(`vertex ${u} (position ${i + 1}) is not in the graph's adjacency list`, [{ kind: 'token', index: i, label: `${u} is not in the graph` }]);
    if (!pyIter(pyGetItem(adjacency, u)).map(pyStrAny).includes(v)) {
      return fail(`edge ${u}-${v} does not exist (positions ${i + 1}-${i + 2})`, [{ kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} does not exist` }]);
    }
  }
  return pass(start !== null && target !== null ? 'a path from the start to the target along existing edges' : 'a walk along existing edges (the reference checks no endpoints here)');
}

function reference(input: VerifyInput): Check {
  try {
    const info = referenceGraph(input.initialState);
    let adjacency: unknown = info;
    let start: unknown = null;
    let target: unknown = null;
    if (isDict(info) && pyContains(info, 'adjacency_list')) {
      adjacency = pyGetItem(info, 'adjacency_list');
      start = dictGet(info, 'start_node');
      target = dictGet(info, 'target_node');
    }
    let pred: unknown = pyInt(input.answer);
    if (pred === null) {
      const p = safeParseAnswer(input.answer);
      if (p.kind === 'raise') throw p.error;
      if (p.kind !== 'value') return fail(`could not read a component count or a path from the answer${p.kind === 'no' ? ": the reference has no 'No' answer for this task" : `: ${p.why}`}: ${preview(input.answer)}`);
      pred = p.value;
    }
    let gt: unknown = pyInt(input.groundTruth);
    if (gt === null) {
      const p = safeParseAnswer(input.groundTruth);
      if (p.kind === 'raise') throw p.error;
      gt = p.kind === 'value' ? p.value : null;
    }
    const pn = pyIntValue(pred);
    const gn = pyIntValue(gt);
    if (pn !== null && gn !== null) {
      if (pn !== gn) return fail(`the answer counts ${pyStrAny(pred)} connected components, the stored answer ${pyStrAny(gt)}`);
      const actual = countComponents(adjacency);
      if (pn !== actual) return fail(`the answer agrees with the stored count ${pyStrAny(gt)}, but the graph has ${actual} connected components`);
      return pass(`${actual} connected components${typeof pred === 'boolean' ? ' (the answer is a bool, which Python counts as an int)' : ''}`);
    }
    if (Array.isArray(pred) && Array.isArray(gt)) return referencePath(pred as PyValue[], adjacency, start, target);
    return fail(`the answer is a ${pyTypeName(pred)} (${short(pyStrAny(pred), 40)}) but the stored answer is a ${gt === null ? 'value that does not decode' : pyTypeName(gt)}: the reference compares a count with a count or a path with a path`);
  } catch (e) {
    return crashCheck(e, 'connectivity');
  }
}

// ---------------------------------------------------------------------------------------------------
// Strict

type Read = { kind: 'count'; n: number } | { kind: 'list'; ids: string[]; values: PyValue[] } | { kind: 'no' } | { kind: 'error'; why: string };

function read(text: string): Read {
  const t = pyStrip(text);
  if (/^[+-]?[0-9]+$/.test(t)) return { kind: 'count', n: Number(t) };
  const p = safeParseAnswer(text);
  if (p.kind === 'no') return { kind: 'no' };
  if (p.kind === 'raise') return { kind: 'error', why: p.error.message };
  if (p.kind === 'none') return { kind: 'error', why: p.why };
  const v = p.value;
  if (Array.isArray(v)) return { kind: 'list', ids: v.map(pyStrAny), values: v };
  if (typeof v === 'number' && Number.isInteger(v)) return { kind: 'count', n: v };
  return { kind: 'error', why: `it is a ${pyTypeName(v)} (${short(pyStrAny(v), 40)}), neither a count nor a list` };
}

function strict(input: VerifyInput): Check {
  const ans = read(input.answer);
  if (ans.kind === 'error') return parseError(`could not read a component count or a path (a list such as [0, 3, 7]) from the answer: ${ans.why}: ${preview(input.answer)}`);
  const state = input.initialState;
  const wrapped = isPlainDict(state) && Object.prototype.hasOwnProperty.call(state, 'adjacency_list');
  const g = buildGraph(wrapped ? state['adjacency_list'] : state);
  const idOf = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : pyStrAny(v));
  let start = wrapped ? idOf(state['start_node']) : undefined;
  let target = wrapped ? idOf(state['target_node']) : undefined;
  const gt = read(input.groundTruth);
  let endpointsFromStored = false;
  if ((start === undefined || target === undefined) && gt.kind === 'list' && gt.ids.length > 0) {
    start = gt.ids[0];
    target = gt.ids[gt.ids.length - 1];
    endpointsFromStored = true;
  }
  // The stored answer tells which question this is; without one, the state's start/target mean a path.
  const countQuery = gt.kind === 'count' || (gt.kind !== 'list' && ans.kind === 'count' && (start === undefined || target === undefined));

  if (countQuery) {
    if (ans.kind !== 'count') return fail(`the question asks for the number of connected components, but the answer is ${ans.kind === 'no' ? "'No'" : 'a list'}`);
    if (!isGraph(g)) {
      const ok = gt.kind === 'count' && gt.n === ans.n;
      return ok ? pass(`${g.error}; the count matches the stored answer`) : fail(`${g.error}, so the components cannot be counted; the answer ${ans.n} differs from the stored answer`);
    }
    const comps = components(g);
    if (ans.n === comps.length) return pass(`the graph has ${comps.length} connected components`);
    const shown = comps.slice(0, 6).map((c) => `{${fmtIds(c, 6)}}`).join(', ');
    return fail(`the graph has ${comps.length} connected components (${shown}${comps.length > 6 ? ', …' : ''}), not ${ans.n}`);
  }

  if (ans.kind === 'count') return fail(`the question asks for a path${start !== undefined && target !== undefined ? ` from ${start} to ${target}` : ''}, but the answer is a count (${ans.n})`);
  if (!isGraph(g)) {
    const same = gt.kind === ans.kind && (ans.kind === 'no' || (gt.kind === 'list' && ans.kind === 'list' && gt.ids.join('\u0000') === ans.ids.join('\u0000')));
    return same ? pass(`${g.error}; the answer matches the stored one`) : fail(`${g.error}, so the path cannot be checked; it differs from the stored answer`);
  }
  const ends = endpointsFromStored ? ' (the endpoints of the stored path; the state names none)' : '';
  if (ans.kind === 'no') {
    if (start === undefined || target === undefined) return fail("the answer says 'No', but the puzzle names no start and target to be disconnected");
    const p = shortestPath(g, start, target);
    if (p) return fail(`the answer says 'No', but ${target} is reachable from ${start}: ${fmtList(p)}`, p.slice(0, -1).map((u, i): Location => ({ kind: 'edge', from: u, to: p[i + 1]!, index: i, label: 'a connecting path' })));
    return pass(`${target} is not reachable from ${start}`);
  }
  const { ids } = ans;
  if (ids.length === 0) return fail('the path is empty');
  const parts: string[] = [];
  const locations: Location[] = [];
  const unknown = ids.map((id, i) => [id, i] as const).filter(([id]) => !g.index.has(id));
  if (unknown.length > 0) {
    parts.push(`${unknown.slice(0, 5).map(([id, i]) => `${id} (position ${i + 1})`).join(', ')} ${unknown.length === 1 ? 'is not a vertex' : 'are not vertices'} of the graph`);
    for (const [id, i] of unknown) locations.push({ kind: 'token', index: i, label: `${id} is not a vertex` });
  }
  if (start !== undefined && ids[0] !== start) {
    parts.push(`the path starts at ${ids[0]!}, not at the start vertex ${start}${ends}`);
    locations.push({ kind: 'token', index: 0, label: `should be ${start}` });
  }
  if (target !== undefined && ids[ids.length - 1] !== target) {
    parts.push(`the path ends at ${ids[ids.length - 1]!}, not at the target vertex ${target}${ends}`);
    locations.push({ kind: 'token', index: ids.length - 1, label: `should be ${target}` });
  }
  let edgeShown = false;
  for (let i = 0; i + 1 < ids.length; i++) {
    const u = ids[i]!;
    const v = ids[i + 1]!;
    if (!g.index.has(u) || !g.index.has(v) || hasEdge(g, u, v)) continue;
    if (!edgeShown) parts.push(`edge ${u}-${v} does not exist (positions ${i + 1}-${i + 2})`);
    edgeShown = true;
    locations.push({ kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} does not exist` });
  }
  const rep = firstRepeat(ids);
  if (rep) {
    parts.push(`vertex ${rep.id} is visited twice (positions ${rep.first + 1} and ${rep.second + 1}): a path does not revisit vertices`);
    locations.push({ kind: 'token', index: rep.second, label: `vertex ${rep.id} again` });
  }
  if (parts.length > 0) return fail(parts.join('; '), locations);
  return pass(start !== undefined && target !== undefined ? `a simple path from ${start} to ${target}${ends}` : 'a simple path along existing edges');
}

export const connectivity: TaskVerifier = {
  scoreFunction: 'connectivity_evaluator',
  categories: ['connectivity_test'],
  reference,
  strict,
};
