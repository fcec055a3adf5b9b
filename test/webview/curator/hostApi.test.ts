/** The curator's HostApi validates what the host sends; the fake host records what the webview posts. */
import { describe, expect, it, vi } from 'vitest';
import { createCuratorHostApi } from '../../../webview/curator/hostApi';
import { FakeCuratorHost } from '../../../webview/curator/testing/fakeHost';
import { indexChunk, initMessage } from './fixtures';

describe('createCuratorHostApi', () => {
  it('posts through the VS Code API and delivers only valid host messages', () => {
    const posted: unknown[] = [];
    let saved: unknown;
    const target = new EventTarget();
    const api = createCuratorHostApi({ postMessage: (m) => posted.push(m), getState: () => saved, setState: (s) => (saved = s) }, target);
    api.post({ type: 'ready' });
    api.setState({ a: 1 });
    expect(posted).toEqual([{ type: 'ready' }]);
    expect(api.getState()).toEqual({ a: 1 });

    const received: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const unsubscribe = api.subscribe((m) => received.push(m));
    const bad = { ...indexChunk(0, 2), tasks: ['maze'] }; // columns differ in length
    target.dispatchEvent(new MessageEvent('message', { data: bad }));
    target.dispatchEvent(new MessageEvent('message', { data: { type: 'sample', ordinal: -1 } }));
    target.dispatchEvent(new MessageEvent('message', { data: '<b>nope</b>' }));
    target.dispatchEvent(new MessageEvent('message', { data: initMessage() }));
    expect(received).toEqual([initMessage()]);
    expect(warn).toHaveBeenCalledTimes(3);
    unsubscribe();
    target.dispatchEvent(new MessageEvent('message', { data: initMessage() }));
    expect(received).toHaveLength(1);
    warn.mockRestore();
  });

  it('works without getState/setState', () => {
    const api = createCuratorHostApi({ postMessage: () => undefined }, new EventTarget());
    expect(api.getState()).toBeUndefined();
    expect(() => api.setState({})).not.toThrow();
  });
});

describe('FakeCuratorHost', () => {
  it('records posts and plays the host', () => {
    const fake = new FakeCuratorHost();
    const got: unknown[] = [];
    const off = fake.subscribe((m) => got.push(m));
    fake.post({ type: 'requestSample', ordinal: 3 });
    fake.post({ type: 'undo' });
    fake.send(initMessage(), indexChunk(0, 1));
    expect(fake.postedOf('requestSample')).toEqual([{ type: 'requestSample', ordinal: 3 }]);
    expect(got).toHaveLength(2);
    off();
    expect(fake.subscribers).toBe(0);
  });
});
