// The nb101 family in architecture files: a NAS-Bench-101 cell (adjacency matrix + ops) in the
// benchmark's network; the cell is validated (and pruned) as the benchmark does, errors at `matrix`.
import { NB101_DEFAULTS } from '../spec/defaults';
import { NB101_MAX_VERTICES, Nb101CellError, pruneNb101Cell } from '../spec/nb101Cell';
import { ARCH_LIMITS } from './archLimits';
import { intField, listField, stringField } from './archFields';
import { pick, valueOr, type FamilyDef } from './archFamily';

const bit = intField(0, 1);

export const NB101_FAMILY: FamilyDef = {
    family: 'nb101',
    fields: {
        matrix: listField(listField(bit, 2, NB101_MAX_VERTICES), 2, NB101_MAX_VERTICES),
        ops: listField(stringField(40), 2, NB101_MAX_VERTICES),
        classes: intField(1, ARCH_LIMITS.classes),
        image_size: intField(1, ARCH_LIMITS.imageSize),
        stem_channels: intField(1, ARCH_LIMITS.nb201Channels),
        stacks: intField(1, ARCH_LIMITS.cellsPerStage),
        cells_per_stack: intField(1, ARCH_LIMITS.cellsPerStage),
    },
    defaultable: ['classes', 'image_size', 'stem_channels', 'stacks', 'cells_per_stack'],
    required: ['matrix', 'ops'],
    build(ctx) {
        const matrix = valueOr<number[][] | undefined>(ctx, 'matrix', undefined);
        const ops = valueOr<string[] | undefined>(ctx, 'ops', undefined);
        if (matrix === undefined || ops === undefined) return undefined;
        try {
            pruneNb101Cell({ matrix, ops });
        } catch (e) {
            if (!(e instanceof Nb101CellError)) throw e;
            ctx.r.error(pick(ctx, 'matrix')?.node ?? ctx.anchor, `bad NB101 cell: ${e.message}`);
            return undefined;
        }
        return {
            family: 'nb101',
            matrix,
            ops,
            classes: valueOr(ctx, 'classes', NB101_DEFAULTS.classes),
            imageSize: valueOr(ctx, 'image_size', NB101_DEFAULTS.imageSize),
            stemChannels: valueOr(ctx, 'stem_channels', NB101_DEFAULTS.stemChannels),
            stacks: valueOr(ctx, 'stacks', NB101_DEFAULTS.stacks),
            cellsPerStack: valueOr(ctx, 'cells_per_stack', NB101_DEFAULTS.cellsPerStack),
        };
    },
};
