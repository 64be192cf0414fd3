// Jupyter notebooks (.ipynb): the code cells are read as one Python program (a class in one cell
// is used in another), then every range is mapped back into its cell. `%magic` and `!shell` lines
// are blanked; NB201 cell strings are found in each code cell too.
import path from 'node:path';
import type { ArchitectureSpec, FrontendResult, SourceRange, SpecDiagnostic } from '../spec/spec';
import { findNb201Strings } from './nb201Strings';
import type { PythonFrontend, PythonReadOptions } from './pythonSource';

interface Cell {
    /** Index among code cells. */
    readonly index: number;
    /** First line of the cell in the joined program. */
    readonly start: number;
    readonly lines: number;
    readonly text: string;
}

/** The code cells of a notebook's JSON, or an error message. */
export function notebookCells(json: string): Cell[] | string {
    let nb: unknown;
    try {
        nb = JSON.parse(json);
    } catch (e) {
        return `not a notebook: ${(e as Error).message}`;
    }
    const cells = (nb as { cells?: unknown }).cells;
    if (!Array.isArray(cells)) return "not a notebook: no 'cells' list";
    const out: Cell[] = [];
    let start = 0;
    for (const c of cells as { cell_type?: unknown; source?: unknown }[]) {
        if (c?.cell_type !== 'code') continue;
        const source = Array.isArray(c.source)
            ? c.source.join('')
            : typeof c.source === 'string'
              ? c.source
              : '';
        // Why: IPython magics and shell escapes are not Python; a blank line keeps the numbering.
        const text = source
            .split('\n')
            .map((line) => (/^\s*[%!]/.test(line) ? '' : line))
            .join('\n');
        const lines = text.split('\n').length;
        out.push({ index: out.length, start, lines, text });
        start += lines;
    }
    return out;
}

function mapRange(cells: readonly Cell[], r: SourceRange): SourceRange {
    const cell =
        cells.find((c) => r.start.line >= c.start && r.start.line < c.start + c.lines) ??
        cells[cells.length - 1];
    if (!cell) return r;
    const last = cell.start + cell.lines - 1;
    const end =
        r.end.line > last
            ? { line: last - cell.start, character: cell.text.split('\n')[cell.lines - 1].length }
            : { line: r.end.line - cell.start, character: r.end.character };
    return {
        file: r.file,
        start: { line: r.start.line - cell.start, character: r.start.character },
        end,
        cell: cell.index,
    };
}

/** Reads a notebook: PyTorch definitions and configs in its code cells, and NB201 cell strings. */
export function readNotebook(
    json: string,
    file: string,
    python: PythonFrontend | undefined,
    options: PythonReadOptions & { dataset?: string } = {},
): FrontendResult {
    const cells = notebookCells(json);
    if (typeof cells === 'string') {
        const at = { line: 0, character: 0 };
        return {
            specs: [],
            diagnostics: [
                { severity: 'error', message: cells, range: { file, start: at, end: at } },
            ],
        };
    }
    const specs: ArchitectureSpec[] = [];
    const diagnostics: SpecDiagnostic[] = [];
    if (python) {
        const program = cells.map((c) => c.text).join('\n');
        const read = python.read(program, file, options);
        for (const s of read.specs) {
            const source = s.source && mapRange(cells, s.source);
            const cell = source?.cell;
            specs.push(
                s.family === 'pytorch'
                    ? { ...s, source, ...(cell !== undefined ? { cell } : {}) }
                    : { ...s, source },
            );
        }
        for (const d of read.diagnostics)
            diagnostics.push({ ...d, range: mapRange(cells, d.range) });
    } else {
        const at = { line: 0, character: 0 };
        diagnostics.push({
            severity: 'error',
            message: 'the Python front end is not loaded',
            range: { file, start: at, end: at },
        });
    }
    for (const c of cells) {
        const found = findNb201Strings(c.text, file, { dataset: options.dataset });
        const named = (s: ArchitectureSpec) => ({
            ...s,
            name: `${path.basename(file)}[${c.index}]:${s.name}`,
            source: s.source && { ...s.source, cell: c.index },
        });
        specs.push(...found.specs.map(named));
        diagnostics.push(
            ...found.diagnostics.map((d) => ({ ...d, range: { ...d.range, cell: c.index } })),
        );
    }
    return { specs, diagnostics };
}
