// Imports ONNX model files into the IR, with weights kept or re-initialised PyTorch-style.
// Invariant: importOnnx never throws; each problem becomes a diagnostic naming op, node and index.
import { statSync } from 'node:fs';
import { Graph, type Value } from '../ir/graph';
import { schemaFor } from '../ir/ops/index';
import { type ImportDiagnostic, type ImportSource, importGraph } from '../onnx/importGraph';
import { type ModelProto, ModelProtoSchema, fromBinary } from '../onnx/proto';
import { readRegularFileBounded } from '../util/boundedRead';

export type { ImportDiagnostic, ImportSource } from '../onnx/importGraph';

/** The default-domain opsets the importer reads; older forms are rewritten to the IR's opset 20. */
export const MIN_IMPORT_OPSET = 13;
export const MAX_IMPORT_OPSET = 22;

/** ONNX files larger than this are refused before they are read (protobuf itself stops at 2 GiB). */
export const MAX_ONNX_BYTES = 1024 * 2 ** 20;

/**
 * Reads an ONNX file, refusing one over `maxBytes` (by its size first, then while reading, since a
 * device such as /dev/zero reports size 0) and anything but a regular file (a FIFO would block).
 */
export function readOnnxFile(file: string, maxBytes = MAX_ONNX_BYTES): Uint8Array {
    const { size } = statSync(file);
    if (size > maxBytes) {
        throw new Error(
            `${file}: ${(size / 2 ** 20).toFixed(0)} MiB; ONNX files over ${maxBytes / 2 ** 20} MiB are refused`,
        );
    }
    return readRegularFileBounded(file, maxBytes, 'an ONNX model');
}

export interface ImportOptions {
    /** Keep the file's weights (default) or draw PyTorch-default initialisers instead. */
    readonly keepWeights?: boolean;
    /** Shown in messages and used to name the graph. */
    readonly fileName?: string;
    /** Replaces a symbolic first (batch) dimension of the graph inputs; default 1. */
    readonly batchSize?: number;
    /**
     * The graph inputs after the first are weights without values (a PyTorch trace exported with
     * `export_params=False`, named as the model's parameters): they become parameters,
     * initialised PyTorch-style by the role they play.
     */
    readonly weightsAsInputs?: boolean;
    /** Import BatchNormalization/LayerNormalization as the identity (synflow's data-free pass). */
    readonly normsAsIdentity?: boolean;
    /**
     * Training-mode BatchNormalization takes its statistics per group of batchSize/ghostGroups rows
     * (one group per mini-batch of the probe); default 1 (whole-batch statistics).
     */
    readonly ghostGroups?: number;
}

export interface ImportResult {
    /** Present only when no error diagnostic was reported. */
    readonly graph?: Graph;
    readonly inputs: Value[];
    /** The first float graph output. */
    readonly logits?: Value;
    readonly diagnostics: ImportDiagnostic[];
    /** The ONNX node each imported value came from (node outputs, folded constants, lowerings). */
    readonly sources: Map<Value, ImportSource>;
    /** The model's default-domain opset, when it declares one. */
    readonly opset?: number;
    /** The one warning about eval-mode traces (also among `diagnostics`); scores repeat it. */
    readonly evalModeWarning?: string;
}

/** Ops the importer rewrites itself, beyond the IR's op table. */
const importerOps = new Set(['Dropout']);

/**
 * Reads an ONNX model into the IR (opset-20 semantics). Never throws: unreadable bytes, unsupported
 * ops (all of them, each with node name and index), bad shapes and unsupported opsets come back as
 * error diagnostics, and `graph` is then absent.
 */
export function importOnnx(bytes: Uint8Array, opts: ImportOptions = {}): ImportResult {
    const diagnostics: ImportDiagnostic[] = [];
    try {
        return importModel(bytes, opts, diagnostics);
    } catch (e) {
        diagnostics.push({
            severity: 'error',
            message: `internal error while importing: ${messageOf(e)}`,
        });
        return { inputs: [], diagnostics, sources: new Map() };
    }
}

function importModel(
    bytes: Uint8Array,
    opts: ImportOptions,
    diagnostics: ImportDiagnostic[],
): ImportResult {
    const error = (message: string) => diagnostics.push({ severity: 'error', message });
    const failed = (opset?: number): ImportResult => ({
        inputs: [],
        diagnostics,
        sources: new Map(),
        opset,
    });
    const what = opts.fileName ? `'${opts.fileName}'` : 'the file';

    if (bytes.length > MAX_ONNX_BYTES) {
        error(`${what} is over ${MAX_ONNX_BYTES / 2 ** 20} MiB; ONNX files that large are refused`);
        return failed();
    }
    let model: ModelProto;
    try {
        model = fromBinary(ModelProtoSchema, bytes);
    } catch (e) {
        error(`${what} is not a readable ONNX model (${messageOf(e)})`);
        return failed();
    }
    const g = model.graph;
    if (!g || g.output.length === 0) {
        error(`${what} is not an ONNX model: it has no graph with outputs`);
        return failed();
    }

    const opset = defaultOpset(model);
    if (opset === undefined) {
        error(`${what} declares no default-domain opset (opset_import)`);
    } else if (opset < MIN_IMPORT_OPSET || opset > MAX_IMPORT_OPSET) {
        error(
            `opset ${opset} is not supported: the importer reads opsets ` +
                `${MIN_IMPORT_OPSET} to ${MAX_IMPORT_OPSET}` +
                ` (re-export, e.g. torch.onnx.export(..., opset_version=17))`,
        );
    }

    // One pass over every node, so that all unsupported ops are reported together.
    const unsupported = new Set<number>();
    g.node.forEach((n, i) => {
        const isDefault = n.domain === '' || n.domain === 'ai.onnx';
        if (isDefault && (schemaFor(n.opType) || importerOps.has(n.opType))) return;
        unsupported.add(i);
        const op = isDefault ? `'${n.opType}'` : `'${n.opType}' (domain '${n.domain}')`;
        diagnostics.push({
            severity: 'error',
            message: `unsupported op ${op} at node '${n.name}' (#${i})`,
            node: n.name,
            nodeIndex: i,
            op: n.opType,
        });
    });
    if (opset === undefined || diagnostics.some((d) => d.severity === 'error'))
        return failed(opset);

    const graph = new Graph(graphName(opts.fileName) ?? (g.name || 'onnx'));
    const imported = importGraph(graph, g, {
        opset,
        keepWeights: opts.keepWeights ?? true,
        batchSize: opts.batchSize ?? 1,
        weightsAsInputs: opts.weightsAsInputs,
        normsAsIdentity: opts.normsAsIdentity,
        ghostGroups: opts.ghostGroups ?? 1,
        diagnostics,
    });
    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    if (!hasErrors) graph.prune();
    return {
        graph: hasErrors ? undefined : graph,
        inputs: [...graph.inputs],
        logits: graph.outputs.find((v) => v.dtype === 'float32' || v.dtype === 'float64'),
        diagnostics,
        sources: imported.sources,
        opset,
        ...(imported.evalModeWarning ? { evalModeWarning: imported.evalModeWarning } : {}),
    };
}

function defaultOpset(model: ModelProto): number | undefined {
    const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
    return entry ? Number(entry.version) : undefined;
}

function graphName(fileName: string | undefined): string | undefined {
    if (!fileName) return undefined;
    const base = fileName.split(/[\\/]/).pop() ?? fileName;
    return base.replace(/\.onnx$/i, '') || undefined;
}

function messageOf(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}
