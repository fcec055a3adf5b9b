import { describe, expect, it, vi } from 'vitest';
import { createVsCodeHostApi } from '../../webview/hostApi';
import { FakeHostApi } from '../../webview/testing/fakeHostApi';
import { exampleStats } from './exampleStats';

describe('createVsCodeHostApi', () => {
  it('posts through the VS Code API and delivers only valid host messages', () => {
    const posted: unknown[] = [];
    const target = new EventTarget();
    const api = createVsCodeHostApi({ postMessage: (m) => posted.push(m) }, target);
    api.post({ type: 'ready' });
    expect(posted).toEqual([{ type: 'ready' }]);

    const received: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const unsubscribe = api.subscribe((m) => received.push(m));
    const snapshot = { type: 'stats', fileName: 'a.jsonl', stats: exampleStats() };
    target.dispatchEvent(new MessageEvent('message', { data: { type: 'stats', fileName: 'a.jsonl' } }));
    target.dispatchEvent(new MessageEvent('message', { data: 'garbage' }));
    target.dispatchEvent(new MessageEvent('message', { data: snapshot }));
    expect(received).toEqual([snapshot]);
    expect(warn).toHaveBeenCalledTimes(2);

    unsubscribe();
    target.dispatchEvent(new MessageEvent('message', { data: snapshot }));
    expect(received).toHaveLength(1);
    warn.mockRestore();
  });
});

describe('FakeHostApi', () => {
  it('records posts and plays the host', () => {
    const fake = new FakeHostApi();
    const got: unknown[] = [];
    const off = fake.subscribe((m) => got.push(m));
    fake.post({ type: 'openLine', line: 3 });
    fake.send({ type: 'stats', fileName: 'a', stats: exampleStats() });
    expect(fake.posted).toEqual([{ type: 'openLine', line: 3 }]);
    expect(got).toHaveLength(1);
    off();
    expect(fake.subscribers).toBe(0);
  });
});
