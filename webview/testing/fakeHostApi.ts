/** A HostApi for tests: records what the webview posts and lets the test play the host. Never imported by production code. */
import type { HostToWebview, WebviewToHost } from '../../src/protocol/statsView';
import type { HostApi } from '../hostApi';

export class FakeHostApi implements HostApi {
  readonly posted: WebviewToHost[] = [];
  private readonly listeners = new Set<(message: HostToWebview) => void>();

  post(message: WebviewToHost): void {
    this.posted.push(message);
  }

  subscribe(listener: (message: HostToWebview) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Deliver a host message to every subscriber. */
  send(message: HostToWebview): void {
    for (const l of this.listeners) l(message);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
