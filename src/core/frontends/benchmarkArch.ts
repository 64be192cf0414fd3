// One benchmark arch cell as a spec body: an NB201 cell string, or an AutoFormer config given as a
// JSON object (JSON lines) or as JSON text (a CSV cell); errors land inside the cell.
import { readLevel } from './archFields';
import { checkCandidateLevels, type SpecBody } from './archFamily';
import { AUTOFORMER_CONFIG } from './autoformerFields';
import type { BenchmarkCell } from './benchmarkRows';
import { JsonSyntaxError, parseJsonTree } from './jsonTree';
import { cellField } from './nb201Fields';
import type { Reporter } from './reporter';
import { describeNode, type MapNode, type TreeNode } from './sourceTree';

/** The NB201 spec fields a benchmark fixes for all its rows (from the dataset option). */
export type Nb201Skeleton = Omit<Extract<SpecBody, { family: 'nb201' }>, 'cell'>;

/** True for an absent value: null or blank text. */
export function isEmpty(node: TreeNode): boolean {
    return (
        node.kind === 'scalar' &&
        (node.value === null || (typeof node.value === 'string' && node.value.trim() === ''))
    );
}

/** The spec body of one arch cell: an NB201 cell string, or an AutoFormer config (object or JSON text). */
export function readArch(cell: BenchmarkCell, nb201: Nb201Skeleton): SpecBody | undefined {
    const { node, r } = cell;
    if (node.kind === 'map') return readAutoformerConfig(node, r);
    const value = node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
    const trimmed = value?.trim() ?? '';
    const lead = value === undefined ? 0 : value.length - value.trimStart().length;
    const aligned = value !== undefined && node.end - node.start === value.length;
    const inner: TreeNode = aligned
        ? {
              kind: 'scalar',
              value: trimmed,
              start: node.start + lead,
              end: node.start + lead + trimmed.length,
          }
        : { ...node, kind: 'scalar', value: trimmed };
    if (trimmed.startsWith('|')) {
        const cellString = cellField(inner, r, 'arch');
        return cellString === undefined ? undefined : { ...nb201, cell: cellString };
    }
    if (trimmed.startsWith('{')) {
        const jr = aligned
            ? r.embedded((offset) => inner.start + offset)
            : r.embedded(() => node.start);
        try {
            const tree = parseJsonTree(trimmed);
            if (tree.kind === 'map') return readAutoformerConfig(tree, jr);
            return jr.fail(tree, `an AutoFormer config must be a JSON object`);
        } catch (e) {
            if (!(e instanceof JsonSyntaxError)) throw e;
            return jr.fail(
                { start: e.offset, end: Math.min(trimmed.length, e.offset + 1) },
                `JSON: ${e.message}`,
            );
        }
    }
    r.error(
        node,
        `expected an NB201 cell string (|op~0|+...) or an AutoFormer config {"embed_dim": ...}, not ${describeNode(node)}`,
    );
    return undefined;
}

function readAutoformerConfig(map: MapNode, r: Reporter): SpecBody | undefined {
    const errorsBefore = r.errorCount;
    const level = readLevel(map, AUTOFORMER_CONFIG.fields, r, [], 'in an AutoFormer config');
    const ctx = { levels: [level], anchor: map, r, file: r.file };
    const body = checkCandidateLevels(AUTOFORMER_CONFIG, ctx)
        ? AUTOFORMER_CONFIG.build(ctx)
        : undefined;
    return r.errorCount === errorsBefore ? body : undefined;
}
