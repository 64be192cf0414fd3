// Which front end reads which file, and collecting specs from files and folders in input order.
// Shared by the CLI and the extension; reads with node:fs only, never vscode.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FrontendResult, SpecDiagnostic } from '../spec/spec';
import { readArchitectureFile } from './archFile';
import { readBenchmarkFile } from './benchmarkFile';
import { findNb201Strings } from './nb201Strings';
import { readNotebook } from './notebook';
import { type PythonWorkspace, fileSystemWorkspace } from './python/interp/workspace';
// Why type-only: pythonSource loads web-tree-sitter, which must wait for the first Python read.
import type { PythonFrontend } from './pythonSource';

export type SourceKind = 'architecture' | 'benchmark' | 'python' | 'notebook' | 'onnx' | 'text';

/** Folders never searched (dependencies, build output, our own run folder). */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.lswag', '.venv', 'venv', '__pycache__']);

/** Files larger than this are reported, not read (an architecture file is kilobytes). */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

export function sourceKind(file: string): SourceKind | undefined {
    const name = path.basename(file).toLowerCase();
    if (/\.arch\.(ya?ml|json)$/.test(name)) return 'architecture';
    if (name.endsWith('.csv') || name.endsWith('.jsonl')) return 'benchmark';
    if (name.endsWith('.py')) return 'python';
    if (name.endsWith('.ipynb')) return 'notebook';
    if (name.endsWith('.onnx')) return 'onnx';
    if (/\.(md|txt|ya?ml|json|log)$/.test(name)) return 'text';
    return undefined;
}

export interface SourceOptions {
    /** Needed for .py files; without it they are reported as skipped. */
    readonly python?: PythonFrontend;
    /** ONNX: keep the file's weights (default false: PyTorch-default re-initialisation). */
    readonly keepWeights?: boolean;
    /** NB201 dataset for benchmark rows and strings (classes, input size). */
    readonly dataset?: string;
    /** Where Python imports resolve (default: the files on disk around each file). */
    readonly pythonWorkspace?: PythonWorkspace;
    /** `--input` / `lswag.inputShape`: a PyTorch model's input when its code does not decide it. */
    readonly fallbackInput?: readonly number[];
}

export interface SourceResult extends FrontendResult {
    readonly file: string;
    readonly kind: SourceKind;
    /** Accuracy columns of a benchmark file. */
    readonly accuracyColumns?: readonly string[];
}

function fileDiagnostic(file: string, message: string): SpecDiagnostic {
    const at = { line: 0, character: 0 };
    return { severity: 'error', message, range: { file, start: at, end: at } };
}

/** Reads one file with the front end its name calls for (`text` is passed by editors). */
export function readSource(file: string, kind: SourceKind, opts: SourceOptions, text?: string): SourceResult {
    if (kind === 'onnx') {
        const at = { line: 0, character: 0 };
        const spec = { family: 'onnx' as const, name: path.basename(file), path: path.resolve(file), keepWeights: opts.keepWeights ?? false, source: { file, start: at, end: at } };
        return { file, kind, specs: [spec], diagnostics: [] };
    }
    const content = text ?? readFileSync(file, 'utf8');
    switch (kind) {
        case 'architecture':
            return { file, kind, ...readArchitectureFile(content, file) };
        case 'benchmark': {
            const r = readBenchmarkFile(content, file, { dataset: opts.dataset as never });
            return { file, kind, specs: r.specs, diagnostics: r.diagnostics, accuracyColumns: r.accuracyColumns };
        }
        case 'python': {
            // NB201 cell strings count in any text file, Python included.
            const strings = findNb201Strings(content, file, { dataset: opts.dataset });
            if (!opts.python) return { file, kind, specs: strings.specs, diagnostics: [fileDiagnostic(file, 'the Python front end is not loaded'), ...strings.diagnostics] };
            const read = opts.python.read(content, file, pythonOptions(opts));
            return { file, kind, specs: [...read.specs, ...strings.specs], diagnostics: [...read.diagnostics, ...strings.diagnostics] };
        }
        case 'notebook':
            return { file, kind, ...readNotebook(content, file, opts.python, { ...pythonOptions(opts), dataset: opts.dataset }) };
        case 'text':
            return { file, kind, ...findNb201Strings(content, file) };
    }
}

function pythonOptions(opts: SourceOptions) {
    return { workspace: opts.pythonWorkspace ?? fileSystemWorkspace(), fallbackInput: opts.fallbackInput };
}

function listFolder(folder: string): string[] {
    const out: string[] = [];
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) {
            if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) out.push(...listFolder(full));
        } else if (entry.isFile() && sourceKind(full)) {
            out.push(full);
        }
    }
    return out;
}

/**
 * Reads files and folders (recursively, sorted) in the order given. A path that is missing,
 * too large or unreadable becomes an error diagnostic for that path; the rest still read.
 */
export function readSources(paths: readonly string[], opts: SourceOptions): SourceResult[] {
    const results: SourceResult[] = [];
    for (const p of paths) {
        let files: string[];
        try {
            files = statSync(p).isDirectory() ? listFolder(p) : [p];
        } catch (e) {
            results.push({ file: p, kind: 'text', specs: [], diagnostics: [fileDiagnostic(p, `cannot read '${p}': ${(e as Error).message}`)] });
            continue;
        }
        for (const file of files) {
            const kind = sourceKind(file) ?? 'text';
            try {
                if (kind !== 'onnx' && statSync(file).size > MAX_SOURCE_BYTES) throw new Error(`larger than ${MAX_SOURCE_BYTES / 2 ** 20} MiB`);
                results.push(readSource(file, kind, opts));
            } catch (e) {
                results.push({ file, kind, specs: [], diagnostics: [fileDiagnostic(file, `cannot read '${file}': ${(e as Error).message}`)] });
            }
        }
    }
    return results;
}
