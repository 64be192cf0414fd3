// Model size and cost read off the graph: parameter count and multiply-accumulates per sample.
import { getInt } from './attrs';
import type { Graph } from './graph';
import { sizeOf } from './tensor';

/** Every parameter element (weights, biases, norm parameters, embeddings). */
export function countParams(graph: Graph): number {
    return graph.params.reduce((n, p) => n + sizeOf(p.value.shape), 0);
}

/**
 * Multiply-accumulates of Conv, ConvTranspose, Gemm and MatMul nodes (including activation-by-
 * activation products such as attention), divided by the batch size: the cost of one sample.
 */
export function countMacs(graph: Pick<Graph, 'nodes'>, batch: number): number {
    let macs = 0;
    for (const n of graph.nodes) {
        const out = n.outputs[0];
        switch (n.op) {
            case 'Conv': {
                const w = n.inputs[1]!;
                macs += sizeOf(out.shape) * sizeOf(w.shape.slice(1));
                break;
            }
            case 'ConvTranspose': {
                const [x, w] = [n.inputs[0]!, n.inputs[1]!];
                macs += sizeOf(x.shape) * sizeOf(w.shape.slice(1));
                break;
            }
            case 'Gemm': {
                const a = n.inputs[0]!;
                macs +=
                    sizeOf(out.shape) * (getInt(n.attrs, 'transA', 0) ? a.shape[0] : a.shape[1]);
                break;
            }
            case 'MatMul': {
                const a = n.inputs[0]!;
                macs += sizeOf(out.shape) * a.shape[a.shape.length - 1];
                break;
            }
        }
    }
    return macs / batch;
}
