// Reads architecture definitions from editor documents with the core front ends, loaded lazily: the
// front ends on the first read, the Python parser (WASM) on the first Python read, never at activation.
import path from 'node:path';
import * as vscode from 'vscode';
import type { PythonFrontend } from '../core/frontends/pythonSource';
import type { SourceKind, SourceResult } from '../core/frontends/sources';

/** The part of a `vscode.TextDocument` the reader uses. */
export interface SourceDocument {
    readonly uri: vscode.Uri;
    readonly fileName: string;
    readonly languageId: string;
    readonly version: number;
    getText(): string;
}

/** Loads the Python front end (tree-sitter WASM) from the extension's dist/ folder. */
export type PythonLoader = (distDir: string) => Promise<PythonFrontend>;

export const loadPythonFrontend: PythonLoader = async (distDir) => {
    const { createPythonFrontend, defaultWasmLocations } =
        await import('../core/frontends/pythonSource');
    const wasm = defaultWasmLocations(distDir);
    if (!wasm) throw new Error(`the Python parser's WASM files are missing from ${distDir}`);
    return createPythonFrontend(wasm);
};

/**
 * Which front end reads an editor document, or undefined when the extension leaves it alone:
 * architecture files, Python, and notes (.md, .txt) that may hold NAS-Bench-201 cell strings.
 */
export function documentKind(fileName: string, languageId: string): SourceKind | undefined {
    const name = path.basename(fileName).toLowerCase();
    if (/\.arch\.(ya?ml|json)$/.test(name)) return 'architecture';
    // Why the language first: a notebook's code cell is a Python document named after the notebook.
    if (name.endsWith('.py') || languageId === 'python') return 'python';
    if (name.endsWith('.ipynb')) return 'notebook';
    if (/\.(md|txt)$/.test(name)) return 'text';
    return undefined;
}

/** The glob of every file a workspace run reads (ONNX models too; see `documentKind`). */
export const WORKSPACE_GLOB = '**/*.{arch.yaml,arch.yml,arch.json,py,ipynb,md,txt,onnx}';

/** The URI scheme of a notebook's cell documents. */
export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';
export const WORKSPACE_EXCLUDE = '**/{node_modules,.git,dist,out,.lswag,.venv,venv,__pycache__}/**';

type Sources = typeof import('../core/frontends/sources');

export class SpecReader implements vscode.Disposable {
    private sources: Promise<Sources> | undefined;
    private python: PythonFrontend | undefined;
    private pythonLoad: Promise<PythonFrontend | undefined> | undefined;
    private hasPythonFailed = false;
    private readonly parsed = new Map<string, { version: number; result: SourceResult }>();
    private readonly pythonLoaded = new vscode.EventEmitter<void>();
    /** Fires once the Python front end has loaded: Python documents can be read from then on. */
    readonly onDidLoadPython = this.pythonLoaded.event;

    constructor(
        private readonly distDir: string,
        private readonly log: (message: string) => void,
        private readonly loadPython: PythonLoader = loadPythonFrontend,
    ) {}

    get isPythonLoaded(): boolean {
        return this.python !== undefined;
    }

    /**
     * The definitions of a document (cached per version), or undefined when it is not a source or is
     * Python and the front end is still loading (the load starts here; `onDidLoadPython` follows).
     */
    async read(document: SourceDocument): Promise<SourceResult | undefined> {
        const kind = documentKind(document.fileName, document.languageId);
        if (!kind) return undefined;
        if (kind === 'python' && !this.python) {
            // Why: a failed load is retried only by a command, so lenses do not retry per keystroke.
            if (!this.hasPythonFailed) void this.ensurePython();
            return undefined;
        }
        const key = document.uri.toString();
        const hit = this.parsed.get(key);
        if (hit && hit.version === document.version) return hit.result;
        const result =
            document.uri.scheme === NOTEBOOK_CELL_SCHEME
                ? await this.readCell(document)
                : await this.readText(document.uri.fsPath, kind, document.getText());
        this.parsed.set(key, { version: document.version, result });
        return result;
    }

    /**
     * A notebook cell's definitions: the notebook's code cells are read together (a class in one
     * cell may use imports of another), and what lies in this cell is kept, its ranges in the cell.
     */
    private async readCell(document: SourceDocument): Promise<SourceResult> {
        const cellUri = document.uri.toString();
        const notebook = vscode.workspace.notebookDocuments?.find((nb) =>
            nb.getCells().some((c) => c.document.uri.toString() === cellUri),
        );
        const code = notebook?.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
        const index = code?.findIndex((c) => c.document.uri.toString() === cellUri) ?? -1;
        if (!notebook || !code || index < 0) {
            return this.readText(document.uri.fsPath, 'python', document.getText());
        }
        const cells = code.map((c) => ({ cell_type: 'code', source: c.document.getText() }));
        const all = await this.readText(notebook.uri.fsPath, 'notebook', JSON.stringify({ cells }));
        return {
            ...all,
            specs: all.specs.filter((s) => s.source?.cell === index),
            diagnostics: all.diagnostics.filter((d) => d.range.cell === index),
        };
    }

    /** Reads one file's text (or, for ONNX, names the model without reading it). */
    async readText(
        file: string,
        kind: SourceKind,
        text: string | undefined,
    ): Promise<SourceResult> {
        this.sources ??= import('../core/frontends/sources');
        const { readSource } = await this.sources;
        const python =
            kind === 'python' || kind === 'notebook' ? await this.ensurePython() : undefined;
        return readSource(file, kind, { python }, text);
    }

    /** Loads the Python front end once; a failed load is logged, and the next call tries again. */
    ensurePython(): Promise<PythonFrontend | undefined> {
        if (this.python) return Promise.resolve(this.python);
        this.pythonLoad ??= this.loadPython(this.distDir).then(
            (frontend) => {
                this.python = frontend;
                this.pythonLoaded.fire();
                return frontend;
            },
            (e: unknown) => {
                this.pythonLoad = undefined;
                this.hasPythonFailed = true;
                this.log(
                    `could not load the Python front end: ${e instanceof Error ? e.message : String(e)}`,
                );
                return undefined;
            },
        );
        return this.pythonLoad;
    }

    /** Drops the parse of a closed document. */
    forget(uri: vscode.Uri): void {
        this.parsed.delete(uri.toString());
    }

    dispose(): void {
        this.pythonLoaded.dispose();
        this.parsed.clear();
    }
}
