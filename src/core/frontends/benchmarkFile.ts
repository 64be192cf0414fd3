// Reads labelled benchmark files (CSV or JSON lines): an architecture column holding an NB201 cell
// string or an AutoFormer config, plus numeric accuracy columns. One spec per good row, with its
// accuracies; every problem is a diagnostic at its cell. Never throws.
import { NB201_DATASETS, NB201_DEFAULTS } from '../spec/defaults';
import type { ArchitectureSpec, FrontendResult } from '../spec/spec';
import { ARCH_LIMITS } from './archLimits';
import { isEmpty, readArch, type Nb201Skeleton } from './benchmarkArch';
import { csvTable, jsonLinesTable, type BenchmarkRow, type BenchmarkTable } from './benchmarkRows';
import { LineIndex } from './lineIndex';
import { Reporter, internalError } from './reporter';
import { describeNode, type TreeNode } from './sourceTree';
import { uniqueNames } from './uniqueNames';

export interface BenchmarkOptions {
    /** Which NB201 dataset the cells were trained on (classes, image size); default cifar10. */
    readonly dataset?: string;
}

export interface BenchmarkResult extends FrontendResult {
    /** The numeric columns read as accuracies, in file order. */
    readonly accuracyColumns: string[];
}

/** Column names (case-insensitive) that hold the architecture. */
export const ARCH_COLUMNS = ['arch', 'arch_str', 'architecture'];
const ID_COLUMNS = ['index', 'id', 'idx', 'uid'];
/** Numeric columns that are never accuracies: identifiers and costs. */
const NOT_ACCURACY = new Set([
    ...ID_COLUMNS,
    'name',
    'row',
    'seed',
    'epoch',
    'epochs',
    'hash',
    'macs',
    'flops',
    'params',
]);
const NOT_ACCURACY_PARTS = /loss|latency|time|param|flop/i;
export const MAX_BENCHMARK_ROWS = 100_000;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a benchmark file; `.jsonl`/`.ndjson` (or text starting with `{`) is JSON lines, else CSV. */
export function readBenchmarkFile(
    text: string,
    file: string,
    options: BenchmarkOptions = {},
): BenchmarkResult {
    let r: Reporter | undefined;
    try {
        const index = new LineIndex(text);
        r = Reporter.forFile(file, index);
        const result = readTable(text, file, index, options, r);
        return { ...result, diagnostics: r.diagnostics };
    } catch (e) {
        const diagnostics = [...(r?.diagnostics ?? []), internalError(file, 'reading the file', e)];
        return { specs: [], accuracyColumns: [], diagnostics };
    }
}

type TableResult = Omit<BenchmarkResult, 'diagnostics'>;

function readTable(
    text: string,
    file: string,
    index: LineIndex,
    options: BenchmarkOptions,
    r: Reporter,
): TableResult {
    const none = { specs: [], accuracyColumns: [] };
    const datasetName = options.dataset ?? 'cifar10';
    if (!Object.hasOwn(NB201_DATASETS, datasetName)) {
        const known = Object.keys(NB201_DATASETS).join(', ');
        r.error(
            { start: 0, end: 0 },
            `unknown dataset '${datasetName}' (expected one of ${known})`,
        );
        return none;
    }
    const dataset = NB201_DATASETS[datasetName];
    const jsonLines =
        /\.(jsonl|ndjson)$/i.test(file) ||
        (!/\.csv$/i.test(file) && text.trimStart().startsWith('{'));
    const table = jsonLines ? jsonLinesTable(index, r) : csvTable(text, r);
    if (table.rows.length === 0) {
        r.warning(table.headerSpan, 'no benchmark rows');
        return none;
    }
    const archColumn = table.columns.find((c) => ARCH_COLUMNS.includes(c.toLowerCase()));
    if (archColumn === undefined) {
        const expected = ARCH_COLUMNS.join(', ');
        r.error(table.headerSpan, `no architecture column (expected one of ${expected})`);
        return none;
    }
    if (table.rows.length > MAX_BENCHMARK_ROWS) {
        const first = table.rows[MAX_BENCHMARK_ROWS].span;
        r.error(first, `more than ${MAX_BENCHMARK_ROWS} rows; the rest are not read`);
    }
    const nb201: Nb201Skeleton = {
        family: 'nb201',
        classes: dataset.classes,
        imageSize: dataset.imageSize,
        channels: NB201_DEFAULTS.channels,
        cellsPerStage: NB201_DEFAULTS.cellsPerStage,
    };
    return readRows(table, archColumn, nb201, r);
}

/** One spec per row whose architecture reads without error; names made unique. */
function readRows(
    table: BenchmarkTable,
    archColumn: string,
    nb201: Nb201Skeleton,
    r: Reporter,
): TableResult {
    const idColumn = table.columns.find((c) => ID_COLUMNS.includes(c.toLowerCase()));
    const nameColumn = table.columns.find((c) => c.toLowerCase() === 'name');
    const rows = table.rows.slice(0, MAX_BENCHMARK_ROWS);
    const accuracyColumns = pickAccuracyColumns(table, rows, [archColumn, idColumn, nameColumn]);
    const read: Array<{ spec: ArchitectureSpec; row: BenchmarkRow }> = [];
    rows.forEach((row, i) => {
        const errorsBefore = r.errorCount;
        const arch = row.cells.get(archColumn);
        const body =
            arch && !isEmpty(arch.node)
                ? readArch(arch, nb201)
                : r.fail(row.span, `no architecture in column '${archColumn}'`);
        const accuracy = readAccuracy(row, accuracyColumns);
        if (body === undefined || r.errorCount !== errorsBefore) return;
        const name = rowName(row, nameColumn, idColumn, body.family, i + 1);
        const labelled = Object.keys(accuracy).length > 0 ? { accuracy } : {};
        const spec = { ...body, name, source: r.range(row.span), ...labelled } as ArchitectureSpec;
        read.push({ spec, row });
    });
    const { names, renamed } = uniqueNames(read.map(({ spec }) => spec.name));
    for (const dup of renamed) {
        const message = `duplicate name '${dup.original}'; this row is listed as '${dup.renamed}'`;
        r.warning(read[dup.index].row.span, message);
    }
    const specs = read.map(({ spec }, k) =>
        names[k] === spec.name ? spec : { ...spec, name: names[k] },
    );
    return { specs, accuracyColumns };
}

/** A finite number, from a number or a numeric string; undefined otherwise. */
function numberOf(node: TreeNode): number | undefined {
    if (node.kind !== 'scalar') return undefined;
    const v =
        typeof node.value === 'string' && NUMERIC.test(node.value.trim())
            ? Number(node.value.trim())
            : node.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Columns (other than arch/id/name and cost-like ones) whose non-empty cells are mostly numbers. */
function pickAccuracyColumns(
    table: BenchmarkTable,
    rows: readonly BenchmarkRow[],
    special: Array<string | undefined>,
): string[] {
    return table.columns.filter((column) => {
        if (
            special.includes(column) ||
            NOT_ACCURACY.has(column.toLowerCase()) ||
            NOT_ACCURACY_PARTS.test(column)
        )
            return false;
        let numeric = 0;
        let other = 0;
        for (const row of rows) {
            const cell = row.cells.get(column);
            if (cell === undefined || isEmpty(cell.node)) continue;
            if (numberOf(cell.node) === undefined) other++;
            else numeric++;
        }
        return numeric > 0 && numeric >= other;
    });
}

function readAccuracy(row: BenchmarkRow, columns: readonly string[]): Record<string, number> {
    const pairs: Array<[string, number]> = [];
    for (const column of columns) {
        const cell = row.cells.get(column);
        if (cell === undefined || isEmpty(cell.node)) continue;
        const v = numberOf(cell.node);
        if (v === undefined) {
            cell.r.warning(
                cell.node,
                `'${column}' is not a number (${describeNode(cell.node)}); this row has no '${column}' accuracy`,
            );
        } else pairs.push([column, v]);
    }
    return Object.fromEntries(pairs);
}

/** A cell's trimmed text, or undefined when absent or blank. */
function cellText(row: BenchmarkRow, column: string | undefined): string | undefined {
    const node = column === undefined ? undefined : row.cells.get(column)?.node;
    const v = node?.kind === 'scalar' && node.value !== null ? String(node.value).trim() : '';
    return v === '' ? undefined : v.slice(0, ARCH_LIMITS.nameLength);
}

function rowName(
    row: BenchmarkRow,
    nameColumn: string | undefined,
    idColumn: string | undefined,
    family: string,
    n: number,
): string {
    const id = cellText(row, idColumn);
    return (
        cellText(row, nameColumn) ?? (id === undefined ? `${family}-row${n}` : `${family}-${id}`)
    );
}
