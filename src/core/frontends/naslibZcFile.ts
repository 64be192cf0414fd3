// Reads NAS-Bench-Suite-Zero's precomputed zero-cost files (NASLib `zc_<space>.json`):
// `{dataset: {key: {val_accuracy, <proxy>: number | {score, time}, ...}}}`, the key being NASLib's
// encoding of the cell: NB201 op-index 6-tuples, NB101's 56-int tuples (flattened 7x7 matrix + 7 op
// indices) or the compact DARTS encoding `[[8 x (input, op)], [8 x (input, op)]]`. Each cell becomes
// a spec carrying `val_accuracy` and Suite-Zero's own proxy values as `naslib_<proxy>` columns, so
// `lswag eval --acc val_accuracy` (or `--acc naslib_synflow`, agreement with Suite-Zero) reads it.
import { DARTS_DEFAULTS, NB101_DEFAULTS, NB201_DATASETS, NB201_DEFAULTS } from '../spec/defaults';
import { type CompactGenotype, genotypeFromCompact, genotypeKey } from '../spec/dartsGenotype';
import { formatNb101Cell, nb101CellFromNaslib, pruneNb101Cell } from '../spec/nb101Cell';
import { cellFromNaslib } from '../spec/nb201Cell';
import type { ArchitectureSpec, SpecDiagnostic } from '../spec/spec';
import { LineIndex } from './lineIndex';
import { Reporter } from './reporter';

/** A zc file by name (`zc_*.json`) or by its opening (`{"dataset": {"(` or `{"[`). */
export function isNaslibZcFile(file: string, text: string): boolean {
    const base = file.split(/[\\/]/).pop() ?? file;
    if (/^zc_.*\.json$/i.test(base)) return true;
    return /^\s*\{\s*"[\w-]+"\s*:\s*\{\s*"[[(]\s*[[(\d]/.test(text.slice(0, 200));
}

export interface NaslibZcResult {
    readonly specs: ArchitectureSpec[];
    readonly diagnostics: SpecDiagnostic[];
    readonly accuracyColumns: string[];
}

/** The numbers in a NASLib key; Python tuples written as JSON arrays. */
function parseKey(key: string): unknown {
    return JSON.parse(
        key
            .replace(/\(/g, '[')
            .replace(/\)/g, ']')
            .replace(/,\s*\]/g, ']'),
    );
}

function specOfKey(key: string, name: string, dataset: string): ArchitectureSpec {
    const value = parseKey(key);
    if (!Array.isArray(value)) throw new Error('the key is not a tuple or list');
    if (value.length === 2 && value.every(Array.isArray)) {
        const genotype = genotypeFromCompact(value as CompactGenotype);
        return { family: 'darts', name: genotypeKey(genotype), genotype, ...DARTS_DEFAULTS };
    }
    const ints = value as number[];
    if (ints.length === 6) {
        const d = NB201_DATASETS[dataset] ?? NB201_DATASETS.cifar10;
        return { family: 'nb201', name, cell: cellFromNaslib(ints), ...NB201_DEFAULTS, ...d };
    }
    const cell = nb101CellFromNaslib(ints);
    pruneNb101Cell(cell); // Why here: an invalid cell is reported at its key, not at scoring time.
    return { family: 'nb101', name: formatNb101Cell(cell), ...cell, ...NB101_DEFAULTS };
}

const scoreOf = (v: unknown): number | undefined =>
    typeof v === 'number'
        ? v
        : typeof v === 'object' &&
            v !== null &&
            typeof (v as { score?: unknown }).score === 'number'
          ? (v as { score: number }).score
          : undefined;

/** Reads one dataset of the file (`dataset`, else cifar10, else the first one). */
export function readNaslibZcFile(text: string, file: string, dataset?: string): NaslibZcResult {
    const r = Reporter.forFile(file, new LineIndex(text));
    const none = { specs: [], diagnostics: r.diagnostics, accuracyColumns: [] };
    let root: unknown;
    try {
        // Why: NASLib's Python wrote bare NaN and +-Infinity (not JSON); they become null (no value).
        root = JSON.parse(text.replace(/-?\bInfinity\b|\bNaN\b/g, 'null'));
    } catch (e) {
        r.error({ start: 0, end: 1 }, `not JSON: ${(e as Error).message}`);
        return none;
    }
    if (typeof root !== 'object' || root === null || Array.isArray(root)) {
        r.error({ start: 0, end: 1 }, 'expected {dataset: {cell key: {val_accuracy, ...}}}');
        return none;
    }
    const datasets = Object.keys(root);
    const chosen = [dataset, 'cifar10', datasets[0]].find((d) => d && Object.hasOwn(root, d));
    const table = chosen === undefined ? undefined : (root as Record<string, unknown>)[chosen];
    if (typeof table !== 'object' || table === null) {
        r.error({ start: 0, end: 1 }, `no dataset table (found: ${datasets.join(', ') || 'none'})`);
        return none;
    }
    const specs: ArchitectureSpec[] = [];
    const columns = new Set<string>();
    for (const [key, row] of Object.entries(table as Record<string, unknown>)) {
        const at = Math.max(0, text.indexOf(JSON.stringify(key)));
        const span = { start: at, end: at + key.length + 2 };
        try {
            const spec = specOfKey(key, key, chosen!);
            const accuracy: Record<string, number> = {};
            for (const [field, v] of Object.entries((row ?? {}) as Record<string, unknown>)) {
                const score = scoreOf(v);
                if (score === undefined || field === 'idx') continue;
                accuracy[field === 'val_accuracy' ? field : `naslib_${field}`] = score;
            }
            for (const c of Object.keys(accuracy)) columns.add(c);
            specs.push({ ...spec, source: r.range(span), accuracy });
        } catch (e) {
            r.error(span, `bad NASLib cell key: ${(e as Error).message}`);
        }
    }
    const accuracyColumns = [...columns].sort((a, b) =>
        a === 'val_accuracy' ? -1 : b === 'val_accuracy' ? 1 : a.localeCompare(b),
    );
    return { specs, diagnostics: r.diagnostics, accuracyColumns };
}
