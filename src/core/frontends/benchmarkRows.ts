// Benchmark files as rows of named cells, from CSV (header + records) or JSON lines (one object per
// line). Cells keep source spans; the arch cell gets its own reporter so errors land inside it.
import { fieldOffset, readCsv, type CsvField } from './csvRecords';
import { JsonSyntaxError, parseJsonTree } from './jsonTree';
import type { LineIndex } from './lineIndex';
import type { Reporter, Span } from './reporter';
import { describeNode, type TreeNode } from './sourceTree';

/** A cell's value as a node, and the reporter whose offsets its spans are in. */
export interface BenchmarkCell {
    readonly node: TreeNode;
    readonly r: Reporter;
}

export interface BenchmarkRow {
    readonly span: Span;
    /** Cells by column name (the arch, name and id columns included). */
    readonly cells: ReadonlyMap<string, BenchmarkCell>;
}

export interface BenchmarkTable {
    /** Column names in first-seen order. */
    readonly columns: readonly string[];
    readonly rows: readonly BenchmarkRow[];
    /** Where the column names are (the CSV header; the first row for JSON lines). */
    readonly headerSpan: Span;
}

/** Reads CSV with a header row. */
export function csvTable(text: string, r: Reporter): BenchmarkTable {
    const { records, problems } = readCsv(text);
    for (const p of problems) r.report(p.severity, p, p.message);
    if (records.length === 0) return { columns: [], rows: [], headerSpan: { start: 0, end: 0 } };
    const [header, ...body] = records;
    const seen = new Set<string>();
    const columns: Array<string | undefined> = header.fields.map((field, k) => {
        const name = field.text.trim() || `column${k + 1}`;
        if (seen.has(name)) {
            r.warning(field, `duplicate column '${name}'; this one is ignored`);
            return undefined;
        }
        seen.add(name);
        return name;
    });
    const rows: BenchmarkRow[] = [];
    for (const record of body) {
        if (isBlank(record.fields)) continue;
        if (record.fields.length !== header.fields.length) {
            r.warning(
                record,
                `row has ${record.fields.length} fields, the header has ${header.fields.length}`,
            );
        }
        const cells = new Map<string, BenchmarkCell>();
        const n = Math.min(record.fields.length, columns.length);
        for (let k = 0; k < n; k++) {
            const column = columns[k];
            if (column !== undefined) cells.set(column, new CsvCell(record.fields[k], r));
        }
        rows.push({ span: record, cells });
    }
    return {
        columns: columns.filter((c): c is string => c !== undefined),
        rows,
        headerSpan: header,
    };
}

function isBlank(fields: readonly CsvField[]): boolean {
    for (const field of fields) if (field.text.trim() !== '') return false;
    return true;
}

/**
 * A CSV cell as a string node in the cell's own coordinates (quotes undone). Node and reporter are
 * made on first use: most cells of a large file are only read as numbers.
 */
class CsvCell implements BenchmarkCell {
    private cached?: TreeNode;

    constructor(
        private readonly field: CsvField,
        private readonly root: Reporter,
    ) {}

    get node(): TreeNode {
        this.cached ??= {
            kind: 'scalar',
            value: this.field.text,
            start: 0,
            end: this.field.text.length,
        };
        return this.cached;
    }

    get r(): Reporter {
        return this.root.embedded((offset) => fieldOffset(this.field, offset));
    }
}

/** Reads JSON lines: each non-blank line one object; other lines are errors. */
export function jsonLinesTable(index: LineIndex, r: Reporter): BenchmarkTable {
    const columns = new Set<string>();
    const rows: BenchmarkRow[] = [];
    let headerSpan: Span | undefined;
    for (let line = 0; line < index.lineCount; line++) {
        const start = index.lineStart(line);
        const end = index.lineEnd(line);
        const text = index.text.slice(start, end);
        if (text.trim() === '') continue;
        const lr = r.embedded((offset) => start + offset);
        let tree: TreeNode;
        try {
            tree = parseJsonTree(text);
        } catch (e) {
            if (!(e instanceof JsonSyntaxError)) throw e;
            lr.error(
                { start: e.offset, end: Math.min(text.length, e.offset + 1) },
                `JSON: ${e.message}`,
            );
            continue;
        }
        if (tree.kind !== 'map') {
            lr.error(tree, `each line must be a JSON object, not ${describeNode(tree)}`);
            continue;
        }
        const cells = new Map<string, BenchmarkCell>();
        for (const entry of tree.entries) {
            columns.add(entry.key);
            cells.set(entry.key, { node: entry.value, r: lr });
        }
        const span = { start: start + tree.start, end: start + tree.end };
        headerSpan ??= span;
        rows.push({ span, cells });
    }
    return { columns: [...columns], rows, headerSpan: headerSpan ?? { start: 0, end: 0 } };
}
