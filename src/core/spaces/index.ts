// Dispatches a spec to its family's builder, and measures params and FLOPs (MACs per sample).
import { importOnnx, readOnnxFile } from '../frontends/onnxImport';
import { countMacs, countParams } from '../ir/costs';
import { GenotypeError } from '../spec/dartsGenotype';
import { Nb101CellError } from '../spec/nb101Cell';
import type { ArchitectureSpec, OnnxSpec } from '../spec/spec';
import { buildAutoformer } from './autoformer';
import { buildGraph } from './graph';
import { graphCost } from './graphCost';
import type { BuildOptions, BuiltModel } from './built';
import { buildLayerList } from './layerList';
import { buildNb201 } from './nb201';
import { buildNb101 } from './nb101';
import { DartsShapeError, buildDarts } from './darts';
import { buildDartsSupernet } from './dartsSupernet';

export type { BuildOptions, BuiltModel } from './built';

/** Thrown when a spec cannot become a graph; the message says why in the user's terms. */
export class SpecBuildError extends Error {}

function buildOnnx(spec: OnnxSpec, opts: BuildOptions): BuiltModel {
    const imported = importOnnx(readOnnxFile(spec.path), {
        keepWeights: spec.keepWeights,
        fileName: spec.path,
        batchSize: opts.batch,
        weightsAsInputs: spec.weightsAsInputs,
        normsAsIdentity: opts.withoutNorms,
        // Why: each mini-batch of the probe needs its own batch statistics, as our own builders do.
        ghostGroups: opts.ghostGroups,
    });
    const errors = imported.diagnostics.filter((d) => d.severity === 'error');
    if (!imported.graph || errors.length > 0)
        throw new SpecBuildError(errors.map((d) => d.message).join('; '));
    const [input] = imported.inputs;
    const logits = imported.logits;
    if (!input || !logits || logits.shape.length !== 2) {
        throw new SpecBuildError(
            `${spec.path}: expected one image input and [batch, classes] logits`,
        );
    }
    const warnings = imported.evalModeWarning ? [imported.evalModeWarning] : [];
    return { graph: imported.graph, input, logits, classes: logits.shape[1], warnings };
}

/** Turns a cell's validation error into a SpecBuildError (a message for the user, not a crash). */
function wrapSpecErrors(build: () => BuiltModel): BuiltModel {
    try {
        return build();
    } catch (e) {
        if (
            e instanceof Nb101CellError ||
            e instanceof GenotypeError ||
            e instanceof DartsShapeError
        )
            throw new SpecBuildError(e.message);
        throw e;
    }
}

export function buildModel(spec: ArchitectureSpec, opts: BuildOptions): BuiltModel {
    switch (spec.family) {
        case 'nb201':
            return buildNb201(spec, opts);
        case 'nb101':
            return wrapSpecErrors(() => buildNb101(spec, opts));
        case 'darts':
            return wrapSpecErrors(() => buildDarts(spec, opts));
        case 'darts-supernet':
            return wrapSpecErrors(() => buildDartsSupernet(spec, opts));
        case 'autoformer':
            return buildAutoformer(spec, opts);
        case 'layers':
            return buildLayerList(spec, opts);
        case 'onnx':
            return buildOnnx(spec, opts);
        case 'graph':
            return buildGraph(spec, opts);
        case 'pytorch':
            // Why: only the host may run the user's Python; it replaces these with OnnxSpecs first.
            throw new SpecBuildError(
                `${spec.name}: needs tracing with Python first (${spec.staticReason})`,
            );
    }
}

export interface ModelCost {
    readonly params: number;
    /** Multiply-accumulates of conv/linear/matmul for one sample. */
    readonly flops: number;
}

export function modelCost(spec: ArchitectureSpec): ModelCost {
    if (spec.family === 'graph') return graphCost(spec); // Counted off the spec: no graph needed.
    const built = buildModel(spec, { batch: 1 });
    return {
        params: countParams(built.graph),
        flops: countMacs(built.graph, built.input.shape[0]),
    };
}
