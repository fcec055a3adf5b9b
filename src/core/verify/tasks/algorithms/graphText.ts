/**
 * Graph answers recomputed from the question text for strict mode (max_flow, shortest_distance_weighted,
 * graph_isomorphism): the questions carry the adjacency lists (`u: [(v, w), ...]` or `u: [v, ...]`).
 */

export interface WeightedGraph {
  /** Directed edges as listed: from -> (to -> weight). */
  adj: Map<string, Map<string, number>>;
  source: string;
  target: string;
}

const ADJ_LINE_RE = /(\d+)\s*:\s*\[([^[\]]*)\]/g;
const PAIR_RE = /\(\s*(\d+)\s*,\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*\)/g;

/** `from node S to node T` plus the weighted adjacency lines; null when the text does not hold them. */
export function parseWeightedGraph(text: string, sumParallel: boolean): WeightedGraph | null {
  const st = /from node (\d+) to node (\d+)/i.exec(text);
  if (!st) return null;
  const adj = new Map<string, Map<string, number>>();
  let lines = 0;
  for (const m of text.matchAll(ADJ_LINE_RE)) {
    lines++;
    const u = String(Number(m[1]));
    const row = adj.get(u) ?? new Map<string, number>();
    adj.set(u, row);
    const body = m[2]!;
    const pairs = [...body.matchAll(PAIR_RE)];
    if (pairs.length === 0 && body.trim() !== '') return null;
    for (const p of pairs) {
      const v = String(Number(p[1]));
      const w = Number(p[2]);
      const prev = row.get(v);
      row.set(v, prev === undefined ? w : sumParallel ? prev + w : Math.min(prev, w));
    }
  }
  if (lines === 0) return null;
  return { adj, source: String(Number(st[1])), target: String(Number(st[2])) };
}

/** Maximum flow from source to target (Edmonds–Karp on the directed capacities). */
export function maxFlow(g: WeightedGraph): number {
  const cap = new Map<string, Map<string, number>>();
  const edge = (u: string, v: string): Map<string, number> => {
    let r = cap.get(u);
    if (!r) cap.set(u, (r = new Map<string, number>()));
    if (!r.has(v)) r.set(v, 0);
    return r;
  };
  for (const [u, row] of g.adj) {
    for (const [v, c] of row) {
      edge(u, v).set(v, (cap.get(u)!.get(v) ?? 0) + c);
      edge(v, u);
    }
  }
  let flow = 0;
  for (;;) {
    const prev = new Map<string, string>([[g.source, g.source]]);
    const queue = [g.source];
    while (queue.length > 0 && !prev.has(g.target)) {
      const u = queue.shift()!;
      for (const [v, c] of cap.get(u) ?? []) {
        if (c > 1e-12 && !prev.has(v)) {
          prev.set(v, u);
          queue.push(v);
        }
      }
    }
    if (!prev.has(g.target) || g.source === g.target) return flow;
    let push = Infinity;
    for (let v = g.target; v !== g.source; v = prev.get(v)!) push = Math.min(push, cap.get(prev.get(v)!)!.get(v)!);
    for (let v = g.target; v !== g.source; v = prev.get(v)!) {
      const u = prev.get(v)!;
      cap.get(u)!.set(v, cap.get(u)!.get(v)! - push);
      cap.get(v)!.set(u, cap.get(v)!.get(u)! + push);
    }
    flow += push;
  }
}

/** Shortest distance in the undirected weighted graph (Dijkstra); null when the target is unreachable. */
export function shortestDistance(g: WeightedGraph): number | null {
  const und = new Map<string, Map<string, number>>();
  const add = (u: string, v: string, w: number): void => {
    let r = und.get(u);
    if (!r) und.set(u, (r = new Map<string, number>()));
    const prev = r.get(v);
    r.set(v, prev === undefined ? w : Math.min(prev, w));
  };
  for (const [u, row] of g.adj) for (const [v, w] of row) {
    add(u, v, w);
    add(v, u, w);
  }
  const dist = new Map<string, number>([[g.source, 0]]);
  const done = new Set<string>();
  for (;;) {
    let best: string | null = null;
    for (const [v, d] of dist) if (!done.has(v) && (best === null || d < dist.get(best)!)) best = v;
    if (best === null) return null;
    if (best === g.target) return dist.get(best)!;
    done.add(best);
    for (const [v, w] of und.get(best) ?? []) {
      const nd = dist.get(best)! + w;
      if (!dist.has(v) || nd < dist.get(v)!) dist.set(v, nd);
    }
  }
}

type Graph = Map<string, Set<string>>;

function parseSimpleGraph(text: string): Graph | null {
  const g: Graph = new Map();
  const node = (u: string): Set<string> => {
    let s = g.get(u);
    if (!s) g.set(u, (s = new Set<string>()));
    return s;
  };
  for (const m of text.matchAll(ADJ_LINE_RE)) {
    const u = String(Number(m[1]));
    node(u);
    const body = m[2]!.trim();
    if (body === '') continue;
    for (const part of body.split(',')) {
      const t = part.trim();
      if (!/^\d+$/.test(t)) return null;
      const v = String(Number(t));
      if (v === u) continue;
      node(u).add(v);
      node(v).add(u);
    }
  }
  return g.size > 0 ? g : null;
}

/** The two graphs of a graph_isomorphism question (`G1: …` then `G2: …`), or null. */
export function parseGraphPair(text: string): [Graph, Graph] | null {
  const i1 = text.indexOf('G1:');
  const i2 = text.indexOf('G2:');
  if (i1 < 0 || i2 < 0 || i2 < i1) return null;
  const g1 = parseSimpleGraph(text.slice(i1 + 3, i2));
  const g2 = parseSimpleGraph(text.slice(i2 + 3));
  return g1 && g2 ? [g1, g2] : null;
}

/** Whether two simple undirected graphs are isomorphic; null when the search exceeds its budget. */
export function isomorphic(a: Graph, b: Graph, budget = 2_000_000): boolean | null {
  if (a.size !== b.size) return false;
  const edges = (g: Graph): number => [...g.values()].reduce((s, n) => s + n.size, 0);
  if (edges(a) !== edges(b)) return false;
  const degs = (g: Graph): string => [...g.values()].map((n) => n.size).sort((x, y) => x - y).join(',');
  if (degs(a) !== degs(b)) return false;
  // Order A's vertices so each one (after the first of its component) is adjacent to an earlier one.
  const order: string[] = [];
  const seen = new Set<string>();
  const byDeg = [...a.keys()].sort((x, y) => a.get(y)!.size - a.get(x)!.size);
  for (const start of byDeg) {
    if (seen.has(start)) continue;
    const queue = [start];
    seen.add(start);
    while (queue.length > 0) {
      const u = queue.shift()!;
      order.push(u);
      for (const v of [...a.get(u)!].sort((x, y) => a.get(y)!.size - a.get(x)!.size)) {
        if (!seen.has(v)) {
          seen.add(v);
          queue.push(v);
        }
      }
    }
  }
  const map = new Map<string, string>();
  const used = new Set<string>();
  let steps = 0;
  const bNodes = [...b.keys()];
  const extend = (k: number): boolean | null => {
    if (k === order.length) return true;
    const u = order[k]!;
    for (const v of bNodes) {
      if (++steps > budget) return null;
      if (used.has(v) || b.get(v)!.size !== a.get(u)!.size) continue;
      let ok = true;
      for (const [x, y] of map) {
        if (a.get(u)!.has(x) !== b.get(v)!.has(y)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      map.set(u, v);
      used.add(v);
      const r = extend(k + 1);
      if (r !== false) return r;
      map.delete(u);
      used.delete(v);
    }
    return false;
  };
  return extend(0);
}
