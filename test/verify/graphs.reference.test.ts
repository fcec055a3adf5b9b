/**
 * Graph verifiers against the reference verdicts of the mmhelix-dev fixtures: every case of the graph
 * categories, both modes give a reason for every non-pass.
 */
import { describe, expect, it } from 'vitest';
import { verifiers } from '../../src/core/verify/tasks/graphs';
import { casesFor } from './fixtureCases';

const CATEGORIES = ['hamiltonian_path', 'hamiltonian_cycle', 'eulerian_path', 'eulerian_cycle', 'topological_sort'];

describe('graph verifiers: reference agreement on the fixtures', () => {
  for (const category of CATEGORIES) {
    const verifier = verifiers.find((v) => v.categories.includes(category))!;
    const cases = casesFor(category);

    it(`${category}: ${cases.length} cases, every reference verdict reproduced`, () => {
      expect(cases.length).toBeGreaterThan(0);
      const disagreements: string[] = [];
      for (const c of cases) {
        const r = verifier.reference(c.input);
        if ((r.status === 'pass') !== c.response.verdict) {
          disagreements.push(`${c.name}: extracted ${JSON.stringify(c.response.extracted).slice(0, 160)}: reference verdict ${c.response.verdict}, ours ${r.status} (${r.reason ?? ''})`);
        }
      }
      expect(disagreements).toEqual([]);
    });

    it(`${category}: every fail/error carries a reason, in both modes`, () => {
      for (const c of cases) {
        for (const mode of ['reference', 'strict'] as const) {
          const r = verifier[mode](c.input);
          if (r.status !== 'pass') {
            expect(r.reason, `${c.name} (${mode})`).toBeTruthy();
            expect(r.reason!.trim().length, `${c.name} (${mode})`).toBeGreaterThan(0);
          }
        }
      }
    });

    it(`${category}: strict never passes what the reference rejects on these fixtures`, () => {
      for (const c of cases) {
        if (verifier.strict(c.input).status === 'pass') expect(c.response.verdict, c.name).toBe(true);
      }
    });
  }
});
