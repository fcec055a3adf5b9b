/** Step-tag corrections: toggling against the automatic tags and merging the edits back in. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { effectiveHasTag, mergeTagEdits, normalizeTagEdits, toggleTagEdit, type StepTagEdit } from '../../../src/core/journal';
import { TAGS, type Tag } from '../../../src/core/trace/cueSchema';

describe('toggleTagEdit', () => {
  it('toggling a tag the tagger set adds a remove; toggling it back drops the edit', () => {
    const auto: Tag[] = ['verification'];
    const once = toggleTagEdit([], auto, 3, 'verification');
    expect(once).toEqual([{ step: 3, tag: 'verification', op: 'remove' }]);
    expect(toggleTagEdit(once, auto, 3, 'verification')).toEqual([]);
  });

  it('toggling a tag the tagger did not set adds an add; toggling again drops it', () => {
    const once = toggleTagEdit([], [], 0, 'subgoal');
    expect(once).toEqual([{ step: 0, tag: 'subgoal', op: 'add' }]);
    expect(toggleTagEdit(once, [], 0, 'subgoal')).toEqual([]);
  });

  it('keeps the other edits, sorted by step then tag order, and does not change its input', () => {
    const edits: StepTagEdit[] = [{ step: 5, tag: 'correction', op: 'add' }];
    const out = toggleTagEdit(toggleTagEdit(edits, ['backtracking'], 2, 'backtracking'), [], 2, 'verification');
    expect(out).toEqual([
      { step: 2, tag: 'verification', op: 'add' },
      { step: 2, tag: 'backtracking', op: 'remove' },
      { step: 5, tag: 'correction', op: 'add' },
    ]);
    expect(edits).toEqual([{ step: 5, tag: 'correction', op: 'add' }]);
  });

  it('repairs a redundant edit list: the effective state flips and the no-op edit goes', () => {
    // An `add` of a tag the tagger already set is a no-op edit; toggling removes the tag.
    expect(toggleTagEdit([{ step: 1, tag: 'subgoal', op: 'add' }], ['subgoal'], 1, 'subgoal')).toEqual([{ step: 1, tag: 'subgoal', op: 'remove' }]);
  });

  it('property: toggling twice is the identity on the effective tags; the list stays net', () => {
    const tag = fc.constantFrom(...TAGS);
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(tag), { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(7), tag), { maxLength: 30 }), (auto, toggles) => {
        let edits: StepTagEdit[] = [];
        const model = auto.map((tags) => new Set(tags));
        for (const [step, t] of toggles) {
          const stepAuto = auto[step] ?? [];
          edits = toggleTagEdit(edits, stepAuto, step, t);
          const set = model[step];
          if (set) {
            if (set.has(t)) set.delete(t);
            else set.add(t);
          }
          // net: no two edits of one step+tag, and no edit that agrees with the tagger
          const keys = edits.map((e) => `${e.step}/${e.tag}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const e of edits) expect((auto[e.step] ?? []).includes(e.tag)).toBe(e.op === 'remove');
        }
        expect(mergeTagEdits(auto, edits)).toEqual(model.map((set) => TAGS.filter((x) => set.has(x))));
      }),
    );
  });
});

describe('mergeTagEdits', () => {
  it('applies adds and removes per step, in canonical tag order', () => {
    const auto: Tag[][] = [['verification'], [], ['correction', 'backtracking']];
    const edits: StepTagEdit[] = [
      { step: 0, tag: 'verification', op: 'remove' },
      { step: 1, tag: 'subgoal', op: 'add' },
      { step: 2, tag: 'verification', op: 'add' },
    ];
    expect(mergeTagEdits(auto, edits)).toEqual([[], ['subgoal'], ['verification', 'backtracking', 'correction']]);
  });

  it('ignores edits of steps the trace no longer has, and leaves the input alone', () => {
    const auto: Tag[][] = [['subgoal']];
    expect(mergeTagEdits(auto, [{ step: 4, tag: 'verification', op: 'add' }])).toEqual([['subgoal']]);
    expect(auto).toEqual([['subgoal']]);
  });

  it('the last edit of a step and tag counts; add then remove cancels out', () => {
    const auto: Tag[][] = [[]];
    expect(
      mergeTagEdits(auto, [
        { step: 0, tag: 'subgoal', op: 'add' },
        { step: 0, tag: 'subgoal', op: 'remove' },
      ]),
    ).toEqual([[]]);
  });
});

describe('effectiveHasTag / normalizeTagEdits', () => {
  it('effectiveHasTag follows the tagger unless an edit says otherwise', () => {
    expect(effectiveHasTag([], ['subgoal'], 0, 'subgoal')).toBe(true);
    expect(effectiveHasTag([{ step: 0, tag: 'subgoal', op: 'remove' }], ['subgoal'], 0, 'subgoal')).toBe(false);
    expect(effectiveHasTag([{ step: 1, tag: 'subgoal', op: 'remove' }], ['subgoal'], 0, 'subgoal')).toBe(true);
  });

  it('normalizeTagEdits keeps the last edit per step and tag, drops no-ops given the tags, sorts', () => {
    const edits: StepTagEdit[] = [
      { step: 3, tag: 'correction', op: 'add' },
      { step: 0, tag: 'subgoal', op: 'add' },
      { step: 0, tag: 'subgoal', op: 'remove' },
      { step: 1, tag: 'verification', op: 'add' },
    ];
    expect(normalizeTagEdits(edits)).toEqual([
      { step: 0, tag: 'subgoal', op: 'remove' },
      { step: 1, tag: 'verification', op: 'add' },
      { step: 3, tag: 'correction', op: 'add' },
    ]);
    // with the tagger's tags: removing subgoal from step 0 (never set) and adding verification at step 1 (already set) are no-ops
    expect(normalizeTagEdits(edits, [[], ['verification']])).toEqual([{ step: 3, tag: 'correction', op: 'add' }]);
  });
});
