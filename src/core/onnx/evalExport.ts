// Recognises eval-mode exports, whose proxies are not comparable with a training-mode export of the
// same network: inference-mode BatchNormalization (the importer converts it to training mode) and
// BatchNorm folded into the convolutions (which cannot be undone, so the import warns).
import type { GraphProto, NodeProto } from './proto';

/** Whether a BatchNormalization node runs in training mode (batch statistics) as exported. */
export function isTrainingBatchNorm(n: NodeProto, opset: number): boolean {
    // Why: BN-9 (read at opset 13) has no training_mode; extra outputs mean training.
    // Only this attribute is read: a malformed other attribute is reported when the node imports.
    const outputs = n.output.filter((o) => o).length;
    const mode = n.attribute.find((a) => a.name === 'training_mode');
    return (mode !== undefined && Number(mode.i) === 1) || (opset < 14 && outputs > 1);
}

const NORMS = new Set([
    'BatchNormalization',
    'LayerNormalization',
    'InstanceNormalization',
    'GroupNormalization',
]);

/** Names PyTorch's exporter makes for tensors it computed itself, e.g. a conv weight with BN folded in. */
const EXPORTER_MADE = /^onnx::Conv_\d+$/;

/** A Dropout that was exported with its training_mode input: the file was exported in training mode. */
const isTrainingDropout = (n: NodeProto) => n.opType === 'Dropout' && (n.input[2] ?? '') !== '';

export const NOT_COMPARABLE = 'scores are not comparable with training-mode exports';

/**
 * At most one warning per model about eval-mode traces. Inference-mode BatchNormalization is named
 * (it is imported in training mode). Folded BatchNorm: convs whose weights carry exporter-made
 * names while the other parameters keep module names (PyTorch's eval export computes those weights
 * as W·γ/σ), else a graph with no normalisation, no training-mode node and a bias on every conv.
 */
export function evalExportWarning(g: GraphProto, opset: number): string | undefined {
    const inference = g.node.filter(
        (n) => n.opType === 'BatchNormalization' && !isTrainingBatchNorm(n, opset),
    );
    if (inference.length > 0) {
        return (
            `${inference.length} BatchNormalization node${inference.length === 1 ? ' is' : 's are'} in inference mode ` +
            `(an eval-mode export): imported in training mode with the statistics of each mini-batch; ` +
            `the running statistics are unused, as in PyTorch's train mode`
        );
    }
    if (g.node.some((n) => NORMS.has(n.opType) || isTrainingDropout(n))) return undefined;
    const convs = g.node.filter((n) => n.opType === 'Conv');
    if (convs.length === 0 || !convs.every((n) => (n.input[2] ?? '') !== '')) return undefined;
    const folded = convs.filter((n) => EXPORTER_MADE.test(n.input[1]));
    const initializers = new Set(g.initializer.map((t) => t.name));
    const hasModuleNames = g.initializer.some((t) => !t.name.startsWith('onnx::'));
    if (folded.length > 0 && hasModuleNames && folded.every((n) => initializers.has(n.input[1]))) {
        return (
            `this file looks like an eval-mode export: ${folded.length} of ${convs.length} convs carry folded BatchNorm ` +
            `(weights with exporter-made names such as '${folded[0].input[1]}', not module names); ${NOT_COMPARABLE}`
        );
    }
    return `this file looks like an eval-mode export (no normalisation layer and a bias on every conv, as when BatchNorm is folded into the convs); ${NOT_COMPARABLE}`;
}
