/** A CuratorHostApi for tests: records what the webview posts and lets the test play the host. Never imported by production code. */
import type { CuratorToHost, HostToCurator } from '../../../src/protocol/curator';
import type { CuratorHostApi } from '../hostApi';

export class FakeCuratorHost implements CuratorHostApi {
  readonly posted: CuratorToHost[] = [];
  state: unknown = undefined;
  private readonly listeners = new Set<(message: HostToCurator) => void>();

  post(message: CuratorToHost): void {
    this.posted.push(message);
  }

  subscribe(listener: (message: HostToCurator) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getState(): unknown {
    return this.state;
  }

  setState(state: unknown): void {
    this.state = state;
  }

  /** Deliver host messages to every subscriber, in order. */
  send(...messages: HostToCurator[]): void {
    for (const m of messages) for (const l of this.listeners) l(m);
  }

  /** The posted messages of one type. */
  postedOf<T extends CuratorToHost['type']>(type: T): Extract<CuratorToHost, { type: T }>[] {
    return this.posted.filter((m): m is Extract<CuratorToHost, { type: T }> => m.type === type);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
