/**
 * eulerian_path (verifiers.md §5.3) and eulerian_cycle (§5.4).
 *
 * Reference: every consecutive pair is an edge of the graph (undirected, parallel edges collapsed to
 * one), no edge twice, every edge used; the cycle may leave its closing edge implicit ([0,1,2] for a
 * triangle), the reference appends the start itself.
 * Strict: the same walk with parallel edges counted (each copy must be used exactly once), a cycle that
 * returns to its start in the format of the question's own example ([0,1,2,3,0]), start/end vertices
 * the question names, and a 'No' judged by degree parity and connectivity.
 */
import type { PyValue } from '../../../pyliteral';
import { fail, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { notAList, readVertexList, referenceFlow, strictGraph, unknownVertices, type StrictAnswer } from './common';
import { edgeKey, eulerObstacle, findEulerTrail, fmtIds, fmtList, questionEnd, questionExampleClosed, questionStart, type Graph } from './model';
import { pyContains, pyGetItem, pyItems, pyIter, pyStrAny, type SafeParse } from './pyparse';

// ---------------------------------------------------------------------------------------------------
// Reference

/** `_is_valid_eulerian_path` on an already list-checked path (ids as str()). */
function referenceTrail(ids: readonly string[], graph: unknown, closingStep: number | null): Check {
  const edges = new Map<string, readonly [string, string]>(); // key -> [u, v] as first listed
  for (const [node, nbrs] of pyItems(graph)) {
    const u = pyStrAny(node);
    for (const n of pyIter(nbrs)) {
      const v = pyStrAny(n);
      const key = edgeKey(u, v);
      if (!edges.has(key)) edges.set(key, [u, v]);
    }
  }
  const used = new Map<string, number>(); // key -> step where first used
  for (let i = 0; i + 1 < ids.length; i++) {
    const u = ids[i]!;
    const v = ids[i + 1]!;
    const key = edgeKey(u, v);
    const where = i === closingStep ? 'the implied closing step back to the start' : `positions ${i + 1}-${i + 2}`;
    if (!edges.has(key)) return fail(`edge ${u}-${v} does not exist (${where})`, [{ kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} does not exist` }]);
    const first = used.get(key);
    if (first !== undefined) {
      return fail(`edge ${u}-${v} is traversed twice (${where}; first at positions ${first + 1}-${first + 2})`, [
        { kind: 'edge', from: u, to: v, index: first, label: `first use of ${u}-${v}` },
        { kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} again` },
      ]);
    }
    used.set(key, i);
  }
  const unused = [...edges.entries()].filter(([k]) => !used.has(k)).map(([, e]) => e);
  if (unused.length > 0) {
    const names = unused.map(([u, v]) => `${u}-${v}`);
    return fail(
      `${unused.length === 1 ? 'edge' : 'edges'} ${fmtIds(names)} ${unused.length === 1 ? 'is' : 'are'} never traversed (every edge must be used exactly once)`,
      unused.map(([u, v]): Location => ({ kind: 'edge', from: u, to: v, label: `edge ${u}-${v} never traversed` })),
    );
  }
  return pass(`every edge traversed exactly once${closingStep !== null ? ' (the closing edge back to the start is implied)' : ''}`);
}

function referencePathCheck(value: PyValue, graph: unknown): Check {
  const bad = notAList(value, 'Eulerian path', 2);
  if (bad) return bad;
  return referenceTrail((value as PyValue[]).map(pyStrAny), graph, null);
}

function referenceCycleCheck(value: PyValue, graph: unknown): Check {
  const bad = notAList(value, 'Eulerian cycle', 3);
  if (bad) return bad;
  const ids = (value as PyValue[]).map(pyStrAny);
  const first = ids[0]!;
  const last = ids[ids.length - 1]!;
  if (first === last) return referenceTrail(ids, graph, null);
  if (!pyContains(graph, last)) {
    return fail(`the cycle ends at ${last}, which has no adjacency entry, so it cannot close back to ${first}`, [{ kind: 'token', index: ids.length - 1, label: `${last} has no adjacency entry` }]);
  }
  if (!pyIter(pyGetItem(graph, last)).map(pyStrAny).includes(first)) {
    return fail(`the cycle does not close: it ends at ${last}, and edge ${last}-${first} back to the start does not exist`, [
      { kind: 'edge', from: last, to: first, index: ids.length - 1, label: `edge ${last}-${first} does not exist` },
    ]);
  }
  return referenceTrail([...ids, first], graph, ids.length - 1);
}

// ---------------------------------------------------------------------------------------------------
// Strict

/** Problems of a walk over the graph with parallel edges counted: missing, over-used and unused edges. */
function strictWalk(g: Graph, walk: readonly string[], closingStep: number | null): { parts: string[]; locations: Location[] } {
  const parts: string[] = [];
  const locations: Location[] = [];
  const used = new Map<string, number[]>();
  let missingShown = false;
  let reuseShown = false;
  for (let i = 0; i + 1 < walk.length; i++) {
    const u = walk[i]!;
    const v = walk[i + 1]!;
    if (!g.index.has(u) || !g.index.has(v)) continue;
    const key = edgeKey(u, v);
    const m = g.mult.get(key) ?? 0;
    const where = i === closingStep ? 'the implied closing step back to the start' : `positions ${i + 1}-${i + 2}`;
    if (m === 0) {
      locations.push({ kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} does not exist` });
      if (!missingShown) parts.push(`edge ${u}-${v} does not exist (${where})`);
      missingShown = true;
      continue;
    }
    const steps = used.get(key) ?? [];
    steps.push(i);
    used.set(key, steps);
    if (steps.length > m) {
      locations.push({ kind: 'edge', from: u, to: v, index: i, label: `edge ${u}-${v} used again` });
      if (!reuseShown) {
        const first = steps[0]!;
        parts.push(
          m === 1
            ? `edge ${u}-${v} is traversed twice (${where}; first at positions ${first + 1}-${first + 2})`
            : `edge ${u}-${v} is traversed ${steps.length} times but the graph has only ${m} copies (${where})`,
        );
      }
      reuseShown = true;
    }
  }
  const unused: string[] = [];
  for (const [u, v] of g.edges) {
    const m = g.mult.get(edgeKey(u, v)) ?? 0;
    const n = used.get(edgeKey(u, v))?.length ?? 0;
    if (n < m) {
      unused.push(m > 1 ? `${u}-${v} (${m - n} of its ${m} parallel copies)` : `${u}-${v}`);
      locations.push({ kind: 'edge', from: u, to: v, label: `edge ${u}-${v} never traversed` });
    }
  }
  if (unused.length > 0) parts.push(`${unused.length === 1 ? 'edge' : 'edges'} ${fmtIds(unused)} ${unused.length === 1 ? 'is' : 'are'} never traversed`);
  return { parts, locations };
}

/** Same trail as the stored one, either direction (fallback without a graph). */
function sameTrail(a: StrictAnswer, gt: SafeParse): boolean {
  if (gt.kind !== 'value') return a.kind === 'no';
  if (a.kind !== 'list' || !Array.isArray(gt.value)) return false;
  const y = gt.value.map(pyStrAny);
  const eq = (x: readonly string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.ids) || eq([...a.ids].reverse());
}

function named(g: Graph, id: string | undefined): string | undefined {
  return id !== undefined && g.index.has(id) ? id : undefined;
}

function judgeNo(g: Graph, closed: boolean): Check {
  const what = closed ? 'an Eulerian cycle' : 'an Eulerian path';
  const obstacle = eulerObstacle(g, closed);
  if (obstacle !== null) return pass(`no ${what.slice(what.indexOf(' ') + 1)} exists: ${obstacle}`);
  const trail = findEulerTrail(g, closed) ?? [];
  return fail(`the answer says 'No', but ${what} exists (${closed ? 'every degree is even' : 'at most two vertices have odd degree'} and the edges are connected), e.g. ${fmtList(trail)}`, [
    ...trail.slice(0, -1).map((u, i): Location => ({ kind: 'edge', from: u, to: trail[i + 1]!, index: i, label: what })),
  ]);
}

function strict(input: VerifyInput, closed: boolean): Check {
  const what = closed ? 'Eulerian cycle' : 'Eulerian path';
  const ans = readVertexList(input.answer, what);
  if (ans.kind === 'error') return ans.check;
  const g = strictGraph(input, closed ? 'cycle' : 'path', sameTrail, ans);
  if (!('nodes' in g)) return g;
  if (ans.kind === 'no') return judgeNo(g, closed);

  const { ids, values } = ans;
  if (ids.length === 0) return fail(`the ${closed ? 'cycle' : 'path'} is empty`);
  const parts: string[] = [];
  const locations: Location[] = [];
  const unknown = unknownVertices(g, ids, values);
  if (unknown.part) parts.push(unknown.part);
  locations.push(...unknown.locations);

  const returns = ids.length >= 2 && ids[0] === ids[ids.length - 1];
  const implied = closed && !returns && ids.length >= 2;
  const walk = implied ? [...ids, ids[0]!] : ids;
  const w = strictWalk(g, walk, implied ? ids.length - 1 : null);
  parts.push(...w.parts);
  locations.push(...w.locations);
  if (implied && questionExampleClosed(input.question) === true) {
    parts.push(`the cycle does not return to its start: it ends at ${ids[ids.length - 1]!}, not at ${ids[0]!} (the question's format repeats the start vertex at the end, e.g. [0,1,2,3,0]; the reference closes it itself)`);
    locations.push({ kind: 'token', index: ids.length - 1, label: `should be followed by ${ids[0]!}` });
  }
  if (closed && ids.length === 1 && g.edges.length > 0) parts.push('a single vertex is not a cycle');

  const start = named(g, questionStart(input.question));
  const end = named(g, questionEnd(input.question));
  if (start !== undefined && ids[0] !== start) {
    parts.push(`the ${closed ? 'cycle' : 'path'} starts at ${ids[0]!}, but the question asks for one starting from vertex ${start}`);
    locations.push({ kind: 'token', index: 0, label: `should be ${start}` });
  }
  if (!closed && end !== undefined && ids[ids.length - 1] !== end) {
    parts.push(`the path ends at ${ids[ids.length - 1]!}, but the question asks for one ending at vertex ${end}`);
    locations.push({ kind: 'token', index: ids.length - 1, label: `should be ${end}` });
  }
  if (parts.length > 0) return fail(parts.join('; '), locations);
  const multi = g.edges.some(([u, v]) => (g.mult.get(edgeKey(u, v)) ?? 0) > 1);
  return pass(`${closed ? 'an Eulerian cycle' : 'an Eulerian path'}: every edge${multi ? ' (parallel copies counted)' : ''} traversed exactly once${implied ? ', the closing edge implied as in the question' : ''}`);
}

export const eulerianPath: TaskVerifier = {
  scoreFunction: 'eulerian_path_evaluator',
  categories: ['eulerian_path'],
  reference: (input) => referenceFlow(input, 'Eulerian path', 'Eulerian path', referencePathCheck),
  strict: (input) => strict(input, false),
};

export const eulerianCycle: TaskVerifier = {
  scoreFunction: 'eulerian_cycle_evaluator',
  categories: ['eulerian_cycle'],
  reference: (input) => referenceFlow(input, 'Eulerian cycle', 'Eulerian cycle', referenceCycleCheck),
  strict: (input) => strict(input, true),
};
