/**
 * The dataset language client, started lazily: only once a dataset document is open (as vscode-eslint
 * starts its client on the first relevant document). A dataset document matches one of the
 * `helixCurator.diagnostics.include` globs and, unless `diagnostics.onlySamples` is off, its first
 * non-blank line looks like a sample (src/server/datasetFiles.ts; the server asks again per request).
 * Stopped in `deactivate`; restarted when the include globs change (they are its document selector).
 *
 * Besides LSP it provides what the server's code lenses run: the "Verify" command (a custom request, the
 * verdict shown as a message), and "Open in Helix Curator" with the document URI turned back into a Uri.
 * VS Code never passes files over 50 MB to extensions (no document, no language server); when such a
 * dataset file is shown as text, the client says so once and offers the curator, which streams it.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isDataset, selectorPattern } from '../server/datasetFiles';
import { CLIENT_COMMANDS, VERIFY_LINE_REQUEST, VerifyLineResult, type VerifyLineParams } from '../server/protocol';
import { readSettings } from './config';
import { COMMANDS, JSONL_LANGUAGE_ID } from './contributions';

export const CLIENT_ID = 'helixCurator';

/** VS Code does not synchronise files larger than this to extensions. */
const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

export class JsonlLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  /** Set when the server failed to start: not retried on every document (the error was shown once). */
  private failed = false;
  /** Listeners and commands that live while a client runs. */
  private running_: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** Large files already told about. */
  private readonly toldLarge = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of [...e.opened, ...e.changed]) void this.checkTooLarge(tab);
      }),
    );
  }

  get running(): boolean {
    return this.client !== undefined;
  }

  /** Start the client if `document` is a dataset document and it is not started yet. */
  startFor(document: vscode.TextDocument): void {
    if (this.client || this.starting || this.failed || !this.isDatasetDocument(document)) return;
    this.starting = this.start().finally(() => {
      this.starting = undefined;
    });
  }

  /** Whether a document is one the server checks (see the module comment). */
  isDatasetDocument(document: vscode.TextDocument): boolean {
    const uri = document.uri;
    if (uri.scheme === 'untitled') {
      if (document.languageId !== JSONL_LANGUAGE_ID) return false;
    } else if (uri.scheme !== 'file') return false;
    const settings = readSettings(uri, this.log);
    const check = { include: settings['diagnostics.include'], onlySamples: settings['diagnostics.onlySamples'] };
    return isDataset(uri.scheme === 'file' ? uri.fsPath : undefined, firstNonBlankLine(document), check);
  }

  private async start(): Promise<void> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
    };
    const include = readSettings(undefined, this.log)['diagnostics.include'];
    const clientOptions: LanguageClientOptions = {
      documentSelector: [...include.map((glob) => ({ scheme: 'file', pattern: selectorPattern(glob) })), { scheme: 'untitled', language: JSONL_LANGUAGE_ID }],
      outputChannel: this.log,
      diagnosticPullOptions: { onChange: true, onSave: true },
      middleware: {
        // The lens's command arguments cross JSON-RPC as plain JSON: turn the document URI back into a Uri,
        // which helixCurator.openDataset expects.
        provideCodeLenses: async (document, token, next) => {
          const lenses = await next(document, token);
          for (const lens of lenses ?? []) {
            const args = lens.command?.arguments;
            if (lens.command?.command === COMMANDS.openDataset && typeof args?.[0] === 'string') args[0] = vscode.Uri.parse(args[0]);
          }
          return lenses;
        },
      },
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
      return;
    }
    this.running_.push(
      vscode.commands.registerCommand(CLIENT_COMMANDS.verifyLine, (uri: unknown, line: unknown) => this.verifyLine(uri, line)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('helixCurator.diagnostics.include')) void this.restart();
      }),
    );
  }

  /** The "Verify" lens: the verdict of the sample on a line, as a message. */
  private async verifyLine(uri: unknown, line: unknown): Promise<void> {
    const client = this.client;
    if (!client || typeof uri !== 'string' || typeof line !== 'number') return;
    const params: VerifyLineParams = { textDocument: { uri }, line };
    try {
      const raw = await client.sendRequest(VERIFY_LINE_REQUEST, params);
      if (raw === null) {
        void vscode.window.showInformationMessage(`Helix Curator: no sample on line ${line + 1}.`);
        return;
      }
      const result = VerifyLineResult.parse(raw);
      const text = `Helix Curator: line ${line + 1}: ${result.summary}`;
      if (result.status === 'pass') void vscode.window.showInformationMessage(text);
      else void vscode.window.showWarningMessage(text);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      this.log.error(`verify line ${line + 1} of ${uri} failed: ${detail}`);
      void vscode.window.showErrorMessage(`Helix Curator: could not verify line ${line + 1}: ${detail}`);
    }
  }

  /** A text tab on a dataset file VS Code did not pass to extensions (over 50 MB): say so once. */
  private async checkTooLarge(tab: vscode.Tab): Promise<void> {
    if (!(tab.input instanceof vscode.TabInputText)) return;
    const uri = tab.input.uri;
    if (uri.scheme !== 'file' || this.toldLarge.has(uri.toString())) return;
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    const settings = readSettings(uri, this.log);
    if (!isDataset(uri.fsPath, undefined, { include: settings['diagnostics.include'], onlySamples: false })) return;
    let size: number;
    try {
      size = (await fs.promises.stat(uri.fsPath)).size;
    } catch {
      return;
    }
    if (size <= SYNC_LIMIT_BYTES || this.toldLarge.has(uri.toString())) return;
    this.toldLarge.add(uri.toString());
    const mb = Math.round(size / 1024 / 1024);
    this.log.info(`${uri.fsPath} (${mb} MB) is over VS Code's 50 MB limit for extensions: no diagnostics as text`);
    const open = 'Open in Helix Curator';
    const choice = await vscode.window.showInformationMessage(
      `Helix Curator: ${uri.fsPath.split(/[\\/]/).pop() ?? uri.fsPath} is ${mb} MB; VS Code does not pass files over 50 MB to extensions, so it gets no diagnostics, hovers or outline as text. The curator reads it in one streaming pass.`,
      open,
    );
    if (choice === open) await vscode.commands.executeCommand(COMMANDS.openDataset, uri);
  }

  private async restart(): Promise<void> {
    this.log.info('dataset globs changed: restarting the language server');
    await this.stop();
    this.failed = false;
    for (const document of vscode.workspace.textDocuments) this.startFor(document);
  }

  async stop(): Promise<void> {
    await this.starting;
    const client = this.client;
    this.client = undefined;
    for (const d of this.running_.splice(0)) d.dispose();
    if (client?.isRunning()) await client.stop();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    void this.stop();
  }
}

/** The first non-blank line among the first 50, or undefined (an empty document). */
function firstNonBlankLine(document: vscode.TextDocument): string | undefined {
  const n = Math.min(document.lineCount, 50);
  for (let i = 0; i < n; i++) {
    const text = document.lineAt(i).text as string | undefined;
    if (text !== undefined && text.trim() !== '') return text;
  }
  return undefined;
}
