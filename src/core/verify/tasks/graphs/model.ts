/**
 * The strict graph model: the puzzle's graph rebuilt from the adjacency-list initial_state, and the
 * searches strict mode uses to decide for itself whether a path/cycle/order exists (so a "No" can be
 * judged without trusting the stored answer), plus what the question text says (start vertex, format).
 *
 * Vertex ids are compared as Python's str() of the listed values (`3` and `"3"` are the same vertex).
 * Undirected graphs: an edge exists when either endpoint lists the other; parallel edges are counted
 * (an adjacency list that names a neighbour twice has two edges between them).
 */
import { isPlainDict, pyStrAny } from './pyparse';

export interface Graph {
  /** Vertex ids in order of appearance: the keys, then neighbours not listed as keys. */
  readonly nodes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Directed arcs exactly as listed (u -> v), in adjacency order. */
  readonly arcs: ReadonlyArray<readonly [string, string]>;
  /** Undirected neighbours (either direction listed), no duplicates, self excluded. */
  readonly nbrs: ReadonlyMap<string, readonly string[]>;
  /** Undirected edge multiplicity by edgeKey (self-loops included). */
  readonly mult: ReadonlyMap<string, number>;
  /** Distinct undirected edges, in order of first listing, as [u, v] with u the listing vertex. */
  readonly edges: ReadonlyArray<readonly [string, string]>;
}

export function edgeKey(u: string, v: string): string {
  return u <= v ? `${u}\u0000${v}` : `${v}\u0000${u}`;
}

export function hasEdge(g: Graph, u: string, v: string): boolean {
  return (g.mult.get(edgeKey(u, v)) ?? 0) > 0;
}

/** Rebuild the graph from an adjacency dict; `{ error }` when initial_state is not one. */
export function buildGraph(state: unknown): Graph | { error: string } {
  if (state === null || state === undefined) return { error: 'the puzzle has no initial_state (adjacency list)' };
  if (!isPlainDict(state)) return { error: 'the initial_state is not an adjacency dict' };
  const nodes: string[] = [];
  const index = new Map<string, number>();
  const add = (id: string): void => {
    if (!index.has(id)) {
      index.set(id, nodes.length);
      nodes.push(id);
    }
  };
  const lists: Array<[string, string[]]> = [];
  for (const [k, val] of Object.entries(state)) {
    if (!Array.isArray(val)) return { error: `the adjacency entry of vertex ${k} is not a list` };
    add(k);
    lists.push([k, (val as unknown[]).map(pyStrAny)]);
  }
  for (const [, vs] of lists) vs.forEach(add);
  const arcs: Array<[string, string]> = [];
  const count = new Map<string, number>(); // directed listing counts, "u\0v"
  for (const [u, vs] of lists) {
    for (const v of vs) {
      arcs.push([u, v]);
      count.set(`${u}\u0000${v}`, (count.get(`${u}\u0000${v}`) ?? 0) + 1);
    }
  }
  const mult = new Map<string, number>();
  const edges: Array<[string, string]> = [];
  const nbrSets = new Map<string, Set<string>>(nodes.map((n) => [n, new Set<string>()]));
  for (const [u, v] of arcs) {
    const key = edgeKey(u, v);
    if (!mult.has(key)) {
      const m = u === v ? (count.get(`${u}\u0000${u}`) ?? 0) : Math.max(count.get(`${u}\u0000${v}`) ?? 0, count.get(`${v}\u0000${u}`) ?? 0);
      mult.set(key, m);
      edges.push([u, v]);
    }
    if (u !== v) {
      nbrSets.get(u)!.add(v);
      nbrSets.get(v)!.add(u);
    }
  }
  const nbrs = new Map<string, string[]>();
  for (const n of nodes) nbrs.set(n, [...nbrSets.get(n)!].sort((a, b) => index.get(a)! - index.get(b)!));
  return { nodes, index, arcs, nbrs, mult, edges };
}

export function isGraph(g: Graph | { error: string }): g is Graph {
  return !('error' in g);
}

// ---------------------------------------------------------------------------------------------------
// Hamiltonian searches

/** Strict mode decides Hamiltonian existence itself up to this many vertices; beyond, it trusts the stored answer. */
export const HAMILTON_NODE_CAP = 20;
const HAMILTON_STEP_BUDGET = 2_000_000;

export type SearchResult = { status: 'found'; path: string[] } | { status: 'none' } | { status: 'unknown'; why: string };

/** A Hamiltonian path (optionally from `start` and/or to `end`) by backtracking. */
export function findHamiltonianPath(g: Graph, start?: string, end?: string): SearchResult {
  const n = g.nodes.length;
  if (n > HAMILTON_NODE_CAP) return { status: 'unknown', why: `the graph has ${n} vertices (the search runs up to ${HAMILTON_NODE_CAP})` };
  if (n === 0) return { status: 'none' };
  const adj = g.nodes.map((u) => g.nbrs.get(u)!.map((v) => g.index.get(v)!));
  const endIdx = end === undefined ? -1 : (g.index.get(end) ?? -2);
  if (endIdx === -2) return { status: 'none' };
  const seen = new Array<boolean>(n).fill(false);
  const path: number[] = [];
  let steps = 0;
  const dfs = (u: number): boolean | null => {
    if (++steps > HAMILTON_STEP_BUDGET) return null;
    seen[u] = true;
    path.push(u);
    if (path.length === n) {
      if (endIdx < 0 || u === endIdx) return true;
    } else {
      for (const v of adj[u]!) {
        if (seen[v] || (v === endIdx && path.length !== n - 1)) continue;
        const r = dfs(v);
        if (r !== false) return r;
      }
    }
    seen[u] = false;
    path.pop();
    return false;
  };
  const starts = start === undefined ? g.nodes.map((_, i) => i) : g.index.has(start) ? [g.index.get(start)!] : [];
  for (const s of starts) {
    if (n > 1 && s === endIdx) continue;
    const r = dfs(s);
    if (r === null) return { status: 'unknown', why: `the search gave up after ${HAMILTON_STEP_BUDGET.toLocaleString('en-US')} steps` };
    if (r) return { status: 'found', path: path.map((i) => g.nodes[i]!) };
  }
  return { status: 'none' };
}

/** A Hamiltonian cycle, returned closed ([a, ..., a]). */
export function findHamiltonianCycle(g: Graph): SearchResult {
  const n = g.nodes.length;
  if (n > HAMILTON_NODE_CAP) return { status: 'unknown', why: `the graph has ${n} vertices (the search runs up to ${HAMILTON_NODE_CAP})` };
  if (n === 0) return { status: 'none' };
  const a = g.nodes[0]!;
  if (n === 1) return (g.mult.get(edgeKey(a, a)) ?? 0) > 0 ? { status: 'found', path: [a, a] } : { status: 'none' };
  if (n === 2) {
    const b = g.nodes[1]!;
    return (g.mult.get(edgeKey(a, b)) ?? 0) >= 2 ? { status: 'found', path: [a, b, a] } : { status: 'none' };
  }
  const adj = g.nodes.map((u) => g.nbrs.get(u)!.map((v) => g.index.get(v)!));
  const seen = new Array<boolean>(n).fill(false);
  const path: number[] = [];
  let steps = 0;
  const dfs = (u: number): boolean | null => {
    if (++steps > HAMILTON_STEP_BUDGET) return null;
    seen[u] = true;
    path.push(u);
    if (path.length === n) {
      if (adj[u]!.includes(0)) return true;
    } else {
      for (const v of adj[u]!) {
        if (seen[v]) continue;
        const r = dfs(v);
        if (r !== false) return r;
      }
    }
    seen[u] = false;
    path.pop();
    return false;
  };
  const r = dfs(0);
  if (r === null) return { status: 'unknown', why: `the search gave up after ${HAMILTON_STEP_BUDGET.toLocaleString('en-US')} steps` };
  return r ? { status: 'found', path: [...path.map((i) => g.nodes[i]!), a] } : { status: 'none' };
}

// ---------------------------------------------------------------------------------------------------
// Euler

export interface EulerFacts {
  /** Degree with parallel edges counted and self-loops counting 2. */
  degree: Map<string, number>;
  odd: string[];
  edgeCount: number;
  /** Vertices with edges that are not connected to the first such vertex (empty when connected). */
  unreachable: string[];
}

export function eulerFacts(g: Graph): EulerFacts {
  const degree = new Map<string, number>(g.nodes.map((n) => [n, 0]));
  let edgeCount = 0;
  for (const [u, v] of g.edges) {
    const m = g.mult.get(edgeKey(u, v)) ?? 0;
    edgeCount += m;
    degree.set(u, degree.get(u)! + m);
    degree.set(v, degree.get(v)! + m);
  }
  const odd = g.nodes.filter((n) => degree.get(n)! % 2 === 1);
  const withEdges = g.nodes.filter((n) => degree.get(n)! > 0);
  const reached = new Set<string>();
  if (withEdges.length > 0) {
    const stack = [withEdges[0]!];
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (reached.has(u)) continue;
      reached.add(u);
      for (const v of g.nbrs.get(u)!) if (!reached.has(v)) stack.push(v);
    }
  }
  return { degree, odd, edgeCount, unreachable: withEdges.filter((n) => !reached.has(n)) };
}

/** Why no Eulerian path (closed = cycle) exists, or null when one does. */
export function eulerObstacle(g: Graph, closed: boolean): string | null {
  const f = eulerFacts(g);
  if (f.edgeCount === 0) return null;
  if (f.unreachable.length > 0) return `the edges are not all connected (vertices ${fmtIds(f.unreachable)} cannot be reached from the others)`;
  if (closed && f.odd.length > 0) return `vertices ${fmtIds(f.odd)} have odd degree (an Eulerian cycle needs every degree even)`;
  if (!closed && f.odd.length > 2) return `${f.odd.length} vertices have odd degree (${fmtIds(f.odd)}; an Eulerian path allows at most 2)`;
  return null;
}

/** An Eulerian trail (closed when asked), by Hierholzer's algorithm; null when none exists. */
export function findEulerTrail(g: Graph, closed: boolean): string[] | null {
  if (eulerObstacle(g, closed) !== null) return null;
  const f = eulerFacts(g);
  if (f.edgeCount === 0) return g.nodes.length > 0 ? [g.nodes[0]!] : null;
  // Edge instances.
  const ends: Array<[string, string]> = [];
  const inc = new Map<string, number[]>(g.nodes.map((n) => [n, []]));
  for (const [u, v] of g.edges) {
    const m = g.mult.get(edgeKey(u, v)) ?? 0;
    for (let k = 0; k < m; k++) {
      const id = ends.length;
      ends.push([u, v]);
      inc.get(u)!.push(id);
      if (u !== v) inc.get(v)!.push(id);
    }
  }
  const used = new Array<boolean>(ends.length).fill(false);
  const ptr = new Map<string, number>(g.nodes.map((n) => [n, 0]));
  const start = (!closed && f.odd.length === 2 ? f.odd[0] : g.nodes.find((n) => f.degree.get(n)! > 0))!;
  const stack = [start];
  const out: string[] = [];
  while (stack.length > 0) {
    const u = stack[stack.length - 1]!;
    const list = inc.get(u)!;
    let p = ptr.get(u)!;
    while (p < list.length && used[list[p]!]) p++;
    ptr.set(u, p);
    if (p === list.length) {
      out.push(stack.pop()!);
    } else {
      const id = list[p]!;
      used[id] = true;
      const [a, b] = ends[id]!;
      stack.push(a === u ? b : a);
    }
  }
  return out.reverse();
}

// ---------------------------------------------------------------------------------------------------
// Directed: topological order

/** A topological order of the directed arcs (Kahn, earliest-listed vertex first), or a cycle. */
export function topoOrder(g: Graph): { order: string[] } | { cycle: string[] } {
  const indeg = new Map<string, number>(g.nodes.map((n) => [n, 0]));
  const out = new Map<string, string[]>(g.nodes.map((n) => [n, []]));
  for (const [u, v] of g.arcs) {
    out.get(u)!.push(v);
    indeg.set(v, indeg.get(v)! + 1);
  }
  const order: string[] = [];
  const done = new Set<string>();
  for (;;) {
    const next = g.nodes.find((n) => !done.has(n) && indeg.get(n) === 0);
    if (next === undefined) break;
    done.add(next);
    order.push(next);
    for (const v of out.get(next)!) indeg.set(v, indeg.get(v)! - 1);
  }
  if (order.length === g.nodes.length) return { order };
  // Every remaining vertex still has a predecessor among the remaining ones: walking predecessors
  // must close a cycle.
  const rest = new Set(g.nodes.filter((n) => !done.has(n)));
  const preds = new Map<string, string[]>(g.nodes.map((n) => [n, []]));
  for (const [u, v] of g.arcs) preds.get(v)!.push(u);
  let u = g.nodes.find((n) => rest.has(n))!;
  const seenAt = new Map<string, number>();
  const walk: string[] = [];
  while (!seenAt.has(u)) {
    seenAt.set(u, walk.length);
    walk.push(u);
    u = preds.get(u)!.find((p) => rest.has(p))!;
  }
  const loop = walk.slice(seenAt.get(u)).reverse();
  // Start the cycle at its earliest-listed vertex.
  let first = 0;
  loop.forEach((x, i) => {
    if (g.index.get(x)! < g.index.get(loop[first]!)!) first = i;
  });
  const rotated = [...loop.slice(first), ...loop.slice(0, first)];
  return { cycle: [...rotated, rotated[0]!] };
}

// ---------------------------------------------------------------------------------------------------
// Undirected connectivity

export function components(g: Graph): string[][] {
  const seen = new Set<string>();
  const comps: string[][] = [];
  for (const s of g.nodes) {
    if (seen.has(s)) continue;
    const comp: string[] = [];
    const stack = [s];
    seen.add(s);
    while (stack.length > 0) {
      const u = stack.pop()!;
      comp.push(u);
      for (const v of g.nbrs.get(u)!) {
        if (!seen.has(v)) {
          seen.add(v);
          stack.push(v);
        }
      }
    }
    comps.push(comp.sort((a, b) => g.index.get(a)! - g.index.get(b)!));
  }
  return comps;
}

/** A shortest path from s to t (BFS), or null. */
export function shortestPath(g: Graph, s: string, t: string): string[] | null {
  if (!g.index.has(s) || !g.index.has(t)) return null;
  const prev = new Map<string, string | null>([[s, null]]);
  const queue = [s];
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q]!;
    if (u === t) break;
    for (const v of g.nbrs.get(u)!) {
      if (!prev.has(v)) {
        prev.set(v, u);
        queue.push(v);
      }
    }
  }
  if (!prev.has(t)) return null;
  const path: string[] = [];
  for (let u: string | null = t; u !== null; u = prev.get(u) ?? null) path.push(u);
  return path.reverse();
}

// ---------------------------------------------------------------------------------------------------
// The question text

const ID = String.raw`['"]?([A-Za-z0-9_]+)['"]?`;
const START_RE = new RegExp(String.raw`\b(?:start(?:ing|s)?|begin(?:ning|s)?)\s+(?:from|at|with)\s+(?:the\s+)?(?:vertex|node)\s+${ID}`, 'i');
const END_RE = new RegExp(String.raw`\b(?:end(?:ing|s)?|finish(?:ing|es)?|terminat(?:ing|es))\s+(?:at|in|on|with)\s+(?:the\s+)?(?:vertex|node)\s+${ID}`, 'i');

/** The start vertex the question names ("a Hamiltonian path starting from vertex 4"), if any. */
export function questionStart(question: string): string | undefined {
  const m = START_RE.exec(question);
  return m?.[1];
}

/** The end vertex the question names ("... ending at vertex 7"), if any. */
export function questionEnd(question: string): string | undefined {
  const m = END_RE.exec(question);
  return m?.[1];
}

/**
 * Whether the question's own example list repeats its first vertex at the end ("e.g., [0,1,2,3,0]"):
 * true / false, or undefined when the question shows no example list.
 */
export function questionExampleClosed(question: string): boolean | undefined {
  const m = /\be\.?\s?g\.?,?\s*(\[[^\]]*\])/i.exec(question);
  if (!m) return undefined;
  const items = m[1]!.slice(1, -1).split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (items.length < 2) return undefined;
  return items[0] === items[items.length - 1];
}

// ---------------------------------------------------------------------------------------------------
// Formatting

/** `[0, 1, 2]`, shortened in the middle when long. */
export function fmtList(ids: readonly string[], max = 40): string {
  if (ids.length <= max) return `[${ids.join(', ')}]`;
  return `[${ids.slice(0, max - 5).join(', ')}, …, ${ids.slice(-4).join(', ')}]`;
}

/** `7, 11 and 12`, shortened when long. */
export function fmtIds(ids: readonly string[], max = 12): string {
  if (ids.length === 0) return '';
  if (ids.length === 1) return ids[0]!;
  const shown = ids.slice(0, max);
  const more = ids.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}

/** The answer text for a reason, shortened. */
export function preview(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(t.length > max ? `${t.slice(0, max - 1)}…` : t);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
