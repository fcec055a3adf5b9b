/** The detail pane's pure helpers (webview/curator/detail/model.ts, tags.ts, ImagePane's zoom steps). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CueHit, DetailStep } from '../../../src/protocol/curator';
import type { Tag } from '../../../src/core/trace/cueSchema';
import { nextZoom } from '../../../webview/curator/detail/ImagePane';
import {
  answerCompareMode,
  answerDiff,
  collapseRuns,
  cueTitle,
  formatCount,
  isPlainStep,
  markSegments,
  prettyAnswer,
  reflectionSteps,
  slideToWords,
  stepAt,
  type DiffPart,
  type Segment,
} from '../../../webview/curator/detail/model';
import { chipTitle, stepChips } from '../../../webview/curator/detail/tags';
import { traceDetail } from './fixtures';

const cue = (start: number, end: number, tag: Tag = 'verification', weight = 1, id = `c${start}-${end}`): CueHit => ({ tag, cue: id, start, end, weight, explanation: `why ${id}` });

function step(index: number, tags: Tag[] = [], o: Partial<DetailStep> = {}): DetailStep {
  return { index, start: index * 10, end: index * 10 + 8, tags, autoTags: tags, cues: [], ...o };
}

/** Segments as [start, end, cue ids, extracted] for compact expectations. */
const flat = (segs: Segment[]) => segs.map((s) => [s.start, s.end, s.cues.map((c) => c.cue).join('+'), s.extracted] as const);

describe('reflectionSteps', () => {
  it('lists steps with verification, backtracking or correction; or only backtracking', () => {
    const steps = [step(0, ['subgoal']), step(1, ['verification']), step(2), step(3, ['backtracking']), step(4, ['correction', 'backward_chaining']), step(5, ['backward_chaining'])];
    expect(reflectionSteps({ steps }, 'reflection')).toEqual([1, 3, 4]);
    expect(reflectionSteps({ steps }, 'backtracking')).toEqual([3]);
    expect(reflectionSteps({ steps: [] }, 'reflection')).toEqual([]);
  });

  it('follows the curator edits (tags), not the tagger (autoTags)', () => {
    const steps = [step(0, [], { autoTags: ['verification'] }), step(1, ['backtracking'], { autoTags: [] })];
    expect(reflectionSteps({ steps }, 'reflection')).toEqual([1]);
    expect(reflectionSteps({ steps }, 'backtracking')).toEqual([1]);
  });

  it('on a real trace: the step indices in order, matching the tags', () => {
    const d = traceDetail('traces-realistic', 'r1b_24points_05');
    const r = reflectionSteps(d, 'reflection');
    expect(r.length).toBeGreaterThan(0);
    expect([...r].sort((a, b) => a - b)).toEqual(r);
    for (const s of d.steps) expect(r.includes(s.index)).toBe(s.tags.some((t) => t === 'verification' || t === 'backtracking' || t === 'correction'));
  });
});

describe('stepAt', () => {
  const steps = [step(0), step(1), step(2)]; // [0,8) [10,18) [20,28)
  it('finds the step holding an offset, -1 between or outside steps', () => {
    expect(stepAt(steps, 0)).toBe(0);
    expect(stepAt(steps, 7)).toBe(0);
    expect(stepAt(steps, 8)).toBe(-1);
    expect(stepAt(steps, 15)).toBe(1);
    expect(stepAt(steps, 27)).toBe(2);
    expect(stepAt(steps, 28)).toBe(-1);
    expect(stepAt([], 3)).toBe(-1);
  });
});

describe('markSegments', () => {
  it('is one plain segment without spans, none for an empty range', () => {
    expect(flat(markSegments(10, 30, []))).toEqual([[10, 30, '', false]]);
    expect(markSegments(10, 10, [])).toEqual([]);
  });

  it('cuts at a cue span', () => {
    expect(flat(markSegments(0, 20, [cue(5, 9)]))).toEqual([
      [0, 5, '', false],
      [5, 9, 'c5-9', false],
      [9, 20, '', false],
    ]);
  });

  it('splits overlapping spans into pieces covered by one or both cues, strongest first', () => {
    const a = cue(5, 15, 'verification', 1, 'a');
    const b = cue(10, 20, 'correction', 2, 'b');
    expect(flat(markSegments(0, 25, [a, b]))).toEqual([
      [0, 5, '', false],
      [5, 10, 'a', false],
      [10, 15, 'b+a', false],
      [15, 20, 'b', false],
      [20, 25, '', false],
    ]);
  });

  it('handles nested and identical spans', () => {
    const outer = cue(0, 10, 'backtracking', 1, 'outer');
    const inner = cue(3, 6, 'verification', 0.5, 'inner');
    expect(flat(markSegments(0, 10, [outer, inner]))).toEqual([
      [0, 3, 'outer', false],
      [3, 6, 'outer+inner', false],
      [6, 10, 'outer', false],
    ]);
    const twin = cue(0, 10, 'correction', 1, 'twin');
    expect(flat(markSegments(0, 10, [outer, twin]))).toEqual([[0, 10, 'outer+twin', false]]);
  });

  it('clips spans that cross the step bounds; ignores empty, reversed and outside spans', () => {
    const crossing = [cue(-5, 3, 'verification', 1, 'before'), cue(8, 40, 'correction', 1, 'after')];
    const segs = markSegments(0, 10, crossing);
    expect(flat(segs)).toEqual([
      [0, 3, 'before', false],
      [3, 8, '', false],
      [8, 10, 'after', false],
    ]);
    // The clipped cue keeps its identity fields (tooltip) but its offsets are the step's.
    expect(segs[2]!.cues[0]).toMatchObject({ cue: 'after', start: 8, end: 10, explanation: 'why after' });
    expect(flat(markSegments(0, 10, [cue(4, 4), cue(7, 5), cue(20, 30), cue(-9, -1)]))).toEqual([[0, 10, '', false]]);
  });

  it('marks the extracted span, also where it overlaps a cue or crosses the bounds', () => {
    expect(flat(markSegments(0, 20, [cue(2, 8, 'verification', 1, 'a')], [6, 12]))).toEqual([
      [0, 2, '', false],
      [2, 6, 'a', false],
      [6, 8, 'a', true],
      [8, 12, '', true],
      [12, 20, '', false],
    ]);
    expect(flat(markSegments(10, 20, [], [0, 100]))).toEqual([[10, 20, '', true]]);
    expect(flat(markSegments(10, 20, [], [30, 40]))).toEqual([[10, 20, '', false]]);
  });

  it('merges neighbours with the same marks (two spans meeting end to start of one cue)', () => {
    const c = cue(0, 5, 'verification', 1, 'x');
    expect(flat(markSegments(0, 10, [c, { ...c }]))).toEqual([
      [0, 5, 'x+x', false],
      [5, 10, '', false],
    ]);
  });

  it('property: segments tile the range, each covered by exactly the cues over it', () => {
    const span = fc.tuple(fc.integer({ min: -20, max: 120 }), fc.integer({ min: -20, max: 120 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.tuple(span, fc.double({ min: -1, max: 3, noNaN: true })), { maxLength: 8 }),
        fc.option(span, { nil: null }),
        (start, len, raw, ex) => {
          const end = start + len;
          const cues = raw.map(([[s, e], w], i) => cue(s, e, 'verification', w, `k${i}`));
          const segs = markSegments(start, end, cues, ex);
          if (len === 0) return segs.length === 0;
          expect(segs[0]!.start).toBe(start);
          expect(segs.at(-1)!.end).toBe(end);
          for (let i = 0; i < segs.length; i++) {
            const s = segs[i]!;
            expect(s.end).toBeGreaterThan(s.start);
            if (i > 0) expect(s.start).toBe(segs[i - 1]!.end);
            for (let x = s.start; x < s.end; x++) {
              const over = cues.filter((c) => c.start <= x && x < c.end).map((c) => c.cue);
              expect(s.cues.map((c) => c.cue).sort()).toEqual(over.sort());
              expect(s.extracted).toBe(ex !== null && ex[0] <= x && x < ex[1]);
            }
            for (let k = 1; k < s.cues.length; k++) expect(s.cues[k - 1]!.weight).toBeGreaterThanOrEqual(s.cues[k]!.weight);
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('cueTitle', () => {
  it('names each cue with its tag, weight and explanation', () => {
    expect(cueTitle([cue(0, 1, 'backtracking', 1.5, 'lets-go-back'), cue(0, 1, 'verification', 1, 'double-check')])).toBe(
      'lets-go-back (backtracking, weight 1.5): why lets-go-back\ndouble-check (verification, weight 1.0): why double-check',
    );
  });
});

describe('collapseRuns', () => {
  it('turns 3+ consecutive plain steps into one run, keeps shorter stretches as steps', () => {
    const tags: Array<Tag[]> = [['subgoal'], [], [], ['verification'], [], [], [], [], ['backtracking'], [], [], []];
    const steps = tags.map((t, i) => step(i, t));
    expect(collapseRuns(steps)).toEqual([
      { kind: 'step', step: 0 },
      { kind: 'step', step: 1 },
      { kind: 'step', step: 2 },
      { kind: 'step', step: 3 },
      { kind: 'run', first: 4, last: 7, count: 4, chars: 32 },
      { kind: 'step', step: 8 },
      { kind: 'run', first: 9, last: 11, count: 3, chars: 24 },
    ]);
  });

  it('keeps a step whose automatic tag the curator removed visible (it carries an edit)', () => {
    const steps = [step(0), step(1, [], { autoTags: ['verification'] }), step(2), step(3), step(4)];
    expect(isPlainStep(steps[1]!)).toBe(false);
    expect(collapseRuns(steps)).toEqual([
      { kind: 'step', step: 0 },
      { kind: 'step', step: 1 },
      { kind: 'run', first: 2, last: 4, count: 3, chars: 24 },
    ]);
  });

  it('collapses a trace without any tag into one run; honours minRun; empty in, empty out', () => {
    const steps = [step(0), step(1), step(2)];
    expect(collapseRuns(steps)).toEqual([{ kind: 'run', first: 0, last: 2, count: 3, chars: 24 }]);
    expect(collapseRuns(steps, 4).map((i) => i.kind)).toEqual(['step', 'step', 'step']);
    expect(collapseRuns([])).toEqual([]);
  });

  it('covers every step of a real trace exactly once, in order', () => {
    const d = traceDetail('traces-dev', 'hanoi_5disks_308');
    const seen: number[] = [];
    for (const it of collapseRuns(d.steps)) {
      if (it.kind === 'step') seen.push(it.step);
      else for (let i = it.first; i <= it.last; i++) seen.push(i);
    }
    expect(seen).toEqual(d.steps.map((_, i) => i));
  });
});

describe('answerCompareMode', () => {
  it('equal after trimming', () => {
    expect(answerCompareMode(' 24 ', '24')).toBe('equal');
  });
  it('short single-line answers side by side', () => {
    expect(answerCompareMode('(3 + (9 × 14)) ÷ 5', '(3 + (9 × 13)) ÷ 5')).toBe('side-by-side');
    expect(answerCompareMode('', '4')).toBe('side-by-side');
  });
  it('a word diff for long answers on one or two lines', () => {
    expect(answerCompareMode('(1,1) '.repeat(20), '(1,2) '.repeat(20))).toBe('words');
    expect(answerCompareMode('a\nb', 'a\nc'.padEnd(80, ' x'))).toBe('words');
  });
  it('a line diff when either side has 3+ lines, even short', () => {
    expect(answerCompareMode('1 2\n3 4\n5 6', '1 2\n3 5\n5 6')).toBe('lines');
  });
  it('side by side when too long to diff', () => {
    expect(answerCompareMode('x'.repeat(30_000), 'y')).toBe('side-by-side');
  });
});

describe('answerDiff', () => {
  const rebuild = (parts: DiffPart[], keep: 'del' | 'ins') => parts.filter((p) => p.op === 'same' || p.op === keep).map((p) => p.text).join('');

  it('a dropped move is one deletion that starts at a word', () => {
    const truth = '(1,1) (2,2) (1,2) (3,1) (1,3) (2,1) (1,1)';
    const got = '(1,1) (2,2) (1,2) (3,1) (2,1) (1,1)';
    const parts = answerDiff(got, truth, 'words')!;
    expect(parts.filter((p) => p.op !== 'same')).toEqual([{ op: 'del', text: '(1,3) ' }]);
    expect(rebuild(parts, 'del')).toBe(truth);
    expect(rebuild(parts, 'ins')).toBe(got);
  });

  it('a line diff shows the changed words inside changed lines', () => {
    const truth = '1 2 3\n4 5 6\n7 8 9';
    const got = '1 2 3\n4 9 6\n7 8 9';
    const parts = answerDiff(got, truth, 'lines')!;
    expect(parts.filter((p) => p.op !== 'same')).toEqual([
      { op: 'del', text: '5' },
      { op: 'ins', text: '9' },
    ]);
    expect(rebuild(parts, 'del')).toBe(truth);
    expect(rebuild(parts, 'ins')).toBe(got);
  });

  // jsdiff's word diff takes the whitespace of kept parts from the new text: compare up to whitespace.
  const words = (t: string) => t.split(/\s+/).filter(Boolean);

  it('property: the kept and deleted parts give the truth, the kept and inserted parts the answer (up to whitespace)', () => {
    const word = fc.constantFrom('(1,1)', '(2,3)', 'up', 'down', '7', '24', '×', 'a');
    const text = fc.array(fc.tuple(word, fc.constantFrom(' ', ' ', '\n')), { maxLength: 25 }).map((ws) => ws.map(([w, s]) => w + s).join('').trim());
    fc.assert(
      fc.property(text, text, fc.constantFrom('words' as const, 'lines' as const), (got, truth, mode) => {
        const parts = answerDiff(got, truth, mode);
        expect(parts).not.toBeNull();
        expect(words(rebuild(parts!, 'del'))).toEqual(words(truth));
        expect(words(rebuild(parts!, 'ins'))).toEqual(words(got));
      }),
      { numRuns: 300 },
    );
  });
});

describe('slideToWords', () => {
  it('moves a lone change left onto a word boundary, keeping both texts', () => {
    const parts: DiffPart[] = [
      { op: 'same', text: '(3,1) (' },
      { op: 'del', text: '1,3) (' },
      { op: 'same', text: '2,1)' },
    ];
    expect(slideToWords(parts)).toEqual([
      { op: 'same', text: '(3,1) ' },
      { op: 'del', text: '(1,3) ' },
      { op: 'same', text: '(2,1)' },
    ]);
  });
  it('leaves changes already on a boundary, and replacements, alone', () => {
    const onBoundary: DiffPart[] = [
      { op: 'same', text: 'a ' },
      { op: 'ins', text: 'b ' },
      { op: 'same', text: 'c' },
    ];
    expect(slideToWords(structuredClone(onBoundary))).toEqual(onBoundary);
    const replacement: DiffPart[] = [
      { op: 'same', text: '(1,' },
      { op: 'del', text: '2' },
      { op: 'ins', text: '3' },
      { op: 'same', text: ')' },
    ];
    expect(slideToWords(structuredClone(replacement))).toEqual(replacement);
  });
});

describe('prettyAnswer', () => {
  it('prints a grid one row per line, a flat list on one line', () => {
    expect(prettyAnswer('[[1,2,3],[4,5,6]]')).toBe('[\n  [1, 2, 3],\n  [4, 5, 6]\n]');
    expect(prettyAnswer('[3,2,4,1,0,5]')).toBe('[3, 2, 4, 1, 0, 5]');
  });
  it('reads Python literals (tuples, single quotes) as the reference does', () => {
    expect(prettyAnswer("[(0, 1), (2, 'x')]")).toBe('[\n  [0, 1],\n  [2, "x"]\n]');
    expect(prettyAnswer("{'a': [1, 2]}")).toBe('{\n  "a": [1, 2]\n}');
  });
  it('is null for plain text, scalars, unreadable text and what is already in that form', () => {
    expect(prettyAnswer('right down left')).toBeNull();
    expect(prettyAnswer('24')).toBeNull();
    expect(prettyAnswer('[1, 2')).toBeNull();
    expect(prettyAnswer('[1, 2, 3]')).toBeNull();
  });
});

describe('chips', () => {
  it('says where each tag comes from: the tagger, the curator, or the tagger but removed', () => {
    expect(stepChips(['verification', 'subgoal'], ['verification', 'correction'])).toEqual([
      { tag: 'verification', state: 'auto' },
      { tag: 'subgoal', state: 'added' },
      { tag: 'correction', state: 'removed' },
    ]);
    expect(stepChips([], [])).toEqual([]);
    expect(chipTitle({ tag: 'correction', state: 'removed' })).toMatch(/set by the tagger, removed by you \(click or 5 .* to restore\)/);
    expect(chipTitle({ tag: 'subgoal', state: 'added' })).toMatch(/^subgoal: added by you/);
  });
});

describe('zoom steps and counts', () => {
  it('steps through the zoom levels from any scale, clamped at the ends', () => {
    expect(nextZoom(1, 1)).toBe(1.5);
    expect(nextZoom(1, -1)).toBe(0.75);
    expect(nextZoom(0.62, 1)).toBe(0.75);
    expect(nextZoom(0.62, -1)).toBe(0.5);
    expect(nextZoom(16, 1)).toBe(16);
    expect(nextZoom(0.1, -1)).toBe(0.1);
  });
  it('formats counts with thousands separators', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
