/**
 * The JSONL language client, started lazily: only once a document with language id `jsonl` is open
 * (as vscode-eslint starts its client on the first relevant document). Stopped in `deactivate`.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { JSONL_LANGUAGE_ID } from './contributions';

export const CLIENT_ID = 'helixCurator';

export class JsonlLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  /** Set when the server failed to start: not retried on every document (the error was shown once). */
  private failed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get running(): boolean {
    return this.client !== undefined;
  }

  /** Start the client if `document` is a JSONL document and it is not started yet. */
  startFor(document: vscode.TextDocument): void {
    if (document.languageId !== JSONL_LANGUAGE_ID || this.client || this.starting || this.failed) return;
    this.starting = this.start().finally(() => {
      this.starting = undefined;
    });
  }

  private async start(): Promise<void> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: JSONL_LANGUAGE_ID },
        { scheme: 'untitled', language: JSONL_LANGUAGE_ID },
      ],
      outputChannel: this.log,
      diagnosticPullOptions: { onChange: true, onSave: true },
    };
    const client = new LanguageClient(CLIENT_ID, 'Helix Curator Language Server', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
      this.log.info('language server started');
    } catch (e) {
      this.client = undefined;
      this.failed = true;
      const detail = e instanceof Error ? e.message : String(e);
      this.log.error(`language server failed to start: ${detail}`);
      void vscode.window.showErrorMessage(`Helix Curator: the JSONL language server failed to start: ${detail}`);
    }
  }

  async stop(): Promise<void> {
    await this.starting;
    const client = this.client;
    this.client = undefined;
    if (client?.isRunning()) await client.stop();
  }

  dispose(): void {
    void this.stop();
  }
}
