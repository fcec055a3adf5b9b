/**
 * Curator corrections of the automatic step tags. A journal line stores net edits relative to what the
 * tagger set: `add` a tag the tagger did not set, `remove` one it did. Toggling a tag back to what the
 * tagger says drops the edit, so an add followed by a remove of the same step and tag cancels out.
 */
import { TAGS, type Tag } from '../trace/cueSchema';
import type { StepTagEdit } from './schema';

const TAG_ORDER = new Map<Tag, number>(TAGS.map((t, i) => [t, i]));

function compareEdits(a: StepTagEdit, b: StepTagEdit): number {
  return a.step - b.step || (TAG_ORDER.get(a.tag) ?? 0) - (TAG_ORDER.get(b.tag) ?? 0);
}

/**
 * The effective tags of every step: the automatic tags with the edits applied, each step's tags in the
 * canonical order of TAGS. Edits of steps the trace no longer has are ignored (the result has one entry
 * per automatic step). When a step has several edits of one tag, the last one counts.
 */
export function mergeTagEdits(autoTags: readonly (readonly Tag[])[], edits: readonly StepTagEdit[]): Tag[][] {
  const sets = autoTags.map((tags) => new Set<Tag>(tags));
  for (const e of edits) {
    const set = sets[e.step];
    if (!set) continue;
    if (e.op === 'add') set.add(e.tag);
    else set.delete(e.tag);
  }
  return sets.map((set) => TAGS.filter((t) => set.has(t)));
}

/** Whether `tag` is on at `step` given the step's automatic tags and the edits. */
export function effectiveHasTag(edits: readonly StepTagEdit[], autoTagsOfStep: readonly Tag[], step: number, tag: Tag): boolean {
  let has = autoTagsOfStep.includes(tag);
  for (const e of edits) if (e.step === step && e.tag === tag) has = e.op === 'add';
  return has;
}

/**
 * The edits after the curator toggles `tag` on `step`: the tag flips relative to its effective state, and
 * the edit list keeps only what differs from the tagger (toggling a tagger's tag adds a `remove`; toggling
 * it back drops that edit; toggling a tag the tagger did not set adds an `add`; toggling again drops it).
 * Returns a new list, sorted by step and tag; the input is not changed.
 */
export function toggleTagEdit(edits: readonly StepTagEdit[], autoTagsOfStep: readonly Tag[], step: number, tag: Tag): StepTagEdit[] {
  const want = !effectiveHasTag(edits, autoTagsOfStep, step, tag);
  const auto = autoTagsOfStep.includes(tag);
  const out = edits.filter((e) => !(e.step === step && e.tag === tag));
  if (want !== auto) out.push({ step, tag, op: want ? 'add' : 'remove' });
  return out.sort(compareEdits);
}

/**
 * A clean edit list: one edit per step and tag (the last one wins), sorted by step and tag. With the
 * automatic tags, edits that change nothing (adding a tag the tagger set, removing one it did not) are
 * dropped too; steps beyond `autoTags` are kept (the trace may be longer than the tags at hand).
 */
export function normalizeTagEdits(edits: readonly StepTagEdit[], autoTags?: readonly (readonly Tag[])[]): StepTagEdit[] {
  const last = new Map<string, StepTagEdit>();
  for (const e of edits) {
    const key = `${e.step}\u0000${e.tag}`;
    last.delete(key);
    last.set(key, { step: e.step, tag: e.tag, op: e.op });
  }
  const out: StepTagEdit[] = [];
  for (const e of last.values()) {
    const stepTags = autoTags?.[e.step];
    if (stepTags && stepTags.includes(e.tag) === (e.op === 'add')) continue;
    out.push(e);
  }
  return out.sort(compareEdits);
}
