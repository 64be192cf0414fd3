// Builds the IR from an ONNX graph, node by node: inputs, initialisers as parameters or constants,
// op rewrites (GELU fusion, training BatchNormalization, Dropout) and the graph outputs.
// Invariant: a failing node is reported once and poisons only what depends on it.
import { GraphBuilder } from '../ir/builder';
import type { Graph, ParamInit, Value } from '../ir/graph';
import {
    type DType,
    type Shape,
    type TensorData,
    dtypeFromOnnx,
    isFloat,
    sizeOf,
    toNumbers,
} from '../ir/tensor';
import { evalExportWarning } from './evalExport';
import { decodeAttrs } from './importAttrs';
import { type GeluMatch, findGelus } from './importGelu';
import { pytorchDefaultInits } from './importInit';
import { lowerNode } from './importNode';
import type { GraphProto, NodeProto, TensorProto, ValueInfoProto } from './proto';
import { MAX_TENSOR_ELEMENTS, decodeTensor, tensorHeader } from './tensorProto';

export interface ImportDiagnostic {
    readonly severity: 'error' | 'warning';
    readonly message: string;
    /** The ONNX node's name, when the problem is at a node. */
    readonly node?: string;
    readonly nodeIndex?: number;
    readonly op?: string;
}

/** Where an imported value came from in the ONNX file. */
export interface ImportSource {
    readonly node: string;
    readonly nodeIndex: number;
    readonly op: string;
    /** Names of every ONNX node a fused pattern (GELU) replaced, in file order. */
    readonly fused?: readonly string[];
}

export interface ImportGraphOptions {
    readonly opset: number;
    readonly keepWeights: boolean;
    readonly batchSize: number;
    /** Graph inputs after the first are value-less weights (a trace exported without them). */
    readonly weightsAsInputs?: boolean;
    /** Import normalisation layers as the identity (synflow's data-free pass). */
    readonly normsAsIdentity?: boolean;
    /** Batch-statistics groups of training-mode BatchNormalization (ghost batches); default 1. */
    readonly ghostGroups?: number;
    readonly diagnostics: ImportDiagnostic[];
}

/** Why a name has no value: a reason to report, or '' when an earlier failure was reported. */
type Unavailable = Map<string, string>;

export function importGraph(
    graph: Graph,
    g: GraphProto,
    opts: ImportGraphOptions,
): { sources: Map<Value, ImportSource>; evalModeWarning?: string } {
    return new GraphImporter(graph, g, opts).run();
}

class GraphImporter {
    private readonly b: GraphBuilder;
    private readonly values = new Map<string, Value>();
    private readonly unavailable: Unavailable = new Map();
    private readonly sources = new Map<Value, ImportSource>();
    private readonly consumers = new Map<string, number[]>();
    private readonly producers = new Map<string, number>();
    private readonly initializers = new Map<string, TensorProto>();
    /** Weights given as graph inputs (weightsAsInputs), by name. */
    private readonly weightInputs = new Map<string, { dtype: DType; shape: number[] }>();

    constructor(
        graph: Graph,
        private readonly g: GraphProto,
        private readonly opts: ImportGraphOptions,
    ) {
        this.b = new GraphBuilder(graph);
        for (const t of g.initializer) this.initializers.set(t.name, t);
        g.node.forEach((n, i) => {
            for (const x of n.input.filter((name) => name)) {
                const list = this.consumers.get(x) ?? [];
                list.push(i);
                this.consumers.set(x, list);
            }
            for (const o of n.output) if (o) this.producers.set(o, i);
        });
    }

    run(): { sources: Map<Value, ImportSource>; evalModeWarning?: string } {
        // Why not for weights given as inputs: those files are our own tracer's training-mode
        // exports, and a network without normalisation would only look like a folded one.
        const evalModeWarning = this.opts.weightsAsInputs
            ? undefined
            : evalExportWarning(this.g, this.opts.opset);
        if (evalModeWarning) this.report('warning', evalModeWarning);
        this.importInputs();
        this.importInitializers();
        const gelus = findGelus({
            nodes: this.g.node,
            scalarOf: (name) => this.scalarOf(name),
            readers: (name) =>
                (this.consumers.get(name)?.length ?? 0) +
                this.g.output.filter((o) => o.name === name).length,
            consumers: (name) => this.consumers.get(name) ?? [],
            producer: (name) => this.producers.get(name),
        });
        const geluAt = new Map(gelus.map((m) => [m.last, m]));
        const fused = new Set(gelus.flatMap((m) => m.nodes.filter((k) => k !== m.last)));
        this.g.node.forEach((n, i) => {
            if (!fused.has(i)) this.importNode(n, i, geluAt.get(i));
        });
        this.importOutputs();
        return { sources: this.sources, evalModeWarning };
    }

    private report(
        severity: ImportDiagnostic['severity'],
        message: string,
        n?: NodeProto,
        index?: number,
    ): void {
        const at = n ? { node: n.name, nodeIndex: index, op: n.opType } : {};
        const where = n ? ` (node '${n.name}' #${index}, ${n.opType})` : '';
        this.opts.diagnostics.push({ severity, message: `${message}${where}`, ...at });
    }

    private importInputs(): void {
        let isFirst = true;
        for (const vi of this.g.input) {
            // Why: files of IR version < 4 list the weights among the inputs too.
            if (this.initializers.has(vi.name)) continue;
            const type = this.inputType(vi);
            const isWeight = (this.opts.weightsAsInputs ?? false) && !isFirst;
            isFirst = false;
            if (typeof type === 'string') {
                this.report('error', type);
                this.unavailable.set(vi.name, '');
            } else if (isWeight && isFloat(type.dtype) && type.shape.length > 0) {
                this.weightInputs.set(vi.name, type);
            } else if (isWeight) {
                this.report(
                    'error',
                    `graph input '${vi.name}' is not a float tensor, so not a weight`,
                );
                this.unavailable.set(vi.name, '');
            } else {
                this.values.set(vi.name, this.b.input(vi.name, type.dtype, type.shape));
            }
        }
    }

    private inputType(vi: ValueInfoProto): { dtype: DType; shape: number[] } | string {
        const t = vi.type?.value;
        if (t?.case !== 'tensorType') return `graph input '${vi.name}' is not a tensor`;
        const dtype = dtypeFromOnnx(t.value.elemType);
        if (!dtype)
            return `graph input '${vi.name}' has unsupported element type ${t.value.elemType}`;
        if (!t.value.shape) return `graph input '${vi.name}' has no shape`;
        const shape: number[] = [];
        for (const [k, d] of t.value.shape.dim.entries()) {
            if (d.value.case === 'dimValue' && d.value.value >= 0n)
                shape.push(Number(d.value.value));
            else if (k === 0) shape.push(this.opts.batchSize);
            else {
                const label =
                    d.value.case === 'dimParam' ? `'${d.value.value}'` : 'an unknown size';
                return (
                    `graph input '${vi.name}' has ${label} at axis ${k}: ` +
                    'only the first (batch) axis may be dynamic'
                );
            }
        }
        if (sizeOf(shape) > MAX_TENSOR_ELEMENTS) {
            return `graph input '${vi.name}' has shape [${shape.join(', ')}]: over ${MAX_TENSOR_ELEMENTS} elements`;
        }
        return { dtype, shape };
    }

    /**
     * Float initialisers read by nodes become parameters; integer ones, rank-0 ones and BN running
     * statistics become constants (so shape arithmetic folds). Unread initialisers are skipped.
     */
    private importInitializers(): void {
        const statOnly = new Set<string>();
        const weightUse = new Set<string>();
        for (const n of this.g.node) {
            n.input.forEach((x, k) => {
                if (n.opType === 'BatchNormalization' && k >= 3) statOnly.add(x);
                else weightUse.add(x);
            });
        }
        // Why headers first: a parameter that gets a PyTorch-default initialiser (keepWeights off)
        // never needs its data, so it is never copied out of the file (vgg11: 531 MB).
        const headers = new Map<string, Pick<TensorData, 'dtype' | 'shape'>>();
        for (const t of this.g.initializer) {
            if (!weightUse.has(t.name) && !statOnly.has(t.name)) continue;
            try {
                headers.set(t.name, tensorHeader(t));
            } catch (e) {
                this.reportInitializer(t.name, e);
            }
        }
        const isParam = (name: string, t: Pick<TensorData, 'dtype' | 'shape'>) =>
            isFloat(t.dtype) && t.shape.length > 0 && weightUse.has(name);
        const shapes = new Map<string, Shape>();
        for (const [name, t] of headers) if (isParam(name, t)) shapes.set(name, t.shape);
        for (const [name, t] of this.weightInputs) shapes.set(name, t.shape);
        const defaults =
            this.opts.keepWeights && this.weightInputs.size === 0
                ? new Map<string, ParamInit>()
                : pytorchDefaultInits(this.g.node, shapes);
        for (const [name, t] of this.weightInputs) {
            // Why N(0, 0.02) for a weight of no known role (a class token, a position table): it
            // has no values to keep, and that is what ViT-style models draw; custom init code is
            // not reproduced.
            const init = defaults.get(name) ?? { kind: 'normal', mean: 0, std: 0.02 };
            this.values.set(name, this.b.param(name, t.dtype, t.shape, init));
        }
        for (const [name, t] of headers) {
            const init = isParam(name, t) ? defaults.get(name) : undefined;
            let data: TensorData | undefined;
            try {
                data = init ? undefined : decodeTensor(this.initializers.get(name)!);
            } catch (e) {
                this.reportInitializer(name, e);
                continue;
            }
            const v = isParam(name, t)
                ? this.b.param(name, t.dtype, t.shape, init ?? { kind: 'given', data: data! })
                : this.b.constant(data!, name);
            this.values.set(name, v);
        }
    }

    private reportInitializer(name: string, e: unknown): void {
        this.report(
            'error',
            `initializer '${name}': ${e instanceof Error ? e.message : String(e)}`,
        );
        this.unavailable.set(name, '');
    }

    /** The value of a one-element float initialiser or Constant node, for pattern matching. */
    private scalarOf(name: string): number | undefined {
        const fromTensor = (t: TensorData | undefined) =>
            t && isFloat(t.dtype) && sizeOf(t.shape) === 1 ? toNumbers(t)[0] : undefined;
        try {
            const init = this.initializers.get(name);
            if (init) return fromTensor(decodeTensor(init));
            const p = this.producers.get(name);
            const n = p === undefined ? undefined : this.g.node[p];
            if (n?.opType !== 'Constant') return undefined;
            const attrs = decodeAttrs(n.attribute);
            if (attrs.value?.kind === 'tensor') return fromTensor(attrs.value.value);
            return attrs.value_float?.kind === 'float' ? attrs.value_float.value : undefined;
        } catch {
            return undefined;
        }
    }

    private importNode(n: NodeProto, index: number, gelu: GeluMatch | undefined): void {
        const poison = (reason: string) =>
            n.output.forEach((o) => o && this.unavailable.set(o, reason));
        const needed = gelu ? [gelu.x] : n.input;
        const inputs: (Value | null)[] = [];
        for (const name of needed) {
            if (!name) {
                inputs.push(null);
                continue;
            }
            const v = this.values.get(name);
            if (v) {
                inputs.push(v);
                continue;
            }
            const reason = this.unavailable.get(name);
            if (reason === undefined)
                this.report('error', `input '${name}' is not defined before this node`, n, index);
            else if (reason) this.report('error', `input '${name}': ${reason}`, n, index);
            return poison('');
        }
        const before = this.b.graph.nodes.length;
        let results: Value[];
        try {
            results = gelu
                ? [this.b.op('Gelu', inputs, {}, { name: gelu.output })]
                : lowerNode(this.b, n, inputs, {
                      opset: this.opts.opset,
                      normsAsIdentity: this.opts.normsAsIdentity ?? false,
                      ghostGroups: this.opts.ghostGroups ?? 1,
                      warn: (message) => this.report('warning', message, n, index),
                  });
        } catch (e) {
            this.report('error', withoutBuilderPrefix(e, n.output[0]), n, index);
            return poison('');
        }
        const source: ImportSource = gelu
            ? {
                  node: n.name,
                  nodeIndex: index,
                  op: 'Gelu',
                  fused: gelu.nodes.map((k) => this.g.node[k].name),
              }
            : { node: n.name, nodeIndex: index, op: n.opType };
        for (const node of this.b.graph.nodes.slice(before))
            for (const o of node.outputs) this.sources.set(o, source);
        n.output.forEach((o, k) => {
            if (!o) return;
            const v = results[k];
            if (v) {
                this.values.set(o, v);
                this.sources.set(v, source);
            } else {
                this.unavailable.set(
                    o,
                    `output ${k} of ${n.opType} '${n.name}' is not supported by the importer`,
                );
            }
        });
    }

    private importOutputs(): void {
        for (const vi of this.g.output) {
            const v = this.values.get(vi.name);
            if (!v) {
                const reason = this.unavailable.get(vi.name);
                if (reason === undefined)
                    this.report('error', `graph output '${vi.name}' is not produced by any node`);
                else if (reason) this.report('error', `graph output '${vi.name}': ${reason}`);
                continue;
            }
            this.output(v, vi.name);
        }
    }

    /** Marks `v` as an output, under its ONNX name when that name is still free. */
    private output(v: Value, name: string): void {
        try {
            this.b.output(v, name);
        } catch {
            // Why: a generated value took the name; prune drops the stray Identity.
            this.b.output(v);
        }
    }
}

/** The message without the builder's generated node name: reports name the ONNX node. */
function withoutBuilderPrefix(e: unknown, firstOutput: string | undefined): string {
    const message = e instanceof Error ? e.message : String(e);
    const prefix = `${firstOutput ?? ''}_node`;
    if (!firstOutput || !message.startsWith(prefix)) return message;
    return message.slice(prefix.length).replace(/^(_\d+)?: /, '');
}
