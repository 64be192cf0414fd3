// Python source front end: finds PyTorch models, zoo calls, ViT constructor calls, AutoFormer and
// timm config dicts and nn.Sequential chains with tree-sitter (WASM), and builds plain models
// statically. Invariants: `read` never throws, runs no Python, and frees every parse tree.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import type { FrontendResult } from '../spec/spec';
import { CANDIDATE_QUERY, readDefinitions } from './python/definitions';
import { Interpreter } from './python/interp/interpreter';
import type { PythonWorkspace } from './python/interp/workspace';
import { PytorchIndex } from './python/pytorchIndex';
import { FileContext } from './python/syntax';

export type { PythonWorkspace } from './python/interp/workspace';
export { fileSystemWorkspace } from './python/interp/workspace';

export interface PythonReadOptions {
    /** Other modules of the workspace (base classes, blocks and builders imported from them). */
    readonly workspace?: PythonWorkspace;
    /** `--input` / `lswag.inputShape` ([C, H, W] or [features]): used when the code does not decide. */
    readonly fallbackInput?: readonly number[];
}

/** The two WASM files: the tree-sitter runtime and the Python grammar. */
export interface WasmLocations {
    /** Path of `web-tree-sitter.wasm`. */
    readonly runtime: string;
    /** Path of `tree-sitter-python.wasm`. */
    readonly python: string;
}

export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const PYTHON_WASM = 'tree-sitter-python.wasm';

export interface PythonFrontend {
    /** Reads one file's text; `file` goes into every range. Never throws. */
    read(text: string, file: string, options?: PythonReadOptions): FrontendResult;
}

const inDir = (dir: string): WasmLocations => ({
    runtime: path.join(dir, RUNTIME_WASM),
    python: path.join(dir, PYTHON_WASM),
});

/**
 * Where the WASM files are: next to the bundle (`dist/`, where the build copies them), else in
 * node_modules above this file (tests and tsx). Undefined when neither place has both.
 */
export function defaultWasmLocations(fromDir: string = __dirname): WasmLocations | undefined {
    const both = (w: WasmLocations) => existsSync(w.runtime) && existsSync(w.python);
    if (both(inDir(fromDir))) return inDir(fromDir);
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
        const modules = path.join(dir, 'node_modules');
        const w = {
            runtime: path.join(modules, 'web-tree-sitter', RUNTIME_WASM),
            python: path.join(modules, 'tree-sitter-python', PYTHON_WASM),
        };
        if (both(w)) return w;
        if (path.dirname(dir) === dir) return undefined;
    }
}

// Why: Parser.init sets up one Emscripten module per process; a second call with another
// locateFile would be ignored, so the first location wins and later calls share it.
let runtimeReady: Promise<void> | undefined;
const frontends = new Map<string, Promise<PythonFrontend>>();

/**
 * Loads tree-sitter and the Python grammar once (about 40 ms) and returns the front end.
 * `wasm` is a folder holding both files (the bundle's `dist/`) or their two paths.
 */
export function createPythonFrontend(wasm: string | WasmLocations): Promise<PythonFrontend> {
    const w = typeof wasm === 'string' ? inDir(wasm) : wasm;
    const key = `${w.runtime}\n${w.python}`;
    let frontend = frontends.get(key);
    if (!frontend) {
        frontend = load(w);
        frontends.set(key, frontend);
        frontend.catch(() => frontends.delete(key));
    }
    return frontend;
}

async function load(w: WasmLocations): Promise<PythonFrontend> {
    runtimeReady ??= Parser.init({ locateFile: () => w.runtime });
    try {
        await runtimeReady;
    } catch (e) {
        runtimeReady = undefined;
        throw e;
    }
    const parser = new Parser();
    const language = await Language.load(w.python);
    parser.setLanguage(language);
    const query = new Query(language, CANDIDATE_QUERY);
    return { read: (text, file, options) => readSafely(parser, query, text, file, options ?? {}) };
}

function readSafely(
    parser: Parser,
    query: Query,
    text: string,
    file: string,
    options: PythonReadOptions,
): FrontendResult {
    const ctx = new FileContext(file, text);
    const interp = new Interpreter((t) => parser.parse(t), options.workspace);
    try {
        const tree = parser.parse(text);
        if (!tree) throw new Error('tree-sitter returned no tree');
        try {
            const env = interp.fileModule(file, tree.rootNode);
            const index = new PytorchIndex(interp, env);
            const py = { interp, index, fallbackInput: options.fallbackInput };
            return {
                specs: readDefinitions(ctx, tree.rootNode, query, py),
                diagnostics: ctx.diagnostics,
            };
        } finally {
            interp.dispose();
            tree.delete();
        }
    } catch (e) {
        const why = e instanceof Error ? e.message || e.name : String(e);
        const start = { line: 0, character: 0 };
        const range = { file, start, end: start };
        const message = `could not read this Python file: ${why}`;
        return {
            specs: [],
            diagnostics: [...ctx.diagnostics, { severity: 'error', message, range }],
        };
    }
}
