// The per-layer gradient profile behind window calibration: for each weight layer, its depth bin
// and the mean over its weights of log sqrt(Var_i(|g_w|)).
import type { ProbeResult } from './proxyDef';

/** Per-layer mean log std (layers with no varying weight are skipped). */
export function layerLogStds(probe: ProbeResult): { bin: number; value: number }[] {
    const stats = probe.gradStats!;
    return probe.layers.weights.flatMap((layer, k) =>
        stats.logStdCount[k] > 0
            ? [{ bin: layer.bin, value: stats.logStdSum[k] / stats.logStdCount[k] }]
            : [],
    );
}
