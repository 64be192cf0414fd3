// The darts family in architecture files: a genotype in DARTS' own notation plus the evaluation
// network's width and depth (NB301's C = 32 and 8 cells by default).
import { DARTS_DEFAULTS } from '../spec/defaults';
import { GenotypeTextError, parseGenotype } from '../spec/genotypeText';
import type { DartsGenotype } from '../spec/dartsGenotype';
import { ARCH_LIMITS } from './archLimits';
import { intField, type FieldReader } from './archFields';
import { valueOr, type FamilyDef } from './archFamily';
import { describeNode } from './sourceTree';

/** A `Genotype(normal=[...], ...)` string; a bad part is reported at its own characters when plain. */
export const genotypeField: FieldReader<DartsGenotype> = (node, r, key) => {
    if (node.kind !== 'scalar' || typeof node.value !== 'string')
        return r.fail(
            node,
            `'${key}' must be a DARTS genotype string like "Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])", not ${describeNode(node)}`,
        );
    try {
        return parseGenotype(node.value);
    } catch (e) {
        if (!(e instanceof GenotypeTextError)) throw e;
        const written = node.end - node.start;
        const lead =
            written === node.value.length ? 0 : written === node.value.length + 2 ? 1 : undefined;
        const from = node.start + (lead ?? 0) + e.offset;
        return r.fail(
            lead === undefined ? node : { start: from, end: from + Math.max(1, e.length) },
            `bad DARTS genotype: ${e.message}`,
        );
    }
};

/** FactorizedReduce halves channels and resolution: they must divide evenly. */
function multipleOf(k: number, inner: FieldReader<number>): FieldReader<number> {
    return (node, r, key) => {
        const v = inner(node, r, key);
        if (v === undefined || v % k === 0) return v;
        return r.fail(node, `'${key}' must be a multiple of ${k}, not ${v}`);
    };
}

export const DARTS_FAMILY: FamilyDef = {
    family: 'darts',
    fields: {
        genotype: genotypeField,
        classes: intField(1, ARCH_LIMITS.classes),
        image_size: multipleOf(4, intField(4, ARCH_LIMITS.imageSize)),
        channels: multipleOf(2, intField(2, ARCH_LIMITS.nb201Channels)),
        layers: intField(3, ARCH_LIMITS.cellsPerStage),
    },
    defaultable: ['classes', 'image_size', 'channels', 'layers'],
    required: ['genotype'],
    build(ctx) {
        const genotype = valueOr<DartsGenotype | undefined>(ctx, 'genotype', undefined);
        if (genotype === undefined) return undefined;
        return {
            family: 'darts',
            genotype,
            classes: valueOr(ctx, 'classes', DARTS_DEFAULTS.classes),
            imageSize: valueOr(ctx, 'image_size', DARTS_DEFAULTS.imageSize),
            channels: valueOr(ctx, 'channels', DARTS_DEFAULTS.channels),
            layers: valueOr(ctx, 'layers', DARTS_DEFAULTS.layers),
        };
    },
};
