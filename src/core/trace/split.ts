/**
 * Split a response (the trace: the last assistant message or the prediction) into its thinking and its
 * final answer. Every span is a `[start, end)` UTF-16 offset into the original response text.
 *
 * Handled shapes:
 * - `<think> ... </think> answer` (also `<thinking>`, any letter case, and Kimi's `◁think▷ ... ◁/think▷`);
 * - a missing opening tag (`... </think> answer`: chat templates that put `<think>` in the prompt);
 * - a missing closing tag (`<think> ...` to the end: a truncated generation, `unclosed`);
 * - no tag at all: the whole response is the thinking and the answer is empty;
 * - several blocks (`<think>a</think> x <think>b</think> y`, e.g. several assistant turns joined into one
 *   text): every block is thinking, the answer is what follows the last closing tag.
 */
import { z } from 'zod';

export const Span = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });
export type Span = z.infer<typeof Span>;

export const SPLIT_MODES = ['tagged', 'no-open-tag', 'unclosed', 'untagged'] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

export interface TraceSplit {
  /** The thinking blocks, in order, without their tags. */
  think: Span[];
  /** The final answer: after the last closing tag (empty span at the end when there is none). */
  answer: Span;
  mode: SplitMode;
}

const TAG = /<(\/?)(?:think|thinking)>|◁(\/?)think▷/iy;

/**
 * The next think tag at or after `from` (what a global search with `TAG` finds), or null. Every tag
 * starts with "<" or "◁": those are found with `indexOf` (much faster than a regular expression scan
 * over a long trace) and the tag is tried there.
 */
function nextTag(text: string, from: number, at: { lt: number; tri: number }): RegExpExecArray | null {
  for (;;) {
    if (at.lt !== -1 && at.lt < from) at.lt = text.indexOf('<', from);
    if (at.tri !== -1 && at.tri < from) at.tri = text.indexOf('◁', from);
    const i = at.lt < 0 ? at.tri : at.tri < 0 ? at.lt : Math.min(at.lt, at.tri);
    if (i < 0) return null;
    TAG.lastIndex = i;
    const m = TAG.exec(text);
    if (m) return m;
    from = i + 1;
  }
}

export function splitResponse(text: string): TraceSplit {
  const think: Span[] = [];
  let open: number | null = null;
  let sawClose = false;
  let lastClose = -1;
  let sawOpen = false;
  // The next "<" and "◁" (-1: none left); -2 at first: not looked for yet.
  const at = { lt: -2, tri: -2 };
  for (let m = nextTag(text, 0, at); m !== null; m = nextTag(text, m.index + m[0].length, at)) {
    const closing = (m[1] ?? m[2] ?? '') === '/';
    if (!closing) {
      if (open === null) {
        open = m.index + m[0].length;
        sawOpen = true;
      }
      // A nested or repeated opening tag inside a block stays part of the block's text.
      continue;
    }
    if (open !== null) {
      think.push({ start: open, end: m.index });
      open = null;
    } else if (!sawClose && !sawOpen) {
      // Text before the first closing tag, with no opening tag: the opening tag was in the prompt.
      think.push({ start: 0, end: m.index });
    } else {
      // A stray closing tag after a closed block is ignored: its text stays part of the answer.
      continue;
    }
    sawClose = true;
    lastClose = m.index + m[0].length;
  }
  if (open !== null) {
    think.push({ start: open, end: text.length });
    return { think, answer: { start: text.length, end: text.length }, mode: 'unclosed' };
  }
  if (!sawClose) return { think: [{ start: 0, end: text.length }], answer: { start: text.length, end: text.length }, mode: 'untagged' };
  return { think, answer: { start: lastClose, end: text.length }, mode: sawOpen ? 'tagged' : 'no-open-tag' };
}
