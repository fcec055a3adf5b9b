/**
 * The curator webview's only way to talk to the extension host (the curator protocol,
 * src/protocol/curator.ts). Components never call `postMessage` or listen to `message` events themselves;
 * tests pass a fake (testing/fakeHost.ts).
 */
import { HostToCurator, type CuratorToHost } from '../../src/protocol/curator';

export interface CuratorHostApi {
  /** Send a message to the host. */
  post(message: CuratorToHost): void;
  /** Receive the host's messages (already validated). Returns the unsubscribe function. */
  subscribe(listener: (message: HostToCurator) => void): () => void;
  /** The webview's own state that survives the panel being hidden (VS Code `getState`/`setState`). */
  getState(): unknown;
  setState(state: unknown): void;
}

/** What `acquireVsCodeApi()` returns (the part the curator uses). */
export interface CuratorVsCodeApi {
  postMessage(message: unknown): void;
  getState?(): unknown;
  setState?(state: unknown): void;
}

/** The real implementation over VS Code's webview messaging. Host messages are validated with zod; invalid ones are dropped with a warning. */
export function createCuratorHostApi(vscode: CuratorVsCodeApi, target: EventTarget): CuratorHostApi {
  return {
    post(message) {
      vscode.postMessage(message);
    },
    subscribe(listener) {
      const onMessage = (event: Event) => {
        const parsed = HostToCurator.safeParse((event as MessageEvent<unknown>).data);
        if (parsed.success) listener(parsed.data);
        else console.warn('helix-curator: ignored an invalid message from the host', parsed.error.issues[0]);
      };
      target.addEventListener('message', onMessage);
      return () => target.removeEventListener('message', onMessage);
    },
    getState() {
      return vscode.getState?.();
    },
    setState(state) {
      vscode.setState?.(state);
    },
  };
}
