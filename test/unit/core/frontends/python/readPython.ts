// Test helpers for the Python front end: one shared instance, and ranges located by plain string
// search (UTF-16, independent of tree-sitter) so that tests state exact ranges without counting.
import type { SourceRange } from '../../../../../src/core/spec/spec';
import {
    createPythonFrontend,
    defaultWasmLocations,
    type PythonFrontend,
} from '../../../../../src/core/frontends/pythonSource';

export const FILE = '/work/models.py';

let shared: Promise<PythonFrontend> | undefined;

export function frontend(): Promise<PythonFrontend> {
    const where = defaultWasmLocations();
    if (!where) throw new Error('tree-sitter WASM files not found under node_modules');
    shared ??= createPythonFrontend(where);
    return shared;
}

export async function readPython(text: string) {
    return (await frontend()).read(text, FILE);
}

/** The range of the `occurrence`-th (0-based) `snippet` in `text`. */
export function rangeOf(text: string, snippet: string, occurrence = 0): SourceRange {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) {
        at = text.indexOf(snippet, at + 1);
        if (at < 0) throw new Error(`snippet not found: ${snippet}`);
    }
    return { file: FILE, start: positionAt(text, at), end: positionAt(text, at + snippet.length) };
}

function positionAt(text: string, offset: number) {
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    return { line: before.length - 1, character: before[before.length - 1].length };
}
