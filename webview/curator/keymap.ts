/**
 * The curator's keyboard shortcuts: one table, used by the key handler (`actionFor`) and listed by the
 * help overlay (`?`). Keys are written as `keyName` descriptors (see there): a printable character as
 * typed (`?`, `}`, `1`), a letter lower-case or `Shift+U`, named keys as the DOM names them
 * (`ArrowDown`, `Escape`), modifiers first (`Ctrl+Shift+Z`; Cmd counts as Ctrl).
 */
import { TAG_ORDER } from '../../src/protocol/curator';

export type Action =
  | 'next'
  | 'prev'
  | 'first'
  | 'last'
  | 'accept'
  | 'reject'
  | 'flag'
  | 'clear'
  | 'undo'
  | 'redo'
  | 'note'
  | 'nextReflection'
  | 'prevReflection'
  | 'nextBacktrack'
  | 'prevBacktrack'
  | 'nextStep'
  | 'prevStep'
  | 'tag1'
  | 'tag2'
  | 'tag3'
  | 'tag4'
  | 'tag5'
  | 'adjudicateAccept'
  | 'adjudicateReject'
  | 'adjudicateFlag'
  | 'insight'
  | 'export'
  | 'focusFilter'
  | 'help'
  | 'escape';

export interface KeyBinding {
  readonly keys: readonly string[];
  readonly action: Action;
  readonly description: string;
}

const TAG_ACTIONS = ['tag1', 'tag2', 'tag3', 'tag4', 'tag5'] as const;

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['j', 'ArrowDown'], action: 'next', description: 'Next sample in the list' },
  { keys: ['k', 'ArrowUp'], action: 'prev', description: 'Previous sample in the list' },
  { keys: ['g', 'Home'], action: 'first', description: 'First sample in the list' },
  { keys: ['Shift+G', 'End'], action: 'last', description: 'Last sample in the list' },
  { keys: ['a'], action: 'accept', description: 'Accept the sample' },
  { keys: ['r'], action: 'reject', description: 'Reject the sample' },
  { keys: ['f'], action: 'flag', description: 'Flag the sample for a second look' },
  { keys: ['x'], action: 'clear', description: 'Clear the decision' },
  { keys: ['u', 'Ctrl+Z'], action: 'undo', description: 'Undo the last journal change' },
  { keys: ['Shift+U', 'Ctrl+Shift+Z'], action: 'redo', description: 'Redo what was undone' },
  { keys: ['n'], action: 'note', description: 'Edit the note (Enter saves, Escape cancels)' },
  { keys: [']'], action: 'nextReflection', description: 'Next reflection step (verification, backtracking, correction)' },
  { keys: ['['], action: 'prevReflection', description: 'Previous reflection step' },
  { keys: ['}'], action: 'nextBacktrack', description: 'Next backtracking step' },
  { keys: ['{'], action: 'prevBacktrack', description: 'Previous backtracking step' },
  { keys: ['.'], action: 'nextStep', description: 'Next step' },
  { keys: [','], action: 'prevStep', description: 'Previous step' },
  ...TAG_ORDER.map((tag, i) => ({ keys: [String(i + 1)], action: TAG_ACTIONS[i]!, description: `Toggle the ${tag.replace('_', ' ')} tag on the focused step` })),
  { keys: ['Shift+A'], action: 'adjudicateAccept', description: 'Adjudicate: record the team\'s final decision as accept' },
  { keys: ['Shift+R'], action: 'adjudicateReject', description: 'Adjudicate: final decision reject' },
  { keys: ['Shift+F'], action: 'adjudicateFlag', description: 'Adjudicate: final decision flag' },
  { keys: ['i'], action: 'insight', description: 'Show or hide the dataset insight (plots; click a bar to filter)' },
  { keys: ['Shift+E'], action: 'export', description: 'Export the accepted samples…' },
  { keys: ['/'], action: 'focusFilter', description: 'Search ids and tasks' },
  { keys: ['?'], action: 'help', description: 'Show or hide this help' },
  { keys: ['Escape'], action: 'escape', description: 'Close the help, cancel the note' },
];

/** The tag a `tagN` action toggles. */
export function tagOfAction(action: Action): (typeof TAG_ORDER)[number] | null {
  const i = (TAG_ACTIONS as readonly string[]).indexOf(action);
  return i < 0 ? null : (TAG_ORDER[i] ?? null);
}

/** The parts of a KeyboardEvent `keyName` reads. */
export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The descriptor of a key press, in the KEYMAP's notation. */
export function keyName(e: KeyLike): string {
  const mods: string[] = [];
  if (e.ctrlKey || e.metaKey) mods.push('Ctrl');
  if (e.altKey) mods.push('Alt');
  const key = e.key;
  if (key.length === 1) {
    if (/[a-z]/i.test(key)) {
      if (e.shiftKey) mods.push('Shift');
      return [...mods, mods.length ? key.toUpperCase() : key.toLowerCase()].join('+');
    }
    // Other printable characters already carry Shift (`?`, `}`); a space is named.
    return [...mods, key === ' ' ? 'Space' : key].join('+');
  }
  if (e.shiftKey) mods.push('Shift');
  return [...mods, key].join('+');
}

const BY_KEY: ReadonlyMap<string, Action> = new Map(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

/** The action bound to a key press, or null. */
export function actionFor(e: KeyLike): Action | null {
  return BY_KEY.get(keyName(e)) ?? null;
}

/** Whether the key press goes to a text field (inputs, text areas, selects, contenteditable): shortcuts stay out of its way. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Partial<Element>).closest !== 'function') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return el.isContentEditable || el.closest('[contenteditable=""], [contenteditable="true"]') !== null;
}
