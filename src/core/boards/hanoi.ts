/**
 * Tower of Hanoi: the pegs after each of the candidate's (disk, peg) moves, up to and including the first
 * illegal one (a disk that is not on top, a larger disk onto a smaller one, a peg or disk that does not
 * exist), a move made after the puzzle is solved, or the final state when not every disk is on the last
 * peg (the strict hanoi verifier's rules; pegs and moves numbered from 1).
 */
import { readInitialPegs, readPairs, STRICT_PAIR } from '../verify/tasks/games/hanoi';
import { afterMoves, leftoverTokens, listing, plural, quote } from '../verify/tasks/games/common';
import { FrameList, pegsBoard, sequenceBoard, unreadable, Violations, type BoardContext } from './common';
import type { Board, Violation } from './model';

export function hanoiBoard(ctx: BoardContext): Board | null {
  const pegs = readInitialPegs(ctx.input.initialState);
  if (typeof pegs === 'string') return null;
  const labels = pegs.map((_, i) => String(i + 1));
  const target = pegs.length;
  const total = pegs.flat().length;
  const title = `Tower of Hanoi, ${plural(total, 'disk')} on ${pegs.length} pegs`;
  const frames = new FrameList();
  const v = new Violations();
  const snap = (violations: Violation[] = [], badPegs: number[] = []) => pegsBoard('Tower of Hanoi', pegs, labels, violations, badPegs);
  if (!ctx.hasAnswer) {
    frames.push('start', snap());
    return sequenceBoard(`${title}: puzzle`, [], frames, [], undefined);
  }
  const answer = ctx.input.answer;
  const moves = readPairs(answer, STRICT_PAIR);
  const other = moves.length > 0 ? leftoverTokens(answer, STRICT_PAIR) : [];
  const unread = moves.length === 0 ? `no (disk, peg) pairs such as (1,3) in ${quote(answer)}` : other.length > 0 ? `besides the (disk, peg) pairs it contains ${listing(other.map((t) => quote(t, 20)), 3)}` : null;
  if (unread !== null) {
    const bad = v.add(unreadable('a list of (disk, peg) moves', `could not read a move list from the answer: ${unread}`));
    frames.push('start', snap([bad]), true);
    return sequenceBoard(`${title}: candidate moves`, moves.map((m) => m.text), frames, v.list, undefined);
  }
  const labelsOfMoves = moves.map((m) => m.text);
  const isSolved = (): boolean => pegs[target - 1]!.length === total;
  if (isSolved()) {
    const bad = v.add(`the initial state is already solved (every disk on peg ${target})`);
    frames.push('start', snap([bad]), true);
    return sequenceBoard(`${title}: candidate moves`, labelsOfMoves, frames, v.list, undefined);
  }
  frames.push('start', snap());
  let badMove: number | undefined;
  let finished = false;
  for (const [i, { disk, peg, text }] of moves.entries()) {
    let why: string | null = null;
    let badPegs: number[] = [];
    const src = pegs.findIndex((p) => p.includes(disk));
    if (peg < 1 || peg > pegs.length) {
      why = `there is no peg ${peg} (pegs are numbered 1 to ${pegs.length})`;
      if (src >= 0) badPegs = [src];
    } else if (src < 0) {
      why = `there is no disk ${disk} (the disks are ${listing([...pegs.flat()].sort((a, b) => a - b).map(String), 8)})`;
      badPegs = [peg - 1];
    } else {
      const from = pegs[src]!;
      const to = pegs[peg - 1]!;
      if (from[from.length - 1] !== disk) {
        why = `disk ${disk} is under disk ${from[from.length - 1]!} on peg ${src + 1}, so it cannot move`;
        badPegs = [src];
      } else if (src === peg - 1) {
        why = `disk ${disk} is already on peg ${peg}`;
        badPegs = [src];
      } else if (to.length > 0 && to[to.length - 1]! < disk) {
        why = `disk ${disk} would go on the smaller disk ${to[to.length - 1]!} on peg ${peg}`;
        badPegs = [src, peg - 1];
      }
    }
    if (why !== null) {
      const bad = v.add(`move ${i + 1} ${text}: ${why}`, [], { step: i });
      frames.push(`move ${i + 1}: disk ${disk} to peg ${peg} (illegal)`, snap([bad], badPegs), true, i);
      badMove = i;
      finished = true;
      break;
    }
    pegs[peg - 1]!.push(pegs[src]!.pop()!);
    frames.push(`move ${i + 1}: disk ${disk} to peg ${peg}`, snap(), false, i);
    if (isSolved() && i < moves.length - 1) {
      const next = moves[i + 1]!;
      const bad = v.add(`every disk is on peg ${target} after move ${i + 1}, but the answer goes on with ${plural(moves.length - 1 - i, 'more move')} (from move ${i + 2}, ${next.text})`, [], { step: i + 1 });
      frames.push(`move ${i + 2}: disk ${next.disk} to peg ${next.peg} (after the puzzle is solved)`, snap([bad]), true, i + 1);
      badMove = i + 1;
      finished = true;
      break;
    }
  }
  if (!finished && !isSolved()) {
    const left = pegs.slice(0, -1).flatMap((p, k) => (p.length > 0 ? [`peg ${k + 1} still holds ${listing(p.map(String))}`] : []));
    const holding = pegs.slice(0, -1).flatMap((p, k) => (p.length > 0 ? [k] : []));
    const bad = v.add(`${afterMoves(moves.length)} not every disk is on peg ${target}: ${left.join('; ')}`);
    frames.replaceLast(`${frames.frames.at(-1)!.label} (final state, not solved)`, snap([bad], holding));
  }
  return sequenceBoard(`${title}: candidate moves`, labelsOfMoves, frames, v.list, badMove);
}
