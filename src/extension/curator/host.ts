/**
 * The curator in VS Code: the custom editor provider ("Open with Helix Curator"), its webview panels, the
 * "Curation" tree view and the status bar item, and the extension API (`decide`, `journalUri`).
 * Loaded lazily (a webpack chunk) the first time a curator opens or the API is used.
 *
 * The dataset itself is read in a worker thread (dist/curatorWorker.js, see engine.ts); this module only
 * relays messages (session.ts) and turns image files into webview URIs.
 *
 * Workspace Trust (package.json `capabilities.untrustedWorkspaces`: limited): in Restricted Mode a dataset
 * opens read-only (viewing, verifying, filtering, saved views), and decisions, notes, tag edits and rulings
 * are refused with a message, from the webview and from the extension API alike; nothing is appended to a
 * journal. When the workspace is trusted, every open curator records edits again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Decision } from '../../protocol/curator';
import { SavedView } from '../../protocol/curator';
import { readSettings } from '../config';
import { COMMANDS, CURATION_VIEW_ID, CURATOR_VIEW_TYPE } from '../contributions';
import { maxRowBytes, type Settings } from '../settings';
import { webviewHtml } from '../webviewHtml';
import { discoverJournals } from '../../core/team/discover';
import { curatorName, isInside, journalPlace, type JournalPlace } from './journalLocation';

export { curatorName };
import { InProcessBackend, WorkerBackend, type DatasetBackend } from './backend';
import type { EngineOptions } from './engine';
import { CuratorSession, type CuratorPanel, type SavedViewsStore } from './session';


class CuratorDocument implements vscode.CustomDocument {
  constructor(
    readonly uri: vscode.Uri,
    readonly session: CuratorSession,
    private readonly onDispose: () => void,
  ) {}
  dispose(): void {
    this.session.dispose();
    this.onDispose();
  }
}

export class CuratorHost implements vscode.CustomReadonlyEditorProvider<CuratorDocument>, vscode.TreeDataProvider<TreeItemData>, vscode.Disposable {
  private readonly sessions = new Map<string, CuratorSession>();
  private active: CuratorSession | null = null;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly treeChanged = new vscode.EventEmitter<TreeItemData | undefined>();
  readonly onDidChangeTreeData = this.treeChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Ordinal to reveal in the next editor opened on a file (set by `openAt`). */
  private readonly pendingReveal = new Map<string, number>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.statusBar = vscode.window.createStatusBarItem('helixCurator.counts', vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = 'Helix Curator: curation progress';
    this.statusBar.command = `${CURATION_VIEW_ID}.focus`;
    this.disposables.push(
      this.statusBar,
      this.treeChanged,
      vscode.window.registerTreeDataProvider(CURATION_VIEW_ID, this),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const session of this.sessions.values()) session.setReadOnly(null);
        this.log.info('curator: the workspace is trusted: decisions are recorded again');
        this.refresh();
      }),
    );
  }

  // -------------------------------------------------------------------------------------------------
  // Custom editor

  journalPathFor(datasetPath: string): string {
    return this.journalPlaceFor(datasetPath).path;
  }

  /** The journal this window appends to for a dataset, and the folder the team's journals are found in. */
  journalPlaceFor(datasetPath: string): JournalPlace {
    const settings = readSettings(vscode.Uri.file(datasetPath), this.log);
    return journalPlace(datasetPath, {
      folderSetting: settings['journal.folder'],
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      extensionPath: this.context.extensionUri.fsPath,
      globalStoragePath: this.context.globalStorageUri.fsPath,
      perCurator: settings['journal.perCurator'],
      curator: curatorName(settings),
    });
  }

  private cuesFile(settings: Settings): string | null {
    const f = settings['trace.cuesFile'].trim();
    if (f === '') return null;
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    return path.resolve(base, f);
  }

  private createSession(uri: vscode.Uri, inProcess: boolean): CuratorSession {
    const datasetPath = uri.fsPath;
    const settings = readSettings(uri, this.log);
    const options: EngineOptions = { file: datasetPath, maxRowBytes: maxRowBytes(settings), checkImages: settings.checkImages, cuesFile: this.cuesFile(settings), analyseAll: !inProcess };
    const workerScript = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'curatorWorker.js').fsPath;
    const onError = (e: unknown) => this.log.error(`curator: the dataset engine failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const backend: DatasetBackend = !inProcess && fs.existsSync(workerScript) ? new WorkerBackend(workerScript, options, onError) : new InProcessBackend(options, onError);
    const key = `helixCurator.savedViews:${datasetPath}`;
    const views: SavedViewsStore = {
      load: () => {
        const parsed = SavedView.array().safeParse(this.context.workspaceState.get(key) ?? []);
        return parsed.success ? parsed.data : [];
      },
      save: async (v) => this.context.workspaceState.update(key, v),
    };
    const place = this.journalPlaceFor(datasetPath);
    return new CuratorSession({
      datasetPath,
      journalPath: place.path,
      discoverJournals: () => discoverJournals(datasetPath, place.folder),
      targetMix: settings['insight.targetMix'],
      curator: curatorName(settings),
      autoAdvance: settings['curation.autoAdvance'],
      backend,
      views,
      log: this.log,
      readOnly: vscode.workspace.isTrusted ? null : RESTRICTED_MODE_REASON,
    });
  }

  openCustomDocument(uri: vscode.Uri): CuratorDocument {
    if (uri.scheme !== 'file') throw new Error(`Helix Curator opens files on disk only (not ${uri.scheme}: URIs)`);
    const session = this.createSession(uri, false);
    const key = uri.toString();
    this.sessions.set(key, session);
    session.onDidChange(() => {
      if (this.active === session) this.refresh();
    });
    session.onCommand((command, scope) => {
      const scopes = [...(scope ? [scope] : []), ...session.savedViewScopes()];
      const run = command === 'export' ? vscode.commands.executeCommand(COMMANDS.exportAccepted, { dataset: uri, scopes }) : vscode.commands.executeCommand(COMMANDS.openJournal, uri);
      void Promise.resolve(run).catch((e: unknown) => this.log.error(`curator: ${command} failed: ${String(e)}`));
    });
    this.log.info(`curator: opened ${uri.fsPath} (journal ${session.journalPath}, curator ${session.curator})`);
    this.showProgress(uri, session);
    return new CuratorDocument(uri, session, () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
      if (this.active === session) {
        this.active = null;
        this.refresh();
      }
    });
  }

  /** Indexing and the background analysis, in VS Code's window progress indicator (the webview shows its own bar too). */
  private showProgress(uri: vscode.Uri, session: CuratorSession): void {
    const name = path.basename(uri.fsPath);
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Helix: ${name}` }, (progress) => {
      return new Promise<void>((resolve) => {
        let lastMessage = '';
        const update = () => {
          const p = session.progress();
          if (p.failed || p.analysisDone || this.sessions.get(uri.toString()) !== session) {
            clearInterval(timer);
            resolve();
            return;
          }
          const message = !p.indexDone
            ? `indexing (${p.samples.toLocaleString('en-US')} samples${p.bytesTotal > 0 ? `, ${Math.round((100 * p.bytesDone) / p.bytesTotal)}%` : ''})`
            : `verifying and tagging ${p.analysed.toLocaleString('en-US')}/${p.analysisTotal.toLocaleString('en-US')}`;
          if (message !== lastMessage) progress.report({ message });
          lastMessage = message;
        };
        // Poll too: indexing progress is not a change event. (`timer` is set before `update` can first run.)
        const timer = setInterval(update, 500);
        session.onDidChange(update);
        update();
      });
    });
  }

  resolveCustomEditor(document: CuratorDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const datasetDir = path.dirname(document.uri.fsPath);
    webview.options = {
      enableScripts: true,
      localResourceRoots: [dist, vscode.Uri.joinPath(this.context.extensionUri, 'media'), vscode.Uri.file(datasetDir)],
    };
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'curator.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'curator.css')).toString(),
      title: path.basename(document.uri.fsPath),
      inlineImages: true,
    });
    const session = document.session;
    const curatorPanel: CuratorPanel = {
      post: (message) => {
        webview.postMessage(message).then(undefined, (e: unknown) => this.log.error(`curator: postMessage failed: ${String(e)}`));
      },
      imageUri: (absPath) => (absPath === datasetDir || isInside(absPath, datasetDir) ? webview.asWebviewUri(vscode.Uri.file(absPath)).toString() : null),
      openLine: (line) => void this.openLine(document.uri, line),
    };
    const reveal = this.pendingReveal.get(document.uri.toString()) ?? null;
    this.pendingReveal.delete(document.uri.toString());
    session.attach(curatorPanel, reveal);
    const disposables = [
      webview.onDidReceiveMessage((m: unknown) => void session.receive(curatorPanel, m)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.setActive(session);
      }),
    ];
    panel.onDidDispose(() => {
      session.detach(curatorPanel);
      for (const d of disposables) d.dispose();
    });
    if (panel.active) this.setActive(session);
  }

  private setActive(session: CuratorSession): void {
    this.active = session;
    this.refresh();
  }

  /** The session of an open dataset, if any. */
  sessionFor(uri: vscode.Uri): CuratorSession | undefined {
    return this.sessions.get(uri.toString());
  }

  /** Open `uri` in the curator, selecting `ordinal` (0-based) when given. */
  async openAt(uri: vscode.Uri, ordinal: number | null): Promise<void> {
    const existing = this.sessions.get(uri.toString());
    if (ordinal !== null) {
      if (existing && existing.panelCount > 0) existing.reveal(ordinal);
      else this.pendingReveal.set(uri.toString(), ordinal);
    }
    await vscode.commands.executeCommand('vscode.openWith', uri, CURATOR_VIEW_TYPE);
  }

  private async openLine(uri: vscode.Uri, line: number): Promise<void> {
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'default', { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
  }

  // -------------------------------------------------------------------------------------------------
  // The extension API

  /** Record a decision on a sample of a dataset, open or not. */
  async decide(uri: vscode.Uri, sampleId: string, decision: Decision, note?: string): Promise<void> {
    const open = this.sessions.get(uri.toString());
    if (open) {
      await open.decideById(sampleId, decision, note);
      return;
    }
    const session = this.createSession(uri, true);
    try {
      await session.loaded;
      await session.decideById(sampleId, decision, note);
    } finally {
      session.dispose();
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Status bar and the "Curation" tree view

  private refresh(): void {
    const s = this.active;
    void vscode.commands.executeCommand('setContext', 'helixCurator.curatorOpen', this.sessions.size > 0);
    if (!s) {
      this.statusBar.hide();
    } else {
      const c = s.counts();
      this.statusBar.text = `${s.readOnly !== null ? '$(lock) read-only · ' : ''}$(checklist) ${c.accept} accepted · ${c.reject} rejected · ${c.flag} flagged · ${c.left} left${c.indexing ? ' $(loading~spin)' : ''}`;
      const tip = new vscode.MarkdownString(
        `**${path.basename(s.datasetPath)}**: ${c.total} samples${c.indexing ? ' (indexing…)' : ''}\n\n` +
          `Curator: ${s.curator}\n\nJournal: \`${s.journalPath}\`${c.stale > 0 ? `\n\n$(warning) ${c.stale} stale decisions (the sample changed)` : ''}`,
        true,
      );
      this.statusBar.tooltip = tip;
      this.statusBar.show();
    }
    this.treeChanged.fire(undefined);
  }

  getTreeItem(element: TreeItemData): vscode.TreeItem {
    return element.item;
  }

  getChildren(element?: TreeItemData): TreeItemData[] {
    const s = this.active;
    if (!s) return [];
    if (!element) {
      const c = s.counts();
      const item = new vscode.TreeItem(path.basename(s.datasetPath), vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${c.accept + c.reject + c.flag}/${c.total} decided`;
      item.tooltip = `${c.accept} accepted, ${c.reject} rejected, ${c.flag} flagged, ${c.left} left${c.stale > 0 ? `, ${c.stale} stale` : ''}\nJournal: ${s.journalPath}`;
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'dataset';
      return [{ item, children: true }];
    }
    if (!element.children) return [];
    return s.progressByTask().map((p) => {
      const done = p.accept + p.reject + p.flag;
      const item = new vscode.TreeItem(p.task, vscode.TreeItemCollapsibleState.None);
      item.description = `✓${p.accept} ✗${p.reject} ⚑${p.flag} · ${p.left} left`;
      item.tooltip = `${p.task}: ${p.accept} accepted, ${p.reject} rejected, ${p.flag} flagged, ${p.left} left of ${p.total}`;
      item.iconPath = new vscode.ThemeIcon(p.left === 0 ? 'pass-filled' : done > 0 ? 'circle-large-outline' : 'circle-outline');
      item.accessibilityInformation = { label: item.tooltip };
      return { item, children: false };
    });
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Why a curator is read-only in an untrusted workspace (shown when an edit is refused). */
export const RESTRICTED_MODE_REASON =
  'this workspace is in Restricted Mode, so the curator is read-only: decisions, notes and tag edits are not recorded. Trust the workspace (Manage Workspace Trust) to curate.';

export interface TreeItemData {
  item: vscode.TreeItem;
  children: boolean;
}
