// Appends typed nodes to a Graph: every node is shape-checked on creation and constant inputs fold.
import { type Attrs, int, ints } from './attrs';
import { Graph, type ParamInit, type Value } from './graph';
import { type OpContext, ShapeError } from './opSchema';
import { schemaFor } from './ops/index';
import { type DType, type Shape, type TensorData, sizeOf, tensor } from './tensor';

/** Folding stops above this many elements so constants stay small. */
const MAX_FOLD_ELEMENTS = 1 << 16;
/** A fold whose output outgrows its inputs stops above this many elements. */
const GROWING_FOLD_ELEMENTS = 1 << 10;

export interface NodeOptions {
    readonly outputs?: number;
    readonly domain?: string;
    readonly name?: string;
}

/** An op with no schema, named with the node that used it. */
export class UnsupportedOpError extends Error {
    constructor(
        readonly op: string,
        readonly nodeName: string,
    ) {
        super(`unsupported op '${op}' (node '${nodeName}')`);
    }
}

export class GraphBuilder {
    constructor(readonly graph: Graph = new Graph()) {}

    input(name: string, dtype: DType, shape: Shape): Value {
        const v = this.graph.newValue(name, dtype, shape, 'input');
        this.graph.inputs.push(v);
        return v;
    }

    param(name: string, dtype: DType, shape: Shape, init: ParamInit): Value {
        const v = this.graph.newValue(name, dtype, shape, 'param');
        this.graph.params.push({ value: v, init });
        return v;
    }

    constant(data: TensorData, name = 'const'): Value {
        const v = this.graph.newValue(name, data.dtype, data.shape, 'constant');
        this.graph.constants.set(v, data);
        return v;
    }

    /** A 1-D int64 constant, the form ONNX wants for axes, shapes and pads. */
    ints(values: readonly number[]): Value {
        return this.constant(tensor('int64', [values.length], values), 'ints');
    }

    /** A scalar constant of `like`'s dtype, for broadcasting against it. */
    scalar(value: number, like: Value | DType): Value {
        return this.constant(
            tensor(typeof like === 'string' ? like : like.dtype, [], [value]),
            'scalar',
        );
    }

    /** Marks `v` as a graph output under `name` (adding an Identity when needed). */
    output(v: Value, name?: string): Value {
        const isNodeOutput = this.graph.producer(v) !== undefined;
        const out =
            isNodeOutput && (name === undefined || name === v.name)
                ? v
                : this.op('Identity', [v], {}, { name: name ?? v.name });
        if (name !== undefined && out.name !== name) {
            throw new Error(`output name '${name}' is already taken`);
        }
        this.graph.outputs.push(out);
        return out;
    }

    /** Adds one node and returns its outputs; folds it into constants when it can. */
    node(
        op: string,
        inputs: readonly (Value | null)[],
        attrs: Attrs = {},
        opts: NodeOptions = {},
    ): Value[] {
        const domain = opts.domain ?? '';
        const nodeName = this.graph.uniqueName(opts.name ? `${opts.name}_node` : op);
        const schema = schemaFor(op, domain);
        if (!schema) throw new UnsupportedOpError(op, nodeName);
        const ctx: OpContext = {
            op,
            inputs,
            attrs,
            constant: (i) => (inputs[i] ? this.graph.constantOf(inputs[i]!) : undefined),
        };
        let infos;
        try {
            infos = schema.infer(ctx);
        } catch (e) {
            const msg = e instanceof Error ? e.message : String(e);
            throw new ShapeError(`${nodeName}: ${msg}`);
        }
        const nOut = opts.outputs ?? 1;
        if (nOut > infos.length)
            throw new ShapeError(`${nodeName}: ${op} has ${infos.length} outputs`);
        infos = infos.slice(0, nOut);

        const folded = this.tryFold(schema, ctx, inputs, infos);
        if (folded) return folded.map((t, k) => this.constant(t, k === 0 ? (opts.name ?? op) : op));

        const outputs = infos.map((info, k) =>
            this.graph.newValue(
                k === 0 && opts.name ? opts.name : `${op.toLowerCase()}_out`,
                info.dtype,
                info.shape,
                'node',
            ),
        );
        this.graph.addNode({ op, domain, name: nodeName, inputs: [...inputs], outputs, attrs });
        return outputs;
    }

    /** A single-output node. */
    op(
        op: string,
        inputs: readonly (Value | null)[],
        attrs: Attrs = {},
        opts: NodeOptions = {},
    ): Value {
        return this.node(op, inputs, attrs, opts)[0];
    }

    private tryFold(
        schema: NonNullable<ReturnType<typeof schemaFor>>,
        ctx: OpContext,
        inputs: readonly (Value | null)[],
        infos: readonly { shape: Shape }[],
    ): TensorData[] | undefined {
        if (!schema.fold) return undefined;
        if (infos.some((o) => sizeOf(o.shape) > MAX_FOLD_ELEMENTS)) return undefined;
        if (schema.foldsWithoutData) return schema.fold(ctx, []);
        const values = inputs.map((v) => (v ? this.graph.constantOf(v) : undefined));
        if (values.some((c, i) => inputs[i] && !c)) return undefined;
        // Why: folding an Expand of a scalar (a backward seed) into a full tensor only grows the model.
        const inputElements = values.reduce((n, c) => n + (c ? c.data.length : 0), 0);
        if (infos.some((o) => sizeOf(o.shape) > Math.max(GROWING_FOLD_ELEMENTS, inputElements)))
            return undefined;
        return schema.fold(
            ctx,
            values.filter((c): c is TensorData => c !== undefined),
        );
    }

    // Elementwise.
    add = (a: Value, b: Value) => this.op('Add', [a, b]);
    sub = (a: Value, b: Value) => this.op('Sub', [a, b]);
    mul = (a: Value, b: Value) => this.op('Mul', [a, b]);
    div = (a: Value, b: Value) => this.op('Div', [a, b]);
    pow = (a: Value, b: Value) => this.op('Pow', [a, b]);
    neg = (x: Value) => this.op('Neg', [x]);
    abs = (x: Value) => this.op('Abs', [x]);
    sign = (x: Value) => this.op('Sign', [x]);
    relu = (x: Value) => this.op('Relu', [x]);
    erf = (x: Value) => this.op('Erf', [x]);
    sigmoid = (x: Value) => this.op('Sigmoid', [x]);
    tanh = (x: Value) => this.op('Tanh', [x]);
    exp = (x: Value) => this.op('Exp', [x]);
    log = (x: Value) => this.op('Log', [x]);
    sqrt = (x: Value) => this.op('Sqrt', [x]);
    reciprocal = (x: Value) => this.op('Reciprocal', [x]);
    identity = (x: Value) => this.op('Identity', [x]);
    where = (c: Value, a: Value, b: Value) => this.op('Where', [c, a, b]);
    greater = (a: Value, b: Value) => this.op('Greater', [a, b]);
    cast = (x: Value, to: number) => this.op('Cast', [x], { to: int(to) });
    /** Exact (erf) GELU as the opset-20 op. */
    gelu = (x: Value) => this.op('Gelu', [x]);
    mulScalar = (x: Value, s: number) => this.mul(x, this.scalar(s, x));
    addScalar = (x: Value, s: number) => this.add(x, this.scalar(s, x));

    // Linear algebra.
    matMul = (a: Value, b: Value) => this.op('MatMul', [a, b]);
    gemm = (a: Value, b: Value, c: Value | null, transA = 0, transB = 0) =>
        this.op('Gemm', c ? [a, b, c] : [a, b], { transA: int(transA), transB: int(transB) });

    // Reductions and softmax.
    reduce(op: string, x: Value, axes: readonly number[], keepdims = true): Value {
        return this.op(op, [x, this.ints(axes)], { keepdims: int(keepdims ? 1 : 0) });
    }
    reduceSum = (x: Value, axes: readonly number[], keepdims = true) =>
        this.reduce('ReduceSum', x, axes, keepdims);
    reduceMean = (x: Value, axes: readonly number[], keepdims = true) =>
        this.reduce('ReduceMean', x, axes, keepdims);
    /** Sum of every element, as a 0-d tensor. */
    sumAll = (x: Value) =>
        this.reduceSum(
            x,
            x.shape.map((_, k) => k),
            false,
        );
    softmax = (x: Value, axis = -1) => this.op('Softmax', [x], { axis: int(axis) });
    logSoftmax = (x: Value, axis = -1) => this.op('LogSoftmax', [x], { axis: int(axis) });

    // Shapes.
    reshape = (x: Value, shape: readonly number[]) => this.op('Reshape', [x, this.ints(shape)]);
    transpose = (x: Value, perm: readonly number[]) =>
        this.op('Transpose', [x], { perm: ints(perm) });
    /** Swaps the last two axes (matrix transpose of a batch of matrices). */
    swapLastTwo(x: Value): Value {
        const r = x.shape.length;
        const perm = [...Array(r).keys()];
        [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
        return this.transpose(x, perm);
    }
    concat = (xs: readonly Value[], axis: number) => this.op('Concat', xs, { axis: int(axis) });
    expand = (x: Value, shape: readonly number[]) => this.op('Expand', [x, this.ints(shape)]);
    unsqueeze = (x: Value, axes: readonly number[]) => this.op('Unsqueeze', [x, this.ints(axes)]);
    squeeze = (x: Value, axes: readonly number[]) => this.op('Squeeze', [x, this.ints(axes)]);
    slice = (
        x: Value,
        starts: readonly number[],
        ends: readonly number[],
        axes: readonly number[],
        steps?: readonly number[],
    ) =>
        this.op('Slice', [
            x,
            this.ints(starts),
            this.ints(ends),
            this.ints(axes),
            ...(steps ? [this.ints(steps)] : []),
        ]);
    gather = (x: Value, indices: Value, axis = 0) =>
        this.op('Gather', [x, indices], { axis: int(axis) });
    /** A zero tensor shaped like `v` (as a broadcast scalar, materialised by Expand). */
    zerosLike = (v: Value) => this.zeros(v.shape, v.dtype);
    zeros = (shape: Shape, dtype: DType) => this.expand(this.scalar(0, dtype), shape);
}
