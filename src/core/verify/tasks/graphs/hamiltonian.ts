/**
 * hamiltonian_path (verifiers.md §5.1) and hamiltonian_cycle (§5.2).
 *
 * Reference: any list that visits every vertex exactly once along existing edges (the cycle also closes,
 * either repeating its first vertex or through the edge last -> first); the start vertex the question
 * names is not checked.
 * Strict: the same, plus the start (and end) vertex the question names, a cycle that really closes
 * without reusing an edge (a 2-vertex "cycle" along one edge is not one), the list format of the
 * question's own example, and a 'No' judged by an exhaustive search (up to HAMILTON_NODE_CAP vertices).
 */
import type { PyValue } from '../../../pyliteral';
import { fail, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import {
  an,
  firstRepeat,
  nodeSetCheck,
  notAList,
  readVertexList,
  referenceFlow,
  referenceNodeSet,
  referenceStep,
  sameSequence,
  strictGraph,
  unknownVertices,
  type StrictAnswer,
} from './common';
import { edgeKey, findHamiltonianCycle, findHamiltonianPath, fmtIds, fmtList, questionEnd, questionExampleClosed, questionStart, type Graph, type SearchResult } from './model';
import { pyStrAny, safeParseAnswer, type SafeParse } from './pyparse';

// ---------------------------------------------------------------------------------------------------
// Reference

function referencePathCheck(value: PyValue, graph: unknown): Check {
  const bad = notAList(value, 'Hamiltonian path', 1);
  if (bad) return bad;
  const path = value as PyValue[];
  const all = referenceNodeSet(graph);
  const ids = path.map(pyStrAny);
  const set = nodeSetCheck(ids, all, 'path');
  if (set) return set;
  for (let i = 0; i + 1 < ids.length; i++) {
    const step = referenceStep(graph, ids[i]!, ids[i + 1]!, i);
    if (step) return step;
  }
  return pass('a Hamiltonian path: every vertex once, every step an edge (the reference accepts any start vertex)');
}

function referenceCycleCheck(value: PyValue, graph: unknown): Check {
  const bad = notAList(value, 'Hamiltonian cycle', 2);
  if (bad) return bad;
  const cycle = value as PyValue[];
  const all = referenceNodeSet(graph);
  const ids = cycle.map(pyStrAny);
  const closed = ids[0] === ids[ids.length - 1];
  const body = closed ? ids.slice(0, -1) : ids;
  const set = nodeSetCheck(body, all, 'cycle');
  if (set) return set;
  for (let i = 0; i + 1 < ids.length; i++) {
    const step = referenceStep(graph, ids[i]!, ids[i + 1]!, i);
    if (step) return step;
  }
  if (!closed) {
    const last = ids[ids.length - 1]!;
    const step = referenceStep(graph, last, ids[0]!, ids.length - 1, `the closing step from the last vertex back to the first`);
    if (step) return step;
  }
  return pass(`a Hamiltonian cycle${closed ? '' : ' (closed through the edge from the last vertex back to the first)'}`);
}

// ---------------------------------------------------------------------------------------------------
// Strict

/** Honour a vertex named by the question only when the graph has it. */
function named(g: Graph, id: string | undefined): string | undefined {
  return id !== undefined && g.index.has(id) ? id : undefined;
}

/** Strict's judgement of a 'No' from a search result; `what` without its article ("Hamiltonian path starting from vertex 4"). */
function judgeNo(r: SearchResult, what: string, input: VerifyInput): Check {
  if (r.status === 'found') {
    const locations: Location[] = r.path.slice(0, -1).map((u, i) => ({ kind: 'edge', from: u, to: r.path[i + 1]!, index: i, label: what }));
    return fail(`the answer says 'No', but ${an(what)} exists: ${fmtList(r.path)}`, locations);
  }
  if (r.status === 'none') return pass(`no ${what} exists (exhaustive search)`);
  const storedNo = safeParseAnswer(input.groundTruth).kind !== 'value';
  return storedNo
    ? pass(`${r.why}, so strict trusts the stored answer, which also says 'No'`)
    : fail(`the answer says 'No', but the stored answer is ${fmtList(storedIds(input))} (${r.why}, so strict did not search itself)`);
}

function storedIds(input: VerifyInput): string[] {
  const gt = safeParseAnswer(input.groundTruth);
  return gt.kind === 'value' && Array.isArray(gt.value) ? gt.value.map(pyStrAny) : [];
}

/** Edge steps along `walk` that do not exist or exceed the edge's multiplicity. */
function walkProblems(g: Graph, walk: readonly string[], closingStep: number | null): { parts: string[]; locations: Location[] } {
  const parts: string[] = [];
  const locations: Location[] = [];
  const used = new Map<string, number>();
  let reportedMissing = false;
  let reportedReuse = false;
  for (let i = 0; i + 1 < walk.length; i++) {
    const u = walk[i]!;
    const v = walk[i + 1]!;
    if (!g.index.has(u) || !g.index.has(v)) continue;
    const key = edgeKey(u, v);
    const m = g.mult.get(key) ?? 0;
    const where = i === closingStep ? 'the closing step back to the start' : `positions ${i + 1}-${i + 2}`;
    if (m === 0) {
      locations.push({ kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} does not exist` });
      if (!reportedMissing) parts.push(`edge ${u}-${v} does not exist (${where})`);
      reportedMissing = true;
      continue;
    }
    const n = (used.get(key) ?? 0) + 1;
    used.set(key, n);
    if (n > m) {
      locations.push({ kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} used again` });
      if (!reportedReuse) parts.push(`edge ${u}-${v} is used ${m === 1 ? 'twice' : `more than its ${m} copies allow`} (${where})`);
      reportedReuse = true;
    }
  }
  return { parts, locations };
}

function strictPath(input: VerifyInput): Check {
  const ans = readVertexList(input.answer, 'Hamiltonian path');
  if (ans.kind === 'error') return ans.check;
  const g = strictGraph(input, 'path', sameSequence, ans);
  if (!('nodes' in g)) return g;
  const start = named(g, questionStart(input.question));
  const end = named(g, questionEnd(input.question));
  const phrase = `${start !== undefined ? ` starting from vertex ${start}` : ''}${end !== undefined ? ` ending at vertex ${end}` : ''}`;
  if (ans.kind === 'no') return judgeNo(findHamiltonianPath(g, start, end), `Hamiltonian path${phrase}`, input);

  const { ids, values } = ans;
  if (ids.length === 0) return fail('the path is empty');
  const parts: string[] = [];
  const locations: Location[] = [];
  const unknown = unknownVertices(g, ids, values);
  if (unknown.part) parts.push(unknown.part);
  locations.push(...unknown.locations);
  const rep = firstRepeat(ids);
  if (rep) {
    parts.push(`vertex ${rep.id} is visited twice (positions ${rep.first + 1} and ${rep.second + 1})`);
    locations.push({ kind: 'token', index: rep.second, label: `vertex ${rep.id} again` });
  }
  const walk = walkProblems(g, ids, null);
  parts.push(...walk.parts);
  locations.push(...walk.locations);
  const seen = new Set(ids);
  const missing = g.nodes.filter((n) => !seen.has(n));
  if (missing.length > 0) {
    parts.push(`${missing.length === 1 ? 'vertex' : 'vertices'} ${fmtIds(missing)} ${missing.length === 1 ? 'is' : 'are'} never visited`);
    for (const n of missing) locations.push({ kind: 'node', from: n, label: `vertex ${n} is never visited` });
  }
  if (start !== undefined && ids[0] !== start) {
    parts.push(`the path starts at ${ids[0]!}, but the question asks for a path starting from vertex ${start}`);
    locations.push({ kind: 'token', index: 0, label: `should be ${start}` }, { kind: 'node', from: start, label: 'required start vertex' });
  }
  if (end !== undefined && ids[ids.length - 1] !== end) {
    parts.push(`the path ends at ${ids[ids.length - 1]!}, but the question asks for a path ending at vertex ${end}`);
    locations.push({ kind: 'token', index: ids.length - 1, label: `should be ${end}` });
  }
  if (parts.length > 0) return fail(parts.join('; '), locations);
  return pass(`a Hamiltonian path${phrase}: every vertex once, every step an edge`);
}

/** Same cycle up to rotation, direction and the repeated closing vertex (fallback without a graph). */
function sameCycle(a: StrictAnswer, gt: SafeParse): boolean {
  if (gt.kind !== 'value') return a.kind === 'no';
  if (a.kind !== 'list' || !Array.isArray(gt.value)) return false;
  const open = (ids: string[]): string[] => (ids.length > 1 && ids[0] === ids[ids.length - 1] ? ids.slice(0, -1) : ids);
  const x = open(a.ids);
  const y = open(gt.value.map(pyStrAny));
  if (x.length !== y.length || x.length === 0) return false;
  const s = y.indexOf(x[0]!);
  if (s < 0) return false;
  const n = x.length;
  const fwd = x.every((v, i) => v === y[(s + i) % n]);
  const bwd = x.every((v, i) => v === y[(s - i + n) % n]);
  return fwd || bwd;
}

function strictCycle(input: VerifyInput): Check {
  const ans = readVertexList(input.answer, 'Hamiltonian cycle');
  if (ans.kind === 'error') return ans.check;
  const g = strictGraph(input, 'cycle', sameCycle, ans);
  if (!('nodes' in g)) return g;
  const start = named(g, questionStart(input.question));
  if (ans.kind === 'no') return judgeNo(findHamiltonianCycle(g), 'Hamiltonian cycle', input);

  const { ids, values } = ans;
  if (ids.length === 0) return fail('the cycle is empty');
  const closed = ids.length >= 2 && ids[0] === ids[ids.length - 1];
  const body = closed ? ids.slice(0, -1) : ids;
  const parts: string[] = [];
  const locations: Location[] = [];
  const unknown = unknownVertices(g, ids, values);
  if (unknown.part) parts.push(unknown.part);
  locations.push(...unknown.locations);
  const rep = firstRepeat(body);
  if (rep) {
    parts.push(`vertex ${rep.id} is visited twice (positions ${rep.first + 1} and ${rep.second + 1})`);
    locations.push({ kind: 'token', index: rep.second, label: `vertex ${rep.id} again` });
  }
  const walk = walkProblems(g, closed ? ids : [...ids, ids[0]!], closed ? null : ids.length - 1);
  parts.push(...walk.parts);
  locations.push(...walk.locations);
  const seen = new Set(body);
  const missing = g.nodes.filter((n) => !seen.has(n));
  if (missing.length > 0) {
    parts.push(`${missing.length === 1 ? 'vertex' : 'vertices'} ${fmtIds(missing)} ${missing.length === 1 ? 'is' : 'are'} never visited`);
    for (const n of missing) locations.push({ kind: 'node', from: n, label: `vertex ${n} is never visited` });
  }
  if (!closed && questionExampleClosed(input.question) === true) {
    parts.push(`the cycle does not return to its start: it ends at ${ids[ids.length - 1]!}, not at ${ids[0]!} (the question's format repeats the start vertex at the end)`);
    locations.push({ kind: 'token', index: ids.length - 1, label: `should be followed by ${ids[0]!}` });
  }
  if (start !== undefined && body[0] !== start) {
    parts.push(`the cycle starts at ${body[0]!}, but the question asks for a cycle starting from vertex ${start}`);
    locations.push({ kind: 'token', index: 0, label: `should be ${start}` });
  }
  if (parts.length > 0) return fail(parts.join('; '), locations);
  return pass(`a Hamiltonian cycle${closed ? '' : ' (the closing edge back to the start is implied, as in the question\'s example)'}`);
}

export const hamiltonianPath: TaskVerifier = {
  scoreFunction: 'hamiltonian_path_evaluator',
  categories: ['hamiltonian_path'],
  reference: (input) => referenceFlow(input, 'Hamiltonian path', 'Hamiltonian path', referencePathCheck),
  strict: strictPath,
};

export const hamiltonianCycle: TaskVerifier = {
  scoreFunction: 'hamiltonian_cycle_evaluator',
  categories: ['hamiltonian_cycle'],
  reference: (input) => referenceFlow(input, 'Hamiltonian cycle', 'Hamiltonian cycle', referenceCycleCheck),
  strict: strictCycle,
};
