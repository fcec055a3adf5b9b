/**
 * The reflection tagger on steps written the way R1-style models write (not the dev fixtures' templates):
 * each behaviour's positive and negative cases, negation, quotes, distractors, and explanations whose
 * spans point at the cue that fired.
 */
import { describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/core/trace/analyse';
import { defaultCueSet } from '../../src/core/trace/cues';
import type { Tag } from '../../src/core/trace/cueSchema';
import { segmentSteps } from '../../src/core/trace/segment';
import { splitResponse } from '../../src/core/trace/split';
import { tagSteps } from '../../src/core/trace/tagger';

const BEFORE = [
  'Okay, so I need to solve this puzzle from the image. Let me look at what is given.',
  'Row 2 has a 5 and a 7 already, so the empty cell at column 3 could be 2 or 9.',
];
const AFTER = ['Column 4 is now 3, 1, 4, 2.', 'So the final grid is complete.'];

/** The tags of `step` placed in the middle of an ordinary trace (position matters for some cues). */
function tagsOf(step: string, before: string[] = BEFORE): Tag[] {
  const steps = [...before, step, ...AFTER];
  const r = `<think>\n${steps.join('\n\n')}\n</think>\n\nDone.`;
  const a = analyseTrace(r);
  expect(a.steps).toHaveLength(steps.length);
  return a.steps[before.length]!.tags;
}

function expectTag(tag: Tag, steps: string[]): void {
  for (const s of steps) expect(tagsOf(s), s).toContain(tag);
}

function expectNoTag(tag: Tag, steps: string[]): void {
  for (const s of steps) expect(tagsOf(s), s).not.toContain(tag);
}

describe('verification', () => {
  it('fires on announced checks', () => {
    expectTag('verification', [
      'Wait, let me double-check that. 7 + 8 is 15, yes.',
      'Let me verify this answer by substituting it back into the original equations.',
      "Let me check again: the first row is 2 4 1 3, all different. Yes, that's correct.",
      'Hmm, let me confirm the distances once more before I answer.',
      'Just to be safe, I will recount the filled cells in the bottom box.',
      'Let me re-examine the second clue to make sure I read it correctly.',
      'Let me make sure no move puts a larger disk on a smaller one.',
      'Let me go through the moves again from the start position.',
    ]);
  });

  it('fires on re-checks without trigger words', () => {
    expectTag('verification', [
      '3 + 5 = 8 ✓, 8 × 3 = 24 ✓. Every number is used exactly once.',
      'Plugging back in: 2(3) + 4 = 10, which matches the right-hand side.',
      'Checking row 2: 1 3 2 4, all distinct. Checking column 3: 2 1 4 3, all distinct.',
      'Does this path actually visit every vertex? 0, 2, 5, 1, 4, 3 — yes, each exactly once, so it works.',
      'Substituting A = knave into the second statement: B says A is a knight, which is false, consistent with B being a knave.',
      'So the expression evaluates to 24, and that checks out.',
      'Wait, but 8 / (3 - 8/3) — let me compute that. 8/3 is about 2.667, 3 - 2.667 = 0.333, and 8 / 0.333 = 24. Yes! So that works.',
      'Wait, is 5 even allowed in that cell?',
    ]);
  });

  it('fires on a check that finds a problem', () => {
    expectTag('verification', [
      "But wait — clue 2 says the red house is left of the green one. If red is in house 3, that's a contradiction.",
      'Hmm, that can\'t add up: the rows sum to 15 but the columns sum to 16.',
    ]);
  });

  it('does not fire on negated or quoted checks, or on forward work', () => {
    expectNoTag('verification', [
      'No need to double-check that one, column 5 is almost full.',
      "I don't think I need to verify the first row again.",
      'The instructions say "verify your answer before submitting", so I will keep that in mind.',
      'Next, place a 6 in r4c2 because the row is missing only 6.',
      'Let me check the possible moves from (2,3): up and left are open.',
      'Hmm, okay. Moving on.',
      'Wait, what about the other corner?',
    ]);
  });

  it('does not fire on restating the problem at the start', () => {
    const r = `<think>\nLet me restate the problem to be sure I understand it: I have to make 24 from 3, 3, 8, 8.\n\nStart with pairs.\n\nThen combine them.\n</think>`;
    expect(analyseTrace(r).steps[0]!.tags).not.toContain('verification');
  });
});

describe('backtracking', () => {
  it('fires on abandoning a line and returning to an earlier state', () => {
    expectTag('backtracking', [
      "That doesn't work. Let me try a different approach.",
      'So this path is a dead end. Going back to the junction at (2,3) and taking the other branch.',
      "Hmm, this isn't going anywhere. Let me start over with the original four numbers.",
      "Let's backtrack to the last guess and put 3 in r2c4 instead.",
      'That leads to a contradiction, so my assumption that A is a knight was wrong.',
      'Scratch that. I need to undo the last two moves.',
      'Alternatively, maybe I should pair 8 with 3 first.',
      'This is getting complicated. Let me try another way.',
    ]);
  });

  it('fires on an alternative right after a failed attempt', () => {
    expect(tagsOf('What if I use division instead: 8 / (3 - 8/3)?', [...BEFORE, '25 - 1 = 24, but that leaves a 5 unused, so no good.'])).toContain('backtracking');
  });

  it('does not fire on "wait", on plans that mention backtracking, on negations, or on checks', () => {
    expectNoTag('backtracking', [
      'Wait, let me write the state down first so I do not lose track.',
      'Okay, wait, one thing at a time.',
      "I won't backtrack yet; this branch still has options.",
      "No need to go back, the path so far is fine.",
      'Let me go back and check the arithmetic in step 3.',
      'My plan: try each neighbour in order, and whenever I get stuck, undo the last choice.',
      'If this leads to a dead end, I will return to the previous junction.',
    ]);
  });
});

describe('subgoal', () => {
  it('fires on plans and intermediate goals', () => {
    expectTag('subgoal', [
      'First, I need to find the cells that only have one possible value, then fill them in.',
      "Let's break this down: move the top two disks to peg 2, then the big disk to peg 3, then the two disks on top.",
      'My plan is to run Dijkstra from node 0 and keep a table of tentative distances.',
      'Step 1: list what each pair of numbers can make. Step 2: combine the results.',
      "Let me consider the two cases for A separately and see which one is consistent.",
      "I'll start by identifying the forced moves near the exit.",
    ]);
  });

  it('does not fire on reading the puzzle or on doing a step', () => {
    expectNoTag('subgoal', [
      'Let me start by reading the puzzle carefully.',
      'Now place 4 in r1c3.',
      'I need to change COLD into WARM one letter at a time.',
      'The goal is all disks on peg 3.',
    ]);
  });
});

describe('backward_chaining', () => {
  it('fires on reasoning from the goal to what it requires', () => {
    expectTag('backward_chaining', [
      'Working backwards from the exit: the last move must be "right" from (5,4).',
      'To get 24, I need something like 3 × 8 or 4 × 6, so I want an 8 from the remaining numbers.',
      'For disk 3 to move onto peg 3, peg 3 must be empty and disks 1 and 2 have to be on peg 2.',
      'Vertex 5 only connects to 3, so it must be the last vertex of the path.',
      'Let me think from the end. WARM could come from WARD, WART or WORM.',
      'Since 24 is 3 times 8, maybe I can make a 3 from the other numbers.',
    ]);
  });

  it('does not fire on forward moves', () => {
    expectNoTag('backward_chaining', ['Move right to (2,3), then down to (3,3).', 'Node 2 has distance 4, so update node 5 to 4 + 3 = 7.', 'I went back to the start of the row and scanned it again.']);
  });
});

describe('correction', () => {
  it('fires on an admitted error with its fix', () => {
    expectTag('correction', [
      'Wait, that\'s not right: 13 × 2 is 26, not 24.',
      'Oops, I misread the clue. It says 3 in column 2, not row 2, so r2c3 must be 1.',
      'I made a mistake earlier — the distance to node 4 should be 7, not 8.',
      'Hmm, no. (3,3) is below (2,3), so that move is down, not up.',
      'I miscounted: there are 5 moves, not 4.',
      'So I should have moved disk 1 to peg 3 first, not peg 2.',
      'Correction: the second row is 2 1 4 3.',
      'Hold on, 9 + 7 = 16, not 19. Let me fix that.',
    ]);
  });

  it('does not fire on "wait" alone, doubts without a fix, or negated admissions', () => {
    expectNoTag('correction', [
      'Wait, let me think about this.',
      'Wait, what about the other corner?',
      'Hmm, okay. Moving on.',
      "There's no mistake there; the sum is 24.",
      "I didn't make an error in that step, the value stays 6.",
      'The puzzle says "fix the wrong cell", so one given might be wrong.',
    ]);
  });

  it('carries verification as well when the fix comes from a recomputation', () => {
    const tags = tagsOf('Let me recompute that: 12 ÷ 5 = 12/5, so I wrote 22/5 by mistake.');
    expect(tags).toEqual(expect.arrayContaining(['verification', 'correction']));
  });
});

describe('distractors', () => {
  it('leaves filler with trigger words untagged', () => {
    for (const s of ['Hmm, okay. Moving on.', 'Okay, wait, one thing at a time.', 'Hmm, let me keep going from here.', 'Alright, next part.', 'Wait, let me write the current state down so I do not lose track.']) {
      expect(tagsOf(s), s).toEqual([]);
    }
  });
});

describe('explanations', () => {
  it('points each tag at the cue that fired, inside the step', () => {
    const r = '<think>\nFirst idea.\n\nHmm, wait. I made a mistake: 7 × 8 is 56, not 54.\n\nDone.\n</think>';
    const a = analyseTrace(r);
    const step = a.steps[1]!;
    expect(step.tags).toContain('correction');
    const cues = step.cues.filter((c) => c.tag === 'correction');
    expect(cues.map((c) => r.slice(c.start, c.end))).toEqual(expect.arrayContaining(['I made a mistake', '7 × 8 is 56, not 54']));
    for (const c of step.cues) {
      expect(c.start).toBeGreaterThanOrEqual(step.start);
      expect(c.end).toBeLessThanOrEqual(step.end);
      expect(defaultCueSet().cue(c.tag, c.cue)?.note).toBeTruthy();
    }
    expect(step.scores.correction).toBeGreaterThanOrEqual(defaultCueSet().tags.correction.threshold);
  });
});

describe('the anchor prefilter', () => {
  it('never changes a result (compared with trying every cue on every sentence)', async () => {
    const fs = await import('node:fs');
    const texts: string[] = [];
    for (const dir of ['traces-dev', 'traces-realistic']) {
      for (const line of fs.readFileSync(`${__dirname}/../fixtures/${dir}/samples.jsonl`, 'utf8').split('\n')) {
        if (line.trim()) texts.push((JSON.parse(line) as { messages: Array<{ content: string }> }).messages.at(-1)!.content);
      }
    }
    const set = defaultCueSet();
    for (const t of texts) {
      const steps = segmentSteps(t, splitResponse(t).think);
      const fast = tagSteps(t, steps, set).map((s) => [s.tags, s.cues.map((c) => c.cue)]);
      const slow = tagSteps(t, steps, set, { exhaustive: true }).map((s) => [s.tags, s.cues.map((c) => c.cue)]);
      expect(fast).toEqual(slow);
    }
  });
});
