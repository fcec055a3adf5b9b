/**
 * Decision and step-tag agreement over merged journals, against hand-computed kappas (arithmetic in the
 * comments): which samples count as items, Cohen for two curators, Fleiss for three, per task and per tag.
 */
import { describe, expect, it } from 'vitest';
import { journalLine, type Decision, type JournalLine, type StepTagEdit } from '../../../src/core/journal';
import { decisionAgreement, NO_TASK, tagAgreement, TeamJournal } from '../../../src/core/team';
import type { Tag } from '../../../src/core/trace/cueSchema';

const H = '0123456789abcdef';
let clock = Date.parse('2025-03-01T10:00:00.000Z');
function line(curator: string, sampleId: string, decision: Decision, tags: StepTagEdit[] = [], adjudication = false): JournalLine {
  clock += 1000;
  return journalLine({ curator, sampleId, contentHash: H, decision, tags, ...(adjudication ? { adjudication: true as const } : {}) }, new Date(clock));
}
const team = (...lines: JournalLine[]) => TeamJournal.fromLines([{ path: 'j.jsonl', lines }]);

// s1..s4 are maze, s5..s6 sudoku, s7 has no task.
const TASK: Record<string, string> = { s1: 'maze', s2: 'maze', s3: 'maze', s4: 'maze', s5: 'sudoku', s6: 'sudoku' };
const taskOf = (id: string) => TASK[id] ?? null;

const ANA_BO = [
  ['s1', 'accept', 'accept'],
  ['s2', 'accept', 'accept'],
  ['s3', 'reject', 'reject'],
  ['s4', 'accept', 'reject'],
  ['s5', 'flag', 'flag'],
  ['s6', 'reject', 'accept'],
] as const;
const twoCurators = (): JournalLine[] => [
  ...ANA_BO.flatMap(([id, a, b]) => [line('ana', id, a), line('bo', id, b)]),
  line('ana', 's7', 'accept'), // bo never decided s7: not an item
  line('ana', 's8', 'accept'),
  line('bo', 's8', 'accept'),
  line('bo', 's8', 'clear'), // withdrawn: not an item
  line('lead', 's4', 'reject', [], true), // a ruling, not a vote: lead is not a rater
];

describe('decisionAgreement', () => {
  it('two curators: Cohen over the samples both decided', () => {
    // Table (rows ana, columns bo; accept, reject, flag): [[2,1,0],[1,1,0],[0,0,1]], n = 6.
    // p_o = 4/6; rows 3,2,1 and columns 3,2,1: p_e = (9 + 4 + 1)/36 = 14/36; kappa = (24 - 14)/(36 - 14) = 10/22 = 5/11.
    const r = decisionAgreement(team(...twoCurators()), { taskOf });
    expect(r.curators).toEqual(['ana', 'bo']);
    expect(r.overall).toMatchObject({ method: 'cohen', raters: 2, items: 6 });
    expect(r.overall.kappa).toBeCloseTo(5 / 11, 12);
    expect(r.overall.observed).toBeCloseTo(4 / 6, 12);
    // maze (s1-s4): [[2,1,0],[0,1,0],[0,0,0]]: p_o = 3/4; rows 3,1,0, columns 2,2,0: p_e = (6 + 2)/16 = 1/2; kappa = 1/2.
    expect(r.perTask['maze']!.kappa).toBeCloseTo(0.5, 12);
    expect(r.perTask['maze']!.items).toBe(4);
    // sudoku (s5 flag/flag, s6 reject/accept): p_o = 1/2; rows (0,1,1), columns (1,0,1): p_e = 1/4; kappa = (1/2 - 1/4)/(3/4) = 1/3.
    expect(r.perTask['sudoku']!.kappa).toBeCloseTo(1 / 3, 12);
    expect(Object.keys(r.perTask)).toEqual(['maze', 'sudoku']);
  });

  it('three curators: Fleiss over the samples all three decided', () => {
    // cy votes s1 accept, s2 reject, s3 reject, s4 reject, s5 flag, s6 accept. Counts (accept, reject, flag):
    // s1 [3,0,0] P=1; s2 [2,1,0] P=(4+1-3)/6=1/3; s3 [0,3,0] 1; s4 [1,2,0] 1/3; s5 [0,0,3] 1; s6 [2,1,0] 1/3.
    // mean P = 4/6 = 2/3; column sums 8, 7, 3 of 18: P_e = (64 + 49 + 9)/324 = 61/162;
    // kappa = (108 - 61)/(162 - 61) = 47/101.
    const cy = (['accept', 'reject', 'reject', 'reject', 'flag', 'accept'] as const).map((d, i) => line('cy', `s${i + 1}`, d));
    const r = decisionAgreement(team(...twoCurators(), ...cy), { taskOf });
    expect(r.curators).toEqual(['ana', 'bo', 'cy']);
    expect(r.overall).toMatchObject({ method: 'fleiss', raters: 3, items: 6 });
    expect(r.overall.kappa).toBeCloseTo(47 / 101, 12);
    expect(r.overall.observed).toBeCloseTo(2 / 3, 12);
    // Choosing two of them gives Cohen again.
    expect(decisionAgreement(team(...twoCurators(), ...cy), { taskOf, curators: ['ana', 'bo'] }).overall.kappa).toBeCloseTo(5 / 11, 12);
  });

  it('degenerate cases: one curator, no common items, one category', () => {
    const solo = decisionAgreement(team(line('ana', 's1', 'accept')), { taskOf });
    expect(solo.overall).toMatchObject({ kappa: null, raters: 1, items: 0 });
    expect(solo.overall.note).toMatch(/at least two curators/);
    const apart = decisionAgreement(team(line('ana', 's1', 'accept'), line('bo', 's2', 'accept')), { taskOf });
    expect(apart.overall).toMatchObject({ kappa: null, items: 0, observed: null });
    const same = decisionAgreement(team(line('ana', 's1', 'accept'), line('bo', 's1', 'accept'), line('ana', 's9', 'accept'), line('bo', 's9', 'accept')), { taskOf });
    expect(same.overall).toMatchObject({ kappa: null, items: 2, observed: 1 });
    expect(same.overall.note).toMatch(/one category/);
    expect(same.perTask[NO_TASK]!.items).toBe(1);
    expect(JSON.stringify(same)).not.toContain('NaN');
  });
});

describe('tagAgreement', () => {
  // One sample, 3 steps; the tagger says step 0 verification, step 2 backtracking + correction.
  const AUTO: Tag[][] = [['verification'], [], ['backtracking', 'correction']];
  const autoTags = (id: string) => (id === 's1' ? AUTO : null);

  it('binary per tag over (sample, step); overall pools the tags', () => {
    // ana keeps the tagger's tags; bo removes verification on step 0 and adds subgoal on step 1.
    const js = [
      line('ana', 's1', 'accept'),
      line('bo', 's1', 'reject', [{ step: 0, tag: 'verification', op: 'remove' }, { step: 1, tag: 'subgoal', op: 'add' }]),
      line('ana', 's2', 'accept'), // s2: no auto tags (cannot be analysed): left out
      line('bo', 's2', 'accept', [{ step: 0, tag: 'subgoal', op: 'add' }]),
      line('ana', 's3', 'accept', [{ step: 0, tag: 'subgoal', op: 'add' }]), // s3: only ana decided
    ];
    const t = team(...js);
    const r = tagAgreement(t, { taskOf, autoTags: (id) => (id === 's3' ? AUTO : autoTags(id)) });
    // A ruling by bo (rulings carry no tag edits) changes nothing: bo's edits stay those of the vote.
    const ruled = tagAgreement(team(...js, line('bo', 's1', 'accept', [], true)), { taskOf, autoTags });
    expect(ruled.overall.kappa).toBeCloseTo(7 / 12, 12);
    // 15 items (3 steps x 5 tags): (ana, bo) = (1,0) s0 verification, (0,1) s1 subgoal, (1,1) s2 backtracking and
    // correction, (0,0) the other 11. p_o = 13/15; both say yes 3 of 15: p_e = (12*12 + 3*3)/225 = 153/225;
    // kappa = (195 - 153)/(225 - 153) = 42/72 = 7/12.
    expect(r.overall).toMatchObject({ method: 'cohen', items: 15 });
    expect(r.overall.kappa).toBeCloseTo(7 / 12, 12);
    // verification: (1,0), (0,0), (0,0): p_o = 2/3; ana yes 1/3, bo yes 0: p_e = (2*3 + 1*0)/9 = 2/3; kappa = 0.
    expect(r.perTag!.verification.kappa).toBeCloseTo(0, 12);
    // backtracking: (0,0), (0,0), (1,1): p_o = 1, p_e = (4 + 1)/9: kappa = 1.
    expect(r.perTag!.backtracking.kappa).toBeCloseTo(1, 12);
    // subgoal: (0,0), (0,1), (0,0): p_o = 2/3, p_e = (3*2 + 0*1)/9 = 2/3: kappa = 0.
    expect(r.perTag!.subgoal.kappa).toBeCloseTo(0, 12);
    // backward_chaining: nobody: one category.
    expect(r.perTag!.backward_chaining).toMatchObject({ kappa: null, items: 3, observed: 1 });
    expect(r.perTask['maze']!.kappa).toBeCloseTo(7 / 12, 12);
    expect(r.perTaskTag!['maze']!.backtracking.kappa).toBeCloseTo(1, 12);
  });

  it('three curators: Fleiss, binary', () => {
    // Steps x 5 tags = 15 items. ana and bo keep the tagger; cy removes correction on step 2.
    // Yes counts per item: step0 verification 3; step2 backtracking 3; step2 correction 2 (P = (4 + 1 - 3)/6 = 1/3);
    // the other 12 items all no (P = 1). mean P = (14 + 1/3)/15 = 43/45.
    // yes ratings 3 + 3 + 2 = 8 of 45: P_e = (8/45)^2 + (37/45)^2 = (64 + 1369)/2025 = 1433/2025.
    // kappa = (43/45 - 1433/2025)/(1 - 1433/2025) = (1935 - 1433)/(2025 - 1433) = 502/592 = 251/296.
    const t = team(line('ana', 's1', 'accept'), line('bo', 's1', 'accept'), line('cy', 's1', 'flag', [{ step: 2, tag: 'correction', op: 'remove' }]));
    const r = tagAgreement(t, { taskOf, autoTags });
    expect(r.overall).toMatchObject({ method: 'fleiss', raters: 3, items: 15 });
    expect(r.overall.kappa).toBeCloseTo(251 / 296, 12);
  });
});
