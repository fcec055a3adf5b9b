/**
 * The 42 MM-HELIX benchmark tasks in the registry's order (src/core/verify/registry.ts TASKS without
 * `connectivity_test`, which has no benchmark items). A copy, so the insight (which the curator webview may
 * run) does not pull every verifier into a bundle; test/core/insight/tasks.test.ts keeps it equal to the
 * registry.
 */
export const BENCHMARK_TASKS: readonly string[] = [
  '24Points', 'BestTimeToBuyAndSellStock', 'ContainerWithMostWater', 'CountHillsAndValleys', 'CryptoMath', 'HIndex',
  'LargestRectangleInHistogram', 'longest_increasing_subsequence', 'trapping_rain_water',
  'eulerian_cycle', 'eulerian_path', 'graph_isomorphism', 'hamiltonian_cycle', 'hamiltonian_path', 'max_flow',
  'shortest_distance_weighted', 'topological_sort',
  'Calcudoku', 'Kukurasu', 'Skyscrapers', 'WordLadder', 'eulero', 'numbrix', 'snake', 'aquarium', 'binairo', 'bridges',
  'campsite', 'futoshiki', 'hitori', 'kakuro', 'nonogram', 'shingoki', 'tapa', 'wordsearch', 'sudoku',
  'sokoban', 'hanoi', 'maze', 'minesweeper', 'slidingpuzzle', 'nibbles',
];

const ORDER = new Map(BENCHMARK_TASKS.map((t, i) => [t, i]));

/** Task keys for display: the benchmark tasks in registry order, then others alphabetically, then `''` (none). */
export function compareTasks(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = ORDER.get(a);
  const y = ORDER.get(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return a < b ? -1 : 1;
}

/** Difficulty keys: numbers numerically, then other names, then `''` (none). */
export function compareDifficulties(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = Number(a);
  const y = Number(b);
  const nx = a.trim() !== '' && Number.isFinite(x);
  const ny = b.trim() !== '' && Number.isFinite(y);
  if (nx && ny) return x - y || (a < b ? -1 : 1);
  if (nx) return -1;
  if (ny) return 1;
  return a < b ? -1 : 1;
}
