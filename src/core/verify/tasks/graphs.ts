/**
 * The graph verifiers (verifiers.md §5.1-§5.5, §5.9): Hamiltonian path/cycle, Eulerian path/cycle,
 * topological sort and connectivity. graph_isomorphism, max_flow and shortest_distance_weighted use
 * `simple_str_match` and are not here.
 */
import { guarded, type TaskVerifier } from '../types';
import { connectivity } from './graphs/connectivity';
import { eulerianCycle, eulerianPath } from './graphs/eulerian';
import { hamiltonianCycle, hamiltonianPath } from './graphs/hamiltonian';
import { topologicalSort } from './graphs/topological';

/** A safety net: an unexpected exception becomes a fail with a reason, never a thrown error. */
function netted(v: TaskVerifier): TaskVerifier {
  return {
    scoreFunction: v.scoreFunction,
    categories: v.categories,
    reference: (input) => guarded(() => v.reference(input), `the ${v.scoreFunction} reference check`),
    strict: (input) => guarded(() => v.strict(input), `the ${v.scoreFunction} strict check`),
  };
}

export const verifiers: TaskVerifier[] = [hamiltonianPath, hamiltonianCycle, eulerianPath, eulerianCycle, topologicalSort, connectivity].map(netted);
