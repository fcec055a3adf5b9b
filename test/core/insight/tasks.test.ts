/** The insight's copy of the 42 benchmark tasks stays equal to the verifier registry, and key ordering. */
import { describe, expect, it } from 'vitest';
import { BENCHMARK_TASKS, compareDifficulties, compareTasks } from '../../../src/core/insight';
import { TASKS } from '../../../src/core/verify/registry';

describe('benchmark tasks', () => {
  it('are the registry tasks without connectivity_test, in registry order', () => {
    expect(BENCHMARK_TASKS).toEqual(Object.keys(TASKS).filter((t) => t !== 'connectivity_test'));
    expect(BENCHMARK_TASKS).toHaveLength(42);
  });

  it('order tasks: registry order, then other names, then none', () => {
    expect(['zeta', '', 'maze', 'alpha', 'sudoku', '24Points'].sort(compareTasks)).toEqual(['24Points', 'sudoku', 'maze', 'alpha', 'zeta', '']);
  });

  it('order difficulties: numbers numerically, then names, then none', () => {
    expect(['10', '', 'hard', '2', '1', 'easy'].sort(compareDifficulties)).toEqual(['1', '2', '10', 'easy', 'hard', '']);
  });
});
