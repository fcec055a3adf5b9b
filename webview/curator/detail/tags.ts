/**
 * How the five reflection tags look in the detail pane: a short label for chips, an icon for the margin
 * (so a tag is never told by colour alone) and a CSS class that sets `--tag` to the tag's colour
 * (`--helix-tag-*`, defined by the shell on :root, with a theme chart colour as the fallback; see detail.css).
 */
import { TAGS, type Tag } from '../../../src/core/trace/cueSchema';

export interface TagInfo {
  /** The tag's name in words. */
  name: string;
  /** On chips. */
  short: string;
  /** A one-letter mark for the margin, beside the icon. */
  letter: string;
  /** codicon name (without `codicon-`). */
  icon: string;
  /** Sets `--tag` (detail.css). */
  className: string;
  /** The shell's key that toggles the tag on the focused step (webview/curator/keymap.ts: 1..5 in tag order). */
  key: string;
}

export const TAG_INFO: Record<Tag, TagInfo> = {
  verification: { name: 'verification', short: 'verify', letter: 'V', icon: 'check', className: 'tag-verification', key: '1' },
  backtracking: { name: 'backtracking', short: 'backtrack', letter: 'B', icon: 'debug-step-back', className: 'tag-backtracking', key: '2' },
  subgoal: { name: 'subgoal', short: 'subgoal', letter: 'S', icon: 'milestone', className: 'tag-subgoal', key: '3' },
  backward_chaining: { name: 'backward chaining', short: 'backward', letter: 'W', icon: 'arrow-left', className: 'tag-backward_chaining', key: '4' },
  correction: { name: 'correction', short: 'correct', letter: 'C', icon: 'edit', className: 'tag-correction', key: '5' },
};

export const ALL_TAGS: readonly Tag[] = TAGS;

/** Where a tag on a step comes from: the tagger (`auto`), the curator (`added`), or the tagger but the curator removed it (`removed`). */
export type ChipState = 'auto' | 'added' | 'removed';

export interface Chip {
  tag: Tag;
  state: ChipState;
}

/** The chips of a step, in tag order: every tag in `tags` or `autoTags`. */
export function stepChips(tags: readonly Tag[], autoTags: readonly Tag[]): Chip[] {
  const out: Chip[] = [];
  for (const tag of ALL_TAGS) {
    const on = tags.includes(tag);
    const auto = autoTags.includes(tag);
    if (on && auto) out.push({ tag, state: 'auto' });
    else if (on) out.push({ tag, state: 'added' });
    else if (auto) out.push({ tag, state: 'removed' });
  }
  return out;
}

export function chipTitle(chip: Chip): string {
  const { name, key } = TAG_INFO[chip.tag];
  switch (chip.state) {
    case 'auto':
      return `${name}: set by the tagger (click or ${key} on the focused step to remove)`;
    case 'added':
      return `${name}: added by you (click or ${key} on the focused step to remove)`;
    case 'removed':
      return `${name}: set by the tagger, removed by you (click or ${key} on the focused step to restore)`;
  }
}
