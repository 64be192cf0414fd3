// Expands nodes of our composite domain into plain ONNX ops for export. Each expansion is built in
// a scratch graph whose inputs carry the real input names; its other values get the composite
// node's name as a prefix, so they cannot collide with the graph's own names.
import { getFloat, getInt } from '../ir/attrs';
import { GraphBuilder } from '../ir/builder';
import type { Graph, Node, Value } from '../ir/graph';
import { lowerBatchNormTraining } from '../ir/layers';
import { COMPOSITE_DOMAIN } from '../ir/ops/composite';
import type { TensorData } from '../ir/tensor';

type Lowering = (b: GraphBuilder, node: Node, inputs: Value[]) => Value[];

const LOWERINGS: Readonly<Record<string, Lowering>> = {
    BatchNormTraining: (b, node, [x, scale, bias]) =>
        lowerBatchNormTraining(
            b,
            x,
            scale,
            bias,
            getFloat(node.attrs, 'epsilon'),
            getInt(node.attrs, 'groups', 1),
        ),
};

export interface LoweredGraph {
    readonly nodes: Node[];
    readonly constants: Map<Value, TensorData>;
}

/** The graph's nodes and constants with every composite node expanded (others unchanged). */
export function lowerComposites(graph: Graph): LoweredGraph {
    const nodes: Node[] = [];
    const constants = new Map(graph.constants);
    for (const node of graph.nodes) {
        if (node.domain !== COMPOSITE_DOMAIN) {
            nodes.push(node);
            continue;
        }
        const lowering = LOWERINGS[node.op];
        if (!lowering) throw new Error(`no lowering for composite op '${node.op}'`);
        const scratch = new GraphBuilder();
        const inputs = node.inputs.map((v) => scratch.input(v!.name, v!.dtype, v!.shape));
        const outputs = lowering(scratch, node, inputs);
        // Name map: scratch inputs keep their names, results take the composite's output names.
        const rename = new Map<Value, Value>(inputs.map((v, i) => [v, node.inputs[i]!]));
        outputs.forEach((v, i) => rename.set(v, node.outputs[i]));
        const prefixed = (v: Value): Value => {
            const known = rename.get(v);
            if (known) return known;
            const fresh = { ...v, name: `${node.name}/${v.name}` };
            rename.set(v, fresh);
            return fresh;
        };
        for (const [v, t] of scratch.graph.constants) constants.set(prefixed(v), t);
        for (const n of scratch.graph.nodes) {
            nodes.push({
                ...n,
                name: `${node.name}/${n.name}`,
                inputs: n.inputs.map((v) => (v ? prefixed(v) : null)),
                outputs: n.outputs.map(prefixed),
            });
        }
    }
    return { nodes, constants };
}
