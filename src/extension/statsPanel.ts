/**
 * The webview panel that shows one dataset file's statistics. One panel per file: running the command
 * again on the same file updates and reveals it.
 *
 * Protocol (src/protocol/statsView.ts): the host sends the snapshot only after the webview's `ready`,
 * and again after every later `ready` (a hidden panel's webview is recreated, since we do not use
 * retainContextWhenHidden). Every incoming message is validated with zod; invalid ones are logged and
 * dropped.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetStats } from '../core/stats';
import { WebviewToHost, type HostToWebview } from '../protocol/statsView';
import { webviewHtml } from './webviewHtml';

export const STATS_VIEW_TYPE = 'helixCurator.stats';

export class StatsPanel implements vscode.Disposable {
  private static readonly open = new Map<string, StatsPanel>();

  /** Show (or update and reveal) the panel of `file`. */
  static show(extensionUri: vscode.Uri, file: vscode.Uri, stats: DatasetStats, log: vscode.LogOutputChannel): StatsPanel {
    const existing = StatsPanel.open.get(file.toString());
    if (existing) {
      existing.update(stats);
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      STATS_VIEW_TYPE,
      StatsPanel.title(file),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
      },
    );
    const created = new StatsPanel(panel, extensionUri, file, stats, log);
    StatsPanel.open.set(file.toString(), created);
    return created;
  }

  static disposeAll(): void {
    for (const panel of [...StatsPanel.open.values()]) panel.dispose();
  }

  private static title(file: vscode.Uri): string {
    return `Stats: ${path.basename(file.fsPath)}`;
  }

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private snapshot: HostToWebview;
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly file: vscode.Uri,
    stats: DatasetStats,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.snapshot = { type: 'stats', fileName: path.basename(file.fsPath), stats };
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: StatsPanel.title(file),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is destroyed; when shown again it reloads and says `ready` again.
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
  }

  update(stats: DatasetStats): void {
    this.snapshot = { type: 'stats', fileName: path.basename(this.file.fsPath), stats };
    if (this.ready) this.post(this.snapshot);
  }

  private post(message: HostToWebview): void {
    this.panel.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.log.debug('stats panel: message not delivered (webview hidden); it is resent on the next ready');
      },
      (e: unknown) => this.log.error(`stats panel: postMessage failed: ${String(e)}`),
    );
  }

  private onMessage(raw: unknown): void {
    const parsed = WebviewToHost.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`stats panel: ignored an invalid message from the webview: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post(this.snapshot);
        return;
      case 'openLine':
        if (this.snapshot.stats.format === 'parquet') {
          this.log.warn('stats panel: ignored openLine for a Parquet file (it has no lines)');
          return;
        }
        this.openLine(message.line).catch((e: unknown) => {
          const detail = e instanceof Error ? e.message : String(e);
          this.log.error(`stats panel: cannot open ${this.file.fsPath}:${message.line}: ${detail}`);
          void vscode.window.showErrorMessage(`Helix Curator: cannot open ${path.basename(this.file.fsPath)} at line ${message.line}: ${detail}`);
        });
        return;
    }
  }

  /** Open the dataset file in a text editor with the cursor on `line` (1-based). */
  private async openLine(line: number): Promise<void> {
    const viewColumn = vscode.ViewColumn.One;
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(this.file);
    } catch (e) {
      // Files too large to synchronise with extensions still open in an editor through `vscode.open`.
      this.log.info(`stats panel: openTextDocument failed (${String(e)}); opening with vscode.open`);
      const position = new vscode.Position(line - 1, 0);
      await vscode.commands.executeCommand('vscode.open', this.file, { viewColumn, selection: new vscode.Range(position, position) });
      return;
    }
    const index = Math.min(line, document.lineCount) - 1;
    const text = document.lineAt(index);
    const selection = new vscode.Range(index, 0, index, Math.min(text.range.end.character, 10_000));
    await vscode.window.showTextDocument(document, { viewColumn, selection, preview: true });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    StatsPanel.open.delete(this.file.toString());
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
