/** The keymap table and key naming: one table drives the handler and the help. */
import { describe, expect, it } from 'vitest';
import { TAG_ORDER } from '../../../src/protocol/curator';
import { actionFor, isTypingTarget, KEYMAP, keyName, tagOfAction, type KeyLike } from '../../../webview/curator/keymap';

const press = (key: string, mods: Partial<Omit<KeyLike, 'key'>> = {}): KeyLike => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

/** The KeyLike a descriptor stands for (what the browser reports for that press). */
function eventFor(descriptor: string): KeyLike {
  const parts = descriptor.split('+');
  const key = parts.pop()!;
  const mods = { ctrlKey: parts.includes('Ctrl'), shiftKey: parts.includes('Shift'), altKey: parts.includes('Alt') };
  return press(key.length === 1 && /[a-z]/i.test(key) ? (mods.shiftKey ? key.toUpperCase() : key.toLowerCase()) : key, mods);
}

describe('KEYMAP', () => {
  it('binds every key once, and every key descriptor round-trips through keyName', () => {
    const all = KEYMAP.flatMap((b) => b.keys);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(KEYMAP.map((b) => b.action)).size).toBe(KEYMAP.length);
    for (const b of KEYMAP) {
      for (const k of b.keys) {
        expect(keyName(eventFor(k))).toBe(k);
        expect(actionFor(eventFor(k))).toBe(b.action);
      }
      expect(b.description.length).toBeGreaterThan(5);
    }
  });

  it('has the curation keys', () => {
    expect(actionFor(press('j'))).toBe('next');
    expect(actionFor(press('ArrowDown'))).toBe('next');
    expect(actionFor(press('k'))).toBe('prev');
    expect(actionFor(press('ArrowUp'))).toBe('prev');
    expect(actionFor(press('a'))).toBe('accept');
    expect(actionFor(press('r'))).toBe('reject');
    expect(actionFor(press('f'))).toBe('flag');
    expect(actionFor(press('x'))).toBe('clear');
    expect(actionFor(press('u'))).toBe('undo');
    expect(actionFor(press('z', { ctrlKey: true }))).toBe('undo');
    expect(actionFor(press('z', { metaKey: true }))).toBe('undo');
    expect(actionFor(press('U', { shiftKey: true }))).toBe('redo');
    expect(actionFor(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(actionFor(press('n'))).toBe('note');
    expect(actionFor(press(']'))).toBe('nextReflection');
    expect(actionFor(press('['))).toBe('prevReflection');
    expect(actionFor(press('}', { shiftKey: true }))).toBe('nextBacktrack');
    expect(actionFor(press('{', { shiftKey: true }))).toBe('prevBacktrack');
    expect(actionFor(press('.'))).toBe('nextStep');
    expect(actionFor(press(','))).toBe('prevStep');
    expect(actionFor(press('/'))).toBe('focusFilter');
    expect(actionFor(press('g'))).toBe('first');
    expect(actionFor(press('G', { shiftKey: true }))).toBe('last');
    expect(actionFor(press('?', { shiftKey: true }))).toBe('help');
    expect(actionFor(press('Escape'))).toBe('escape');
  });

  it('maps 1..5 to the tags in TAG_ORDER', () => {
    const tags = ['1', '2', '3', '4', '5'].map((k) => tagOfAction(actionFor(press(k))!));
    expect(tags).toEqual([...TAG_ORDER]);
    expect(tagOfAction('accept')).toBeNull();
  });

  it('ignores modified presses that are not bound, and Caps Lock letters count as lower case', () => {
    expect(actionFor(press('a', { ctrlKey: true }))).toBeNull();
    expect(actionFor(press('a', { altKey: true }))).toBeNull();
    expect(actionFor(press('j', { metaKey: true }))).toBeNull();
    expect(actionFor(press('A'))).toBe('accept');
    expect(actionFor(press('Enter'))).toBeNull();
    expect(keyName(press(' '))).toBe('Space');
  });
});

describe('isTypingTarget', () => {
  const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, isContentEditable: false, closest: () => null, ...extra }) as unknown as EventTarget;
  it('is true for text fields and editable content, false elsewhere', () => {
    expect(isTypingTarget(el('INPUT', { type: 'text' }))).toBe(true);
    expect(isTypingTarget(el('INPUT', { type: 'search' }))).toBe(true);
    expect(isTypingTarget(el('INPUT', { type: 'number' }))).toBe(true);
    expect(isTypingTarget(el('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(el('SELECT'))).toBe(true);
    expect(isTypingTarget(el('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTypingTarget(el('DIV'))).toBe(false);
    expect(isTypingTarget(el('BUTTON'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget(new EventTarget())).toBe(false);
  });
});
