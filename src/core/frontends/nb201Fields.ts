// The nb201 family in architecture files: a cell string plus the macro skeleton's settings; a
// `dataset` stands for its classes and image size, and explicit values win within the same level.
import { NB201_DATASETS, NB201_DEFAULTS } from '../spec/defaults';
import { CellStringError, NB201_OPS, formatCell, parseCell } from '../spec/nb201Cell';
import { ARCH_LIMITS } from './archLimits';
import { enumField, intField, type FieldReader, type LevelFields } from './archFields';
import { valueOr, type CandidateContext, type FamilyDef } from './archFamily';
import { describeNode } from './sourceTree';
import { didYouMean } from '../util/didYouMean';

const OP = `(?:${NB201_OPS.join('|')})`;
/** Canonical cell strings: parseCell accepts them unchanged. The fast path for large benchmarks. */
export const VALID_CELL = new RegExp(
    `^\\|${OP}~0\\|\\+\\|${OP}~0\\|${OP}~1\\|\\+\\|${OP}~0\\|${OP}~1\\|${OP}~2\\|$`,
);

/**
 * A cell string, canonicalised. A bad op is reported at its own characters when the value is
 * written plainly or in simple quotes, else at the whole value.
 */
export const cellField: FieldReader<string> = (node, r, key) => {
    if (node.kind !== 'scalar' || typeof node.value !== 'string') {
        return r.fail(
            node,
            `'${key}' must be a cell string like |op~0|+|op~0|op~1|+|op~0|op~1|op~2|, not ${describeNode(node)}`,
        );
    }
    const checked = checkCell(node.value);
    if (typeof checked === 'string') return checked;
    const written = node.end - node.start;
    const lead =
        written === node.value.length ? 0 : written === node.value.length + 2 ? 1 : undefined;
    const from = node.start + (lead ?? 0) + checked.offset;
    r.error(
        lead === undefined ? node : { start: from, end: from + Math.max(1, checked.length) },
        `bad cell string: ${checked.message}${opHint(checked.message)}`,
    );
    return undefined;
};

/** "Did you mean" for an unknown op (the cell parser names it; it lives in spec/, without hints). */
function opHint(message: string): string {
    const op = /^unknown op '([^']*)'/.exec(message)?.[1];
    return op === undefined ? '' : didYouMean(op, NB201_OPS);
}

/** The canonical form of a cell string, or the CellStringError saying why it is not one. */
export function checkCell(text: string): string | CellStringError {
    if (VALID_CELL.test(text)) return text;
    const limit = Error.stackTraceLimit;
    // Why: a log full of near misses throws one CellStringError each; their stacks are never shown.
    Error.stackTraceLimit = 0;
    try {
        return formatCell(parseCell(text));
    } catch (e) {
        if (e instanceof CellStringError) return e;
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

export const NB201_DATASET_NAMES = Object.keys(NB201_DATASETS);

/** classes or image size from one level: its explicit value, else its dataset's. */
function fromLevel(level: LevelFields, key: 'classes' | 'image_size'): number | undefined {
    const explicit = level.values.get(key)?.value as number | undefined;
    if (explicit !== undefined) return explicit;
    const dataset = level.values.get('dataset')?.value as string | undefined;
    if (dataset === undefined) return undefined;
    const known = NB201_DATASETS[dataset];
    return key === 'classes' ? known.classes : known.imageSize;
}

function datasetValue(
    ctx: CandidateContext,
    key: 'classes' | 'image_size',
    fallback: number,
): number {
    for (const level of ctx.levels) {
        const v = fromLevel(level, key);
        if (v !== undefined) return v;
    }
    return fallback;
}

export const NB201_FAMILY: FamilyDef = {
    family: 'nb201',
    fields: {
        cell: cellField,
        dataset: enumField(NB201_DATASET_NAMES),
        classes: intField(1, ARCH_LIMITS.classes),
        image_size: intField(1, ARCH_LIMITS.imageSize),
        channels: intField(1, ARCH_LIMITS.nb201Channels),
        cells_per_stage: intField(1, ARCH_LIMITS.cellsPerStage),
    },
    defaultable: ['dataset', 'classes', 'image_size', 'channels', 'cells_per_stage'],
    required: ['cell'],
    build(ctx) {
        const cell = valueOr<string | undefined>(ctx, 'cell', undefined);
        if (cell === undefined) return undefined;
        return {
            family: 'nb201',
            cell,
            classes: datasetValue(ctx, 'classes', NB201_DEFAULTS.classes),
            imageSize: datasetValue(ctx, 'image_size', NB201_DEFAULTS.imageSize),
            channels: valueOr(ctx, 'channels', NB201_DEFAULTS.channels),
            cellsPerStage: valueOr(ctx, 'cells_per_stage', NB201_DEFAULTS.cellsPerStage),
        };
    },
};
