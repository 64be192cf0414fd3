// The graph IR: values with static shapes, ONNX-style nodes in topological order, parameters.
// Invariant: nodes are appended only after all their inputs exist, so `nodes` is topologically sorted.
import type { Attrs } from './attrs';
import { type DType, type Shape, type TensorData, formatShape } from './tensor';

export type ValueKind = 'input' | 'param' | 'constant' | 'node';

/** A tensor-valued edge of the graph. Identity is by object; `name` is unique within its graph. */
export interface Value {
    readonly name: string;
    readonly dtype: DType;
    readonly shape: Shape;
    readonly kind: ValueKind;
}

export interface Node {
    readonly op: string;
    /** '' is the default ONNX domain; 'com.microsoft' for onnxruntime contrib ops. */
    readonly domain: string;
    readonly name: string;
    /** null marks an omitted optional input. */
    readonly inputs: readonly (Value | null)[];
    readonly outputs: readonly Value[];
    readonly attrs: Attrs;
}

/** How a parameter is initialised when the caller does not supply its values. */
export type ParamInit =
    | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
    | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
    | { readonly kind: 'truncatedNormal'; readonly std: number; readonly bound: number }
    | { readonly kind: 'constant'; readonly value: number }
    | { readonly kind: 'given'; readonly data: TensorData };

export interface Param {
    readonly value: Value;
    readonly init: ParamInit;
}

export class Graph {
    readonly nodes: Node[] = [];
    readonly inputs: Value[] = [];
    readonly params: Param[] = [];
    readonly constants = new Map<Value, TensorData>();
    readonly outputs: Value[] = [];
    private readonly producers = new Map<Value, Node>();
    private readonly names = new Set<string>();
    private counter = 0;

    constructor(readonly name = 'graph') {}

    /** Returns `base` if unused, else `base_<k>`; reserves the result. */
    uniqueName(base: string): string {
        let name = base;
        while (this.names.has(name)) name = `${base}_${++this.counter}`;
        this.names.add(name);
        return name;
    }

    newValue(base: string, dtype: DType, shape: Shape, kind: ValueKind): Value {
        return { name: this.uniqueName(base), dtype, shape: [...shape], kind };
    }

    addNode(node: Node): void {
        for (const out of node.outputs) this.producers.set(out, node);
        this.nodes.push(node);
    }

    producer(v: Value): Node | undefined {
        return this.producers.get(v);
    }

    constantOf(v: Value): TensorData | undefined {
        return this.constants.get(v);
    }

    paramOf(v: Value): Param | undefined {
        return this.params.find((p) => p.value === v);
    }

    /** Every value that a node, an output or the interface refers to. */
    allValues(): Value[] {
        const seen = new Set<Value>([...this.inputs, ...this.params.map((p) => p.value)]);
        for (const c of this.constants.keys()) seen.add(c);
        for (const n of this.nodes) {
            for (const i of n.inputs) if (i) seen.add(i);
            for (const o of n.outputs) seen.add(o);
        }
        return [...seen];
    }

    /**
     * Drops nodes, constants and parameters that no output depends on.
     * Why: autodiff and folding leave dead branches that would otherwise be exported and run.
     */
    prune(): void {
        const live = new Set<Value>(this.outputs);
        const keep: Node[] = [];
        for (let i = this.nodes.length - 1; i >= 0; i--) {
            const n = this.nodes[i];
            if (!n.outputs.some((o) => live.has(o))) continue;
            keep.push(n);
            for (const x of n.inputs) if (x) live.add(x);
        }
        keep.reverse();
        this.nodes.splice(0, this.nodes.length, ...keep);
        for (const c of [...this.constants.keys()]) if (!live.has(c)) this.constants.delete(c);
        const params = this.params.filter((p) => live.has(p.value));
        this.params.splice(0, this.params.length, ...params);
    }

    describe(v: Value): string {
        return `${v.name}: ${v.dtype}${formatShape(v.shape)}`;
    }
}
