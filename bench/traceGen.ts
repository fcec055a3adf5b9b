/**
 * The R1-style trace generator of `npm run bench:tags`: paragraphs of ordinary work mixed with checks,
 * dead ends, corrections, plans and backward reasoning (about a third of them reflective), about `size`
 * characters per trace. Deterministic for a given `rng`.
 *
 * test/trace/equivalence.test.ts also analyses traces made here and compares them with hashes committed
 * in test/trace/equivalence.expected.json: changing a template changes that corpus, so the expected
 * hashes must then be regenerated from a tagger known to be right (see that test).
 */

export type Gen = (r: () => number) => string;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const d = (r: () => number, n = 9) => 1 + Math.floor(r() * n);

export const WORK: Gen[] = [
  (r) => `Looking at row ${d(r)}, the numbers already placed are ${d(r)}, ${d(r)} and ${d(r)}, so the empty cell at column ${d(r)} can only be ${d(r)} or ${d(r)}. Column ${d(r)} already has a ${d(r)}, which leaves ${d(r)} for that cell.`,
  (r) => `So from (${d(r, 6)},${d(r, 6)}) I can go ${pick(r, ['left', 'right', 'up', 'down'])} to (${d(r, 6)},${d(r, 6)}), and from there the corridor continues ${pick(r, ['left', 'right', 'up', 'down'])} for two more cells until it reaches a junction with openings to the ${pick(r, ['north', 'south', 'east', 'west'])} and ${pick(r, ['north', 'south', 'east', 'west'])}.`,
  (r) => `${d(r, 12)} × ${d(r, 12)} = ${d(r, 99)}, and then ${d(r, 30)} - ${d(r, 9)} = ${d(r, 30)}. Combining those gives ${d(r, 60)}, which is not quite what I want yet, but the remaining number ${d(r, 13)} might help if I divide by it.`,
  (r) => `Now move disk ${d(r, 4)} from peg ${d(r, 3)} to peg ${d(r, 3)}. After that the pegs are: peg 1 has [${d(r, 5)}, ${d(r, 3)}], peg 2 has [${d(r, 4)}], and peg 3 is empty. The smallest disk is on top of peg 1.`,
  (r) => `Node ${d(r, 8)} has neighbors ${d(r, 8)} (weight ${d(r)}), ${d(r, 8)} (weight ${d(r)}) and ${d(r, 8)} (weight ${d(r)}). The tentative distance to node ${d(r, 8)} becomes ${d(r, 20)} + ${d(r)} = ${d(r, 30)}, which is smaller than the current value, so I update it.`,
  (r) => `Okay, so the next cell to consider is r${d(r)}c${d(r)}. Its row contains ${d(r)}, ${d(r)}, ${d(r)} and ${d(r)}; its column contains ${d(r)} and ${d(r)}; and the box has ${d(r)}, ${d(r)}, ${d(r)}. The candidates are therefore {${d(r)}, ${d(r)}}.`,
  (r) => `Hmm, let me think about which vertex to visit next. From ${d(r, 7)} the unvisited neighbors are ${d(r, 7)} and ${d(r, 7)}. I'll take the smaller one first, so the path is now [${d(r, 7)}, ${d(r, 7)}, ${d(r, 7)}, ${d(r, 7)}].`,
  (r) => `The clue for column ${d(r, 5)} is [${d(r, 3)}, ${d(r, 3)}], so there must be a block of ${d(r, 3)} filled cells, a gap, and another block. With row ${d(r, 5)} already filled in that column, the first block starts at row ${d(r, 5)}.`,
  (r) => `Then ${d(r, 20)} + ${d(r, 20)} = ${d(r, 40)} and ${d(r, 40)} ÷ ${d(r, 4)} = ${d(r, 10)}. So far I have used ${d(r, 13)} and ${d(r, 13)}, and the cards left are ${d(r, 13)} and ${d(r, 13)}.`,
  () => `Hmm, okay. Moving on to the next part of the grid, where the constraints are a bit tighter and there are fewer empty cells to worry about.`,
];

export const REFLECT: Gen[] = [
  (r) => `Wait, let me double-check that. Row ${d(r)} has ${d(r)}, ${d(r)}, ${d(r)}, so ${d(r)} is indeed missing. Yes, that's correct.`,
  (r) => `Let me verify the path so far: (${d(r, 6)},${d(r, 6)}) → (${d(r, 6)},${d(r, 6)}) → (${d(r, 6)},${d(r, 6)}). No walls are crossed, and every move goes through an opening. ✓`,
  (r) => `That doesn't work, because ${d(r, 13)} × ${d(r, 13)} is already too big. Let me try a different combination, starting from the original four numbers again.`,
  (r) => `So this path is a dead end: (${d(r, 6)},${d(r, 6)}) is closed on every other side. Going back to the junction at (${d(r, 6)},${d(r, 6)}) and taking the other branch instead.`,
  (r) => `Hold on, I made a mistake: ${d(r, 9)} + ${d(r, 9)} is ${d(r, 18)}, not ${d(r, 18)}. Correcting that, the distance to node ${d(r, 8)} is ${d(r, 30)}.`,
  () => `First, I need to figure out which cells are forced, then fill them in, and only after that start guessing. Let me break this down by rows.`,
  (r) => `Working backwards from the goal: to end at the exit, the last move must come from (${d(r, 6)},${d(r, 6)}), and that cell can only be reached from above.`,
  (r) => `Hmm, that doesn't seem right. Let me recount the disks on peg ${d(r, 3)}: there are ${d(r, 4)}, not ${d(r, 4)}. So I should have moved disk ${d(r, 4)} first.`,
  () => `Alternatively, maybe I can make 24 as 3 × 8 and get the 8 from the remaining cards, since the subtraction idea went nowhere.`,
  (r) => `Let me plug the values back in to confirm: ${d(r, 9)} + ${d(r, 9)} = ${d(r, 18)}, and ${d(r, 18)} × ${d(r, 3)} = ${d(r, 54)}. That matches the target, so the expression works.`,
  () => `Okay, wait, one thing at a time. Let me keep going with the current row before worrying about that.`,
];

export function makeTrace(r: () => number, size: number): string {
  const parts: string[] = [];
  let len = 0;
  while (len < size) {
    const p = r() < 0.3 ? pick(r, REFLECT)(r) : `${pick(r, WORK)(r)} ${pick(r, WORK)(r)}`;
    parts.push(p);
    len += p.length + 2;
  }
  return `<think>\nOkay, let me look at this puzzle carefully.\n\n${parts.join('\n\n')}\n</think>\n\nThe final answer is \\boxed{${Math.floor(r() * 1000)}}.`;
}
