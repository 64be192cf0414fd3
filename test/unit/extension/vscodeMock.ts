// A hand mock of the few vscode API pieces src/extension uses, installed for `require('vscode')`
// through a Module._load hook. Import this file before any extension module. It also records which
// modules are loaded, so tests can check what activation pulls in.
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';

type Listener<T> = (e: T) => unknown;

// Why: LIBRA presets and CLI calibrations live under $LSWAG_HOME (default ~/.lswag); an empty one keeps
// this machine's files out of lens titles and panels in tests.
process.env.LSWAG_HOME = path.join(os.tmpdir(), `lswag-test-home-${process.pid}`);

export class Disposable {
    constructor(private readonly fn: () => void = () => undefined) {}
    static from(...items: { dispose(): unknown }[]): Disposable {
        return new Disposable(() => items.forEach((i) => i.dispose()));
    }
    dispose(): void {
        this.fn();
    }
}

export class EventEmitter<T> {
    private listeners: Listener<T>[] = [];
    readonly event = (listener: Listener<T>): Disposable => {
        this.listeners.push(listener);
        return new Disposable(
            () => (this.listeners = this.listeners.filter((l) => l !== listener)),
        );
    };
    fire(e: T): void {
        for (const l of [...this.listeners]) l(e);
    }
    dispose(): void {
        this.listeners = [];
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
        this.start = typeof a === 'number' ? new Position(a, b as number) : a;
        this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
    }
    contains(r: Range): boolean {
        const before = (p: Position, q: Position) =>
            p.line < q.line || (p.line === q.line && p.character <= q.character);
        return before(this.start, r.start) && before(r.end, this.end);
    }
}

export class CodeActionKind {
    static readonly QuickFix = new CodeActionKind('quickfix');
    constructor(readonly value: string) {}
}

export class CodeAction {
    diagnostics: Diagnostic[] | undefined;
    command: { title: string; command: string; arguments?: unknown[] } | undefined;
    constructor(
        readonly title: string,
        readonly kind: CodeActionKind,
    ) {}
}

export class Selection extends Range {
    get active(): Position {
        return this.end;
    }
}

export class CodeLens {
    command:
        { title: string; command: string; arguments?: unknown[]; tooltip?: string } | undefined;
    constructor(readonly range: Range) {}
}

export enum DiagnosticSeverity {
    Error = 0,
    Warning = 1,
    Information = 2,
    Hint = 3,
}
export enum StatusBarAlignment {
    Left = 1,
    Right = 2,
}
export enum ProgressLocation {
    SourceControl = 1,
    Window = 10,
    Notification = 15,
}
export enum ConfigurationTarget {
    Global = 1,
    Workspace = 2,
    WorkspaceFolder = 3,
}
export enum ViewColumn {
    Active = -1,
    One = 1,
}
export enum TextEditorRevealType {
    Default = 0,
    InCenter = 1,
}

export class Diagnostic {
    source: string | undefined;
    constructor(
        readonly range: Range,
        readonly message: string,
        readonly severity: DiagnosticSeverity,
    ) {}
}

export class ThemeColor {
    constructor(readonly id: string) {}
}

export class ThemeIcon {
    constructor(readonly id: string) {}
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;

export class TreeItem {
    description?: string;
    tooltip?: string;
    contextValue?: string;
    id?: string;
    iconPath?: unknown;
    command?: { title: string; command: string; arguments?: unknown[] };
    constructor(
        readonly label: string,
        readonly collapsibleState: number,
    ) {}
}

export class Uri {
    private constructor(
        readonly scheme: string,
        readonly path: string,
    ) {}
    static file(p: string): Uri {
        return new Uri('file', path.resolve(p));
    }
    static joinPath(base: Uri, ...parts: string[]): Uri {
        return Uri.file(path.join(base.path, ...parts));
    }
    static parse(s: string): Uri {
        const at = s.indexOf(':');
        return new Uri(s.slice(0, at), s.slice(at + 1));
    }
    get fsPath(): string {
        return this.path;
    }
    toString(): string {
        return `${this.scheme}://${this.path}`;
    }
}

/** A text document: the fields the extension reads. */
export function mockDocument(file: string, text: string, languageId = 'plaintext') {
    const state = { text, version: 1 };
    return {
        // Why the cast: extension code takes the real type; the mock has the fields it reads.
        uri: Uri.file(file) as unknown as vscode.Uri,
        fileName: path.resolve(file),
        languageId,
        get version() {
            return state.version;
        },
        getText: () => state.text,
        /** Test helper: an edit. */
        setText(next: string) {
            state.text = next;
            state.version++;
        },
    };
}
export type MockDocument = ReturnType<typeof mockDocument>;

/** What the mock records and what tests set up (settings, trust, answers to prompts). */
export const mock = {
    settings: new Map<string, unknown>(),
    isTrusted: true,
    commands: new Map<string, (...args: unknown[]) => unknown>(),
    executed: [] as { id: string; args: unknown[] }[],
    messages: [] as { level: 'info' | 'warning' | 'error'; text: string }[],
    /** The buttons the next messages answer with (undefined = dismissed). */
    messageAnswers: [] as (string | undefined)[],
    log: [] as string[],
    lensProviders: [] as { selector: unknown; provider: unknown }[],
    actionProviders: [] as { selector: unknown; provider: unknown }[],
    diagnostics: new Map<string, Diagnostic[]>(),
    documents: [] as MockDocument[],
    quickPickAnswers: [] as unknown[],
    /** What `workspace.findFiles` returns. */
    files: [] as Uri[],
    /** Editors opened by `window.showTextDocument`. */
    shownDocuments: [] as { document: unknown; selection: Selection | undefined }[],
    loaded: [] as string[],
    /** Webview view providers registered by `window.registerWebviewViewProvider`: view id to provider. */
    viewProviders: new Map<string, unknown>(),
    /** Tree data providers registered by `window.registerTreeDataProvider`: view id to provider. */
    treeProviders: new Map<string, unknown>(),
    /** Webview panels created by `window.createWebviewPanel`, newest last. */
    panels: [] as MockWebviewPanel[],
    /** What `window.showSaveDialog` answers next (undefined = cancelled). */
    saveAnswers: [] as (Uri | undefined)[],
    /** Files written through `workspace.fs.writeFile`: path to text. */
    written: new Map<string, string>(),
    onConfig: new EventEmitter<{ affectsConfiguration(s: string): boolean }>(),
    onTrust: new EventEmitter<void>(),
    onOpen: new EventEmitter<MockDocument>(),
    onChange: new EventEmitter<{ document: MockDocument }>(),
    onSave: new EventEmitter<MockDocument>(),
    onClose: new EventEmitter<MockDocument>(),
    /** Fires change events of every `createFileSystemWatcher` (tests pass the changed file). */
    onWatchedFile: new EventEmitter<Uri>(),
};

const message = (level: 'info' | 'warning' | 'error') => (text: string) => {
    mock.messages.push({ level, text });
    return Promise.resolve(mock.messageAnswers.shift());
};

/** A webview panel: records html, options and posted messages; `receive` plays the page's side. */
export function mockWebviewPanel(viewType: string, title: string, options: unknown) {
    const received = new EventEmitter<unknown>();
    const disposed = new EventEmitter<void>();
    const panel = {
        viewType,
        title,
        options,
        revealed: 0,
        isDisposed: false,
        posted: [] as unknown[],
        webview: {
            html: '',
            cspSource: 'https://mock.vscode-cdn.net',
            asWebviewUri: (u: Uri) => ({ toString: () => `https://mock.vscode-cdn.net${u.path}` }),
            postMessage: (m: unknown) => {
                panel.posted.push(m);
                return Promise.resolve(true);
            },
            onDidReceiveMessage: received.event,
        },
        onDidDispose: disposed.event,
        reveal: () => void panel.revealed++,
        dispose: () => {
            if (panel.isDisposed) return;
            panel.isDisposed = true;
            disposed.fire();
        },
        /** Test helper: a message posted by the page. */
        receive: (m: unknown) => received.fire(m),
    };
    return panel;
}
export type MockWebviewPanel = ReturnType<typeof mockWebviewPanel>;

export const window = {
    activeTextEditor: undefined as unknown,
    createOutputChannel: (_name: string) => {
        const line = (level: string) => (m: string) => mock.log.push(`${level} ${m}`);
        return {
            info: line('info'),
            warn: line('warn'),
            error: line('error'),
            show: () => undefined,
            dispose: () => undefined,
        };
    },
    createStatusBarItem: () => ({
        text: '',
        show: () => undefined,
        hide: () => undefined,
        dispose: () => undefined,
    }),
    showInformationMessage: message('info'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    showQuickPick: () => Promise.resolve(mock.quickPickAnswers.shift()),
    showInputBox: () => Promise.resolve(mock.quickPickAnswers.shift()),
    withProgress: <T>(_o: unknown, task: (p: unknown, t: unknown) => Promise<T>) =>
        task({ report: () => undefined }, { onCancellationRequested: () => new Disposable() }),
    createWebviewPanel: (viewType: string, title: string, _column: unknown, options: unknown) => {
        const panel = mockWebviewPanel(viewType, title, options);
        mock.panels.push(panel);
        return panel;
    },
    showSaveDialog: () => Promise.resolve(mock.saveAnswers.shift()),
    registerTreeDataProvider: (viewId: string, provider: unknown) => {
        mock.treeProviders.set(viewId, provider);
        return new Disposable(() => mock.treeProviders.delete(viewId));
    },
    registerWebviewViewProvider: (viewId: string, provider: unknown) => {
        mock.viewProviders.set(viewId, provider);
        return new Disposable(() => mock.viewProviders.delete(viewId));
    },
    showTextDocument: (document: unknown) => {
        const editor = {
            document,
            selection: undefined as Selection | undefined,
            revealRange: () => undefined,
        };
        mock.shownDocuments.push(editor);
        return Promise.resolve(editor);
    },
};

export const workspace = {
    get isTrusted() {
        return mock.isTrusted;
    },
    get textDocuments() {
        return mock.documents;
    },
    workspaceFolders: undefined as unknown,
    getConfiguration: (section: string) => ({
        get: (key: string) => mock.settings.get(`${section}.${key}`),
        update: (key: string, value: unknown) => {
            mock.settings.set(`${section}.${key}`, value);
            return Promise.resolve();
        },
    }),
    asRelativePath: (p: string) => path.basename(p),
    onDidChangeConfiguration: mock.onConfig.event,
    onDidGrantWorkspaceTrust: mock.onTrust.event,
    onDidOpenTextDocument: mock.onOpen.event,
    onDidChangeTextDocument: mock.onChange.event,
    onDidSaveTextDocument: mock.onSave.event,
    onDidCloseTextDocument: mock.onClose.event,
    registerTextDocumentContentProvider: () => new Disposable(),
    createFileSystemWatcher: () => ({
        onDidChange: mock.onWatchedFile.event,
        onDidCreate: () => new Disposable(),
        onDidDelete: () => new Disposable(),
        dispose: () => undefined,
    }),
    openTextDocument: (uri?: Uri) => Promise.resolve(uri ? { uri } : {}),
    fs: {
        writeFile: (uri: Uri, bytes: Uint8Array) => {
            mock.written.set(uri.fsPath, new TextDecoder().decode(bytes));
            return Promise.resolve();
        },
    },
    findFiles: () => Promise.resolve([...mock.files]),
};

export const languages = {
    registerCodeLensProvider: (selector: unknown, provider: unknown) => {
        mock.lensProviders.push({ selector, provider });
        return new Disposable();
    },
    registerCodeActionsProvider: (selector: unknown, provider: unknown) => {
        mock.actionProviders.push({ selector, provider });
        return new Disposable();
    },
    registerHoverProvider: (_selector: unknown, _provider: unknown) => new Disposable(),
    createDiagnosticCollection: () => ({
        set: (uri: Uri, d: Diagnostic[]) => mock.diagnostics.set(uri.fsPath, d),
        delete: (uri: Uri) => mock.diagnostics.delete(uri.fsPath),
        dispose: () => mock.diagnostics.clear(),
    }),
};

export const commands = {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        mock.commands.set(id, handler);
        return new Disposable(() => mock.commands.delete(id));
    },
    executeCommand: (id: string, ...args: unknown[]) => {
        mock.executed.push({ id, args });
        return Promise.resolve(mock.commands.get(id)?.(...args));
    },
};

export const extensions = {
    getExtension: (_id: string) => undefined,
};

const vscodeMock = {
    extensions,
    Disposable,
    EventEmitter,
    Position,
    Range,
    Selection,
    CodeLens,
    CodeAction,
    CodeActionKind,
    Diagnostic,
    DiagnosticSeverity,
    StatusBarAlignment,
    ProgressLocation,
    ConfigurationTarget,
    TextEditorRevealType,
    ViewColumn,
    ThemeColor,
    ThemeIcon,
    TreeItem,
    TreeItemCollapsibleState,
    Uri,
    window,
    workspace,
    languages,
    commands,
};

/** A minimal ExtensionContext rooted at the repository (dist/ may or may not be built). */
export function mockExtensionContext(
    globalStorage = path.join(os.tmpdir(), 'lswag-test-no-storage'),
) {
    const root = path.resolve(__dirname, '../../..');
    return {
        subscriptions: [] as { dispose(): unknown }[],
        extensionPath: root,
        globalStorageUri: Uri.file(globalStorage),
        extension: { packageJSON: { version: '0.0.0-test' } },
        globalState: {
            get: (_key: string) => undefined,
            update: () => Promise.resolve(),
        },
    };
}

/** Clears what earlier tests recorded and set. */
export function resetMock(): void {
    mock.settings.clear();
    mock.isTrusted = true;
    mock.executed.length = 0;
    mock.messages.length = 0;
    mock.messageAnswers.length = 0;
    mock.log.length = 0;
    mock.diagnostics.clear();
    mock.documents.length = 0;
    mock.quickPickAnswers.length = 0;
    mock.files.length = 0;
    mock.shownDocuments.length = 0;
    mock.panels.length = 0;
    mock.saveAnswers.length = 0;
    mock.written.clear();
    workspace.workspaceFolders = undefined;
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Load };
const originalLoad = moduleWithLoad._load;
moduleWithLoad._load = function (request, parent, isMain) {
    mock.loaded.push(request);
    if (request === 'vscode') return vscodeMock;
    return originalLoad.call(this, request, parent, isMain);
};
