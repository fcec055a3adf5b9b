/**
 * Every task verifier, registered by score_function and by category, and the MM-HELIX task index
 * (verifiers.md §3): which group each category belongs to and which score function it carries.
 */
import { verifiers as algorithms } from './tasks/algorithms';
import { verifiers as games } from './tasks/games';
import { verifiers as graphs } from './tasks/graphs';
import { verifiers as lineGrids } from './tasks/lineGrids';
import { verifiers as numberGrids } from './tasks/numberGrids';
import { verifiers as puzzles } from './tasks/puzzles';
import type { TaskVerifier } from './types';

export const GROUPS = ['algorithm_problems', 'graph_problems', 'puzzles', 'games'] as const;
export type Group = (typeof GROUPS)[number] | 'other';

/** The 42 benchmark tasks plus connectivity_test: group and the score function their items carry. */
export const TASKS: Readonly<Record<string, { group: Group; scoreFunction: string }>> = {
  '24Points': { group: 'algorithm_problems', scoreFunction: '24points_evaluator' },
  BestTimeToBuyAndSellStock: { group: 'algorithm_problems', scoreFunction: 'simple_str_match' },
  ContainerWithMostWater: { group: 'algorithm_problems', scoreFunction: 'simple_str_match' },
  CountHillsAndValleys: { group: 'algorithm_problems', scoreFunction: 'simple_str_match' },
  CryptoMath: { group: 'algorithm_problems', scoreFunction: 'cryptomath_evaluator' },
  HIndex: { group: 'algorithm_problems', scoreFunction: 'simple_str_match' },
  LargestRectangleInHistogram: { group: 'algorithm_problems', scoreFunction: 'simple_str_match' },
  longest_increasing_subsequence: { group: 'algorithm_problems', scoreFunction: 'simple_str_match' },
  trapping_rain_water: { group: 'algorithm_problems', scoreFunction: 'simple_str_match' },
  eulerian_cycle: { group: 'graph_problems', scoreFunction: 'eulerian_cycle_evaluator' },
  eulerian_path: { group: 'graph_problems', scoreFunction: 'eulerian_path_evaluator' },
  graph_isomorphism: { group: 'graph_problems', scoreFunction: 'simple_str_match' },
  hamiltonian_cycle: { group: 'graph_problems', scoreFunction: 'hamiltonian_cycle_evaluator' },
  hamiltonian_path: { group: 'graph_problems', scoreFunction: 'hamiltonian_path_evaluator' },
  max_flow: { group: 'graph_problems', scoreFunction: 'simple_str_match' },
  shortest_distance_weighted: { group: 'graph_problems', scoreFunction: 'simple_str_match' },
  topological_sort: { group: 'graph_problems', scoreFunction: 'topological_sort_evaluator' },
  connectivity_test: { group: 'graph_problems', scoreFunction: 'connectivity_evaluator' },
  Calcudoku: { group: 'puzzles', scoreFunction: 'calcudoku_evaluator' },
  Kukurasu: { group: 'puzzles', scoreFunction: 'kukurasu_evaluator' },
  Skyscrapers: { group: 'puzzles', scoreFunction: 'skyscrapers_evaluator' },
  WordLadder: { group: 'puzzles', scoreFunction: 'wordladder_evaluator' },
  eulero: { group: 'puzzles', scoreFunction: 'eulero_evaluator' },
  numbrix: { group: 'puzzles', scoreFunction: 'numbrix_evaluator' },
  snake: { group: 'puzzles', scoreFunction: 'snake_evaluator' },
  aquarium: { group: 'puzzles', scoreFunction: 'aquarium_evaluator' },
  binairo: { group: 'puzzles', scoreFunction: 'binairo_evaluator' },
  bridges: { group: 'puzzles', scoreFunction: 'bridges_evaluator' },
  campsite: { group: 'puzzles', scoreFunction: 'campsite_evaluator' },
  futoshiki: { group: 'puzzles', scoreFunction: 'futoshiki_evaluator' },
  hitori: { group: 'puzzles', scoreFunction: 'hitori_evaluator' },
  kakuro: { group: 'puzzles', scoreFunction: 'kakuro_evaluator' },
  nonogram: { group: 'puzzles', scoreFunction: 'nonogram_evaluator' },
  shingoki: { group: 'puzzles', scoreFunction: 'shingoki_evaluator' },
  tapa: { group: 'puzzles', scoreFunction: 'tapa_evaluator' },
  wordsearch: { group: 'puzzles', scoreFunction: 'wordsearch_evaluator' },
  sudoku: { group: 'puzzles', scoreFunction: 'sudoku_evaluator' },
  sokoban: { group: 'games', scoreFunction: 'sokoban_evaluator' },
  hanoi: { group: 'games', scoreFunction: 'hanoi_evaluator' },
  maze: { group: 'games', scoreFunction: 'maze_evaluator' },
  minesweeper: { group: 'games', scoreFunction: 'minesweeper_evaluator' },
  slidingpuzzle: { group: 'games', scoreFunction: 'sliding_puzzle_evaluator' },
  nibbles: { group: 'games', scoreFunction: 'nibbles_evaluator' },
};

export function groupOf(category: string | null): Group {
  return (category !== null && TASKS[category]?.group) || 'other';
}

export const ALL_VERIFIERS: readonly TaskVerifier[] = [...algorithms, ...graphs, ...numberGrids, ...puzzles, ...lineGrids, ...games];

const byScoreFunction = new Map<string, TaskVerifier>();
const byCategory = new Map<string, TaskVerifier>();
for (const v of ALL_VERIFIERS) {
  if (byScoreFunction.has(v.scoreFunction)) throw new Error(`two verifiers for ${v.scoreFunction}`);
  byScoreFunction.set(v.scoreFunction, v);
  for (const c of v.categories) byCategory.set(c, v);
}

export function verifierForScoreFunction(name: string): TaskVerifier | undefined {
  return byScoreFunction.get(name);
}

export function verifierForCategory(category: string): TaskVerifier | undefined {
  return byCategory.get(category);
}
