/**
 * The webview's only way to talk to the extension host. Components receive a `HostApi` and never call
 * `postMessage` or listen to `message` events themselves; tests pass a fake (testing/fakeHostApi.ts).
 */
import { HostToWebview, type WebviewToHost } from '../src/protocol/statsView';

export interface HostApi {
  /** Send a message to the host. */
  post(message: WebviewToHost): void;
  /** Receive the host's messages (already validated). Returns the unsubscribe function. */
  subscribe(listener: (message: HostToWebview) => void): () => void;
}

/** What `acquireVsCodeApi()` returns (the part we use). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

/** The real implementation over VS Code's webview messaging. Host messages are validated with zod. */
export function createVsCodeHostApi(vscode: VsCodeApi, target: EventTarget): HostApi {
  return {
    post(message) {
      vscode.postMessage(message);
    },
    subscribe(listener) {
      const onMessage = (event: Event) => {
        const parsed = HostToWebview.safeParse((event as MessageEvent<unknown>).data);
        if (parsed.success) listener(parsed.data);
        else console.warn('helix-curator: ignored an invalid message from the host', parsed.error.issues[0]);
      };
      target.addEventListener('message', onMessage);
      return () => target.removeEventListener('message', onMessage);
    },
  };
}
