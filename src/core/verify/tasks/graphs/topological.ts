/**
 * topological_sort (verifiers.md §5.5): a list holding every vertex once, with u before v for every
 * arc u -> v of the directed adjacency list. Any valid order counts in both modes.
 *
 * Strict adds what the reference cannot know: a 'No' is right only when the graph has a cycle (shown in
 * the reason), and the reason lists the violated arcs, not only the first one.
 */
import type { PyValue } from '../../../pyliteral';
import { fail, pass, type Check, type Location, type TaskVerifier, type VerifyInput } from '../../types';
import { firstRepeat, nodeSetCheck, notAList, readVertexList, referenceFlow, referenceNodeSet, sameSequence, strictGraph, unknownVertices } from './common';
import { fmtIds, fmtList, topoOrder } from './model';
import { pyItems, pyIter, pyStrAny } from './pyparse';

function violation(u: string, v: string, pu: number, pv: number): string {
  if (u === v) return `arc ${u} → ${u} is a self-loop, which no order can satisfy`;
  return `arc ${u} → ${v} is violated: ${v} comes at position ${pv + 1}, before ${u} at position ${pu + 1}`;
}

function referenceCheck(value: PyValue, graph: unknown): Check {
  const bad = notAList(value, 'topological order', 1);
  if (bad) return bad;
  const all = referenceNodeSet(graph);
  const ids = (value as PyValue[]).map(pyStrAny);
  const set = nodeSetCheck(ids, all, 'order');
  if (set) return set;
  const pos = new Map(ids.map((id, i) => [id, i]));
  for (const [node, nbrs] of pyItems(graph)) {
    const u = pyStrAny(node);
    for (const n of pyIter(nbrs)) {
      const v = pyStrAny(n);
      const pu = pos.get(u)!;
      const pv = pos.get(v)!;
      if (pu >= pv) return fail(violation(u, v, pu, pv), [{ kind: 'edge', from: u, to: v, label: `${u} must come before ${v}` }, { kind: 'token', index: pv, label: `${v} too early` }]);
    }
  }
  return pass('every vertex once, every arc u → v with u first');
}

function strict(input: VerifyInput): Check {
  const ans = readVertexList(input.answer, 'topological order');
  if (ans.kind === 'error') return ans.check;
  const g = strictGraph(input, 'order', sameSequence, ans);
  if (!('nodes' in g)) return g;
  const topo = topoOrder(g);
  if (ans.kind === 'no') {
    if ('cycle' in topo) return pass(`the graph has a cycle ${topo.cycle.join(' → ')}, so no topological order exists`);
    return fail(`the answer says 'No', but the graph is acyclic: e.g. ${fmtList(topo.order)} is a valid order`);
  }
  const { ids, values } = ans;
  if (ids.length === 0) return fail('the order is empty');
  const parts: string[] = [];
  const locations: Location[] = [];
  const unknown = unknownVertices(g, ids, values);
  if (unknown.part) parts.push(unknown.part);
  locations.push(...unknown.locations);
  const rep = firstRepeat(ids);
  if (rep) {
    parts.push(`vertex ${rep.id} appears twice (positions ${rep.first + 1} and ${rep.second + 1})`);
    locations.push({ kind: 'token', index: rep.second, label: `vertex ${rep.id} again` });
  }
  const present = new Set(ids);
  const missing = g.nodes.filter((n) => !present.has(n));
  if (missing.length > 0) {
    parts.push(`the order misses ${missing.length === 1 ? 'vertex' : 'vertices'} ${fmtIds(missing)}`);
    for (const n of missing) locations.push({ kind: 'node', from: n, label: `vertex ${n} is missing` });
  }
  const pos = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!pos.has(id)) pos.set(id, i);
  });
  const violated: string[] = [];
  for (const [u, v] of g.arcs) {
    const pu = pos.get(u);
    const pv = pos.get(v);
    if (pu === undefined || pv === undefined || pu < pv) continue;
    if (violated.length === 0) parts.push(violation(u, v, pu, pv));
    violated.push(`${u} → ${v}`);
    locations.push({ kind: 'edge', from: u, to: v, label: `${u} must come before ${v}` });
  }
  if (violated.length > 1) parts.push(`${violated.length} arcs are violated in all (${fmtIds(violated, 8)})`);
  if (parts.length > 0) return fail(parts.join('; '), locations);
  return pass('every vertex once, every arc u → v with u first');
}

export const topologicalSort: TaskVerifier = {
  scoreFunction: 'topological_sort_evaluator',
  categories: ['topological_sort'],
  reference: (input) => referenceFlow(input, 'topological sort', 'topological order', referenceCheck),
  strict,
};
