// Which front end reads which file, and collecting specs from files and folders in input order.
// Shared by the CLI and the extension; reads with node:fs only, never vscode.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FrontendResult, SpecDiagnostic } from '../spec/spec';
import { readArchitectureFile } from './archFile';
import { readBenchmarkFile } from './benchmarkFile';
import { findGenotypes } from './genotypeStrings';
import { findNb201Strings } from './nb201Strings';
import { isNaslibZcFile, readNaslibZcFile } from './naslibZcFile';
import { readNotebook } from './notebook';
import { type PythonWorkspace, fileSystemWorkspace } from './python/interp/workspace';
// Why type-only: pythonSource loads web-tree-sitter, which must wait for the first Python read.
import type { PythonFrontend } from './pythonSource';
import { notRegularKind, readRegularFileBounded } from '../util/boundedRead';

export type SourceKind = 'architecture' | 'benchmark' | 'python' | 'notebook' | 'onnx' | 'text';

/** Folders never searched (dependencies, build output, our own run folder). */
const SKIPPED_FOLDERS = new Set([
    'node_modules',
    '.git',
    'dist',
    'out',
    '.lswag',
    '.venv',
    'venv',
    '__pycache__',
]);

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

function fileDiagnostic(
    file: string,
    message: string,
    severity: SpecDiagnostic['severity'] = 'error',
): SpecDiagnostic {
    const at = { line: 0, character: 0 };
    return { severity, message, range: { file, start: at, end: at } };
}

/** Reads one file with the front end its name calls for (`text` is passed by editors). */
export function readSource(
    file: string,
    kind: SourceKind,
    opts: SourceOptions,
    text?: string,
): SourceResult {
    if (kind === 'onnx') {
        const at = { line: 0, character: 0 };
        const spec = {
            family: 'onnx' as const,
            name: path.basename(file),
            path: path.resolve(file),
            keepWeights: opts.keepWeights ?? false,
            source: { file, start: at, end: at },
        };
        return { file, kind, specs: [spec], diagnostics: [] };
    }
    const content =
        text ??
        readRegularFileBounded(file, MAX_SOURCE_BYTES, 'an architecture source').toString('utf8');
    switch (kind) {
        case 'architecture':
            return { file, kind, ...readArchitectureFile(content, file) };
        case 'benchmark': {
            const r = readBenchmarkFile(content, file, { dataset: opts.dataset as never });
            return {
                file,
                kind,
                specs: r.specs,
                diagnostics: r.diagnostics,
                accuracyColumns: r.accuracyColumns,
            };
        }
        case 'python': {
            // NB201 cell strings and DARTS genotypes count in any text file, Python included.
            const strings = inlineSpecs(content, file, opts);
            if (!opts.python)
                return {
                    file,
                    kind,
                    specs: strings.specs,
                    diagnostics: [
                        fileDiagnostic(file, 'the Python front end is not loaded'),
                        ...strings.diagnostics,
                    ],
                };
            const read = opts.python.read(content, file, pythonOptions(opts));
            return {
                file,
                kind,
                specs: [...read.specs, ...strings.specs],
                diagnostics: [...read.diagnostics, ...strings.diagnostics],
            };
        }
        case 'notebook':
            return {
                file,
                kind,
                ...readNotebook(content, file, opts.python, {
                    ...pythonOptions(opts),
                    dataset: opts.dataset,
                }),
            };
        case 'text':
            if (isNaslibZcFile(file, content))
                return { file, kind: 'benchmark', ...readNaslibZcFile(content, file) };
            return { file, kind, ...inlineSpecs(content, file, opts) };
    }
}

/** Architectures written inline in any text: NB201 cell strings and DARTS genotypes. */
function inlineSpecs(content: string, file: string, opts: SourceOptions): FrontendResult {
    const cells = findNb201Strings(content, file, { dataset: opts.dataset });
    const genotypes = findGenotypes(content, file);
    return {
        specs: [...cells.specs, ...genotypes.specs],
        diagnostics: [...cells.diagnostics, ...genotypes.diagnostics],
    };
}

function pythonOptions(opts: SourceOptions) {
    return {
        workspace: opts.pythonWorkspace ?? fileSystemWorkspace(),
        fallbackInput: opts.fallbackInput,
    };
}

/** A folder walk's findings: the files to read, and entries that were not followed (with why). */
interface FolderListing {
    readonly files: string[];
    readonly notes: SourceResult[];
}

const isInside = (root: string, p: string) =>
    p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The source files under `folder`, sorted. Symlinks are followed (a linked `.arch.yaml` is read)
 * when their target lies inside the real `root` -- the folder given -- and each real folder is
 * visited once, so a link loop or a link back up the tree ends the walk instead of recursing.
 */
function listFolder(folder: string, root: string, visited: Set<string>, out: FolderListing): void {
    const real = realpathSync(folder);
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
        a.name.localeCompare(b.name),
    )) {
        const full = path.join(folder, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
            let target: string;
            try {
                target = realpathSync(full);
                const info = statSync(target);
                isDir = info.isDirectory();
                isFile = info.isFile();
            } catch {
                continue; // A dangling link: nothing to read.
            }
            if (!isInside(root, target)) {
                if (isDir || sourceKind(full))
                    out.notes.push({
                        file: full,
                        kind: sourceKind(full) ?? 'text',
                        specs: [],
                        diagnostics: [
                            fileDiagnostic(
                                full,
                                `not followed: the link points outside ${root}`,
                                'warning',
                            ),
                        ],
                    });
                continue;
            }
        }
        if (isDir) {
            if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
                listFolder(full, root, visited, out);
        } else if (isFile && sourceKind(full)) {
            out.files.push(full);
        }
        // FIFOs, sockets and devices inside a folder are passed over: a walk never opens them.
    }
}

/**
 * Why a note: a dataset given for the run reaches NB201 cell strings and benchmark rows; the NB201
 * candidates of an architecture or Python file keep the dataset they declare, and the user is told.
 */
function withDatasetNote(r: SourceResult, dataset: string | undefined): SourceResult {
    if (dataset === undefined || r.kind === 'benchmark' || r.kind === 'text') return r;
    if (!r.specs.some((s) => s.family === 'nb201')) return r;
    const note = fileDiagnostic(
        r.file,
        `the dataset option (${dataset}) applies to cell strings and benchmark files; the NB201 architectures of this file keep the dataset they declare (default cifar10)`,
        'warning',
    );
    return { ...r, diagnostics: [...r.diagnostics, note] };
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
            const info = statSync(p);
            const kind = info.isDirectory() ? undefined : notRegularKind(info);
            if (kind) throw new Error(`it is ${kind}; only regular files and folders are read`);
            if (info.isDirectory()) {
                const listing: FolderListing = { files: [], notes: [] };
                listFolder(p, realpathSync(p), new Set(), listing);
                results.push(...listing.notes);
                files = listing.files;
            } else {
                files = [p];
            }
        } catch (e) {
            results.push({
                file: p,
                kind: 'text',
                specs: [],
                diagnostics: [fileDiagnostic(p, `cannot read '${p}': ${(e as Error).message}`)],
            });
            continue;
        }
        for (const file of files) {
            const kind = sourceKind(file) ?? 'text';
            try {
                // Why here too for ONNX: the worker reads the model later; a FIFO named as a model would hang it.
                const special = notRegularKind(statSync(file));
                if (special) throw new Error(`it is ${special}; only regular files are read`);
                results.push(withDatasetNote(readSource(file, kind, opts), opts.dataset));
            } catch (e) {
                results.push({
                    file,
                    kind,
                    specs: [],
                    diagnostics: [
                        fileDiagnostic(file, `cannot read '${file}': ${(e as Error).message}`),
                    ],
                });
            }
        }
    }
    return results;
}
