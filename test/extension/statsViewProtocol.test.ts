import { describe, expect, it } from 'vitest';
import { HostToWebview, WebviewToHost } from '../../src/protocol/statsView';
import { exampleStats } from '../webview/exampleStats';

describe('stats view protocol', () => {
  it('accepts the webview messages', () => {
    expect(WebviewToHost.parse({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(WebviewToHost.parse({ type: 'openLine', line: 12 })).toEqual({ type: 'openLine', line: 12 });
  });

  it('rejects anything else from the webview', () => {
    for (const bad of [
      null,
      'ready',
      {},
      { type: 'nope' },
      { type: 'openLine' },
      { type: 'openLine', line: 0 },
      { type: 'openLine', line: 1.5 },
      { type: 'openLine', line: '3' },
      { type: 'openLine', line: 2 ** 40 },
    ]) {
      expect(WebviewToHost.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('carries a whole stats snapshot to the webview', () => {
    const message = { type: 'stats', fileName: 'x.jsonl', stats: exampleStats() };
    expect(HostToWebview.parse(message)).toEqual(message);
    expect(HostToWebview.safeParse({ type: 'stats', fileName: 'x.jsonl', stats: { samples: 1 } }).success).toBe(false);
  });
});
