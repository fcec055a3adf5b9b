/**
 * A small stand-in for the parts of the `vscode` API the extension uses, for unit tests of the glue
 * (activation, commands, the stats panel's handshake). It records calls; tests drive its events.
 * The real API is exercised only in VS Code itself.
 */
import * as path from 'node:path';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  get size(): number {
    return this.listeners.size;
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p));
  }
  static parse(s: string): Uri {
    const i = s.indexOf(':');
    return new Uri(s.slice(0, i), s.slice(i + 1));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.join(base.fsPath, ...segments));
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
    if (typeof a === 'number' && typeof b === 'number') {
      this.start = new Position(a, b);
      this.end = new Position(c ?? a, d ?? b);
    } else {
      this.start = a as Position;
      this.end = b as Position;
    }
  }
}

export class TabInputText {
  constructor(readonly uri: Uri) {}
}
export class TabInputCustom {
  constructor(
    readonly uri: Uri,
    readonly viewType: string,
  ) {}
}
export class CancellationError extends Error {}

export const ViewColumn = { Active: -1, Beside: -2, One: 1 } as const;
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 } as const;

export interface FakeTextDocument {
  uri: Uri;
  languageId: string;
  lineCount: number;
  lineAt(i: number): { range: { end: { character: number } } };
}

export function textDocument(uri: Uri, languageId: string, lines: string[] = ['']): FakeTextDocument {
  return { uri, languageId, lineCount: lines.length, lineAt: (i) => ({ range: { end: { character: (lines[i] ?? '').length } } }) };
}

export class FakeWebviewPanel {
  readonly onReceive = new EventEmitter<unknown>();
  readonly onDispose = new EventEmitter<void>();
  readonly onViewState = new EventEmitter<{ webviewPanel: { visible: boolean } }>();
  readonly posted: unknown[] = [];
  revealed = 0;
  disposed = false;
  html = '';
  readonly webview = {
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (u: Uri) => `vscode-webview://fake${u.fsPath}`,
    onDidReceiveMessage: this.onReceive.event,
    postMessage: (m: unknown) => {
      this.posted.push(m);
      return Promise.resolve(true);
    },
    set html(v: string) {
      panelHtml.set(this, v);
    },
    get html(): string {
      return panelHtml.get(this) ?? '';
    },
  };
  constructor(
    readonly viewType: string,
    public title: string,
    readonly showOptions: unknown,
    readonly options: { enableScripts?: boolean; localResourceRoots?: Uri[] },
  ) {}
  readonly onDidDispose = this.onDispose.event;
  readonly onDidChangeViewState = this.onViewState.event;
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose.fire();
  }
}
const panelHtml = new WeakMap<object, string>();

/** Everything a test inspects or drives. Reset with `reset()` between tests. */
export const fake = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as Array<{ command: string; args: unknown[] }>,
  panels: [] as FakeWebviewPanel[],
  progress: [] as Array<{ options: { location: number; title?: string; cancellable?: boolean }; reports: Array<{ increment?: number; message?: string }> }>,
  cancelProgress: false,
  errors: [] as string[],
  warnings: [] as string[],
  statusMessages: [] as string[],
  shown: [] as Array<{ target: unknown; options: unknown }>,
  openDialogResult: undefined as Uri[] | undefined,
  openDialogCalls: 0,
  config: {} as Record<string, unknown>,
  documents: [] as FakeTextDocument[],
  activeTextEditor: undefined as { document: FakeTextDocument } | undefined,
  onOpen: new EventEmitter<FakeTextDocument>(),
  log: [] as string[],
  customEditors: new Map<string, { provider: unknown; options: unknown }>(),
  statusBarItems: [] as Array<{ id: string; text: string; visible: boolean }>,
  treeProviders: new Map<string, unknown>(),
  reset(): void {
    this.customEditors.clear();
    this.statusBarItems.length = 0;
    this.treeProviders.clear();
    this.commands.clear();
    this.executed.length = 0;
    this.panels.length = 0;
    this.progress.length = 0;
    this.cancelProgress = false;
    this.errors.length = 0;
    this.warnings.length = 0;
    this.statusMessages.length = 0;
    this.shown.length = 0;
    this.openDialogResult = undefined;
    this.openDialogCalls = 0;
    this.config = {};
    this.documents.length = 0;
    this.activeTextEditor = undefined;
    this.onOpen = new EventEmitter();
    this.log.length = 0;
  },
};

const logChannel = (name: string) => {
  const line = (level: string) => (m: string) => fake.log.push(`${level} ${m}`);
  return { name, info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug'), trace: line('trace'), appendLine: line('line'), dispose: () => undefined };
};

export const window = {
  createOutputChannel: (name: string) => logChannel(name),
  createStatusBarItem: (id: string) => {
    const item = { id, text: '', tooltip: undefined as unknown, name: '', command: undefined as unknown, visible: false, show: () => void (item.visible = true), hide: () => void (item.visible = false), dispose: () => undefined };
    fake.statusBarItems.push(item);
    return item;
  },
  registerTreeDataProvider: (id: string, provider: unknown) => {
    fake.treeProviders.set(id, provider);
    return { dispose: () => fake.treeProviders.delete(id) };
  },
  registerCustomEditorProvider: (viewType: string, provider: unknown, options: unknown) => {
    fake.customEditors.set(viewType, { provider, options });
    return { dispose: () => fake.customEditors.delete(viewType) };
  },
  createWebviewPanel: (viewType: string, title: string, showOptions: unknown, options: FakeWebviewPanel['options']) => {
    const panel = new FakeWebviewPanel(viewType, title, showOptions, options);
    fake.panels.push(panel);
    return panel;
  },
  async withProgress<R>(
    options: { location: number; title?: string; cancellable?: boolean },
    task: (progress: { report(v: { increment?: number; message?: string }): void }, token: { isCancellationRequested: boolean; onCancellationRequested: (l: () => void) => { dispose(): void } }) => Promise<R>,
  ): Promise<R> {
    const entry = { options, reports: [] as Array<{ increment?: number; message?: string }> };
    fake.progress.push(entry);
    const cancel = new EventEmitter<void>();
    const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => cancel.event(l) };
    const running = task({ report: (v) => entry.reports.push(v) }, token);
    if (fake.cancelProgress) {
      token.isCancellationRequested = true;
      cancel.fire();
    }
    return running;
  },
  showErrorMessage: (m: string) => {
    fake.errors.push(m);
    return Promise.resolve(undefined);
  },
  showWarningMessage: (m: string) => {
    fake.warnings.push(m);
    return Promise.resolve(undefined);
  },
  setStatusBarMessage: (m: string) => {
    fake.statusMessages.push(m);
    return { dispose: () => undefined };
  },
  showTextDocument: (target: unknown, options: unknown) => {
    fake.shown.push({ target, options });
    return Promise.resolve({});
  },
  showOpenDialog: () => {
    fake.openDialogCalls++;
    return Promise.resolve(fake.openDialogResult);
  },
  get activeTextEditor() {
    return fake.activeTextEditor;
  },
  tabGroups: { activeTabGroup: { activeTab: undefined }, all: [] as unknown[], close: () => Promise.resolve(true), onDidChangeTabs: () => ({ dispose: () => undefined }) },
};

export const commands = {
  registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
    fake.commands.set(id, run);
    return { dispose: () => fake.commands.delete(id) };
  },
  executeCommand: (command: string, ...args: unknown[]) => {
    fake.executed.push({ command, args });
    return Promise.resolve(undefined);
  },
};

export const workspace = {
  getConfiguration: (section: string) => ({ get: (key: string) => fake.config[`${section}.${key}`] }),
  get textDocuments() {
    return fake.documents;
  },
  onDidOpenTextDocument: (l: Listener<FakeTextDocument>) => fake.onOpen.event(l),
  onDidChangeConfiguration: () => ({ dispose: () => undefined }),
  openTextDocument: (uri: Uri) => Promise.resolve(textDocument(uri, 'jsonl', Array.from({ length: 100 }, (_, i) => `line ${i + 1}`))),
  /** Workspace Trust: trusted (test/extension/trust.test.ts replaces both for Restricted Mode). */
  isTrusted: true,
  onDidGrantWorkspaceTrust: () => ({ dispose: () => undefined }),
};

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  description?: string;
  tooltip?: string;
  iconPath?: unknown;
  contextValue?: string;
  accessibilityInformation?: unknown;
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState,
  ) {}
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  constructor(
    readonly value: string,
    readonly supportThemeIcons = false,
  ) {}
}
