// `zen` (Zen-NAS, ICCV 2021) = log(E_batch Σ|f(x) - f(x + 0.01 ε)|) + Σ_BN log √(mean_c σ²_c), with
// f the pre-GAP feature map, Gaussian weights and inputs; σ²_c the batch variance of the clean pass
// (BatchNorm layers whose input is constant add 0).
import type { ProxyDef } from './proxyDef';

/**
 * Variances below this are a BatchNorm on a dead path (an NB201 conv fed only by `none`), read
 * back from 1/rstd² - ε as ±1e-12 rounding: such a layer adds 0, not log 0 (as elsewhere).
 */
const DEAD_VARIANCE = 1e-8;

export const zen: ProxyDef = {
    id: 'zen',
    label: 'Zen-NAS',
    needs: { zenPass: true },
    score: (p) => {
        if (!p.zen) return { error: 'Zen-NAS pass did not run' };
        const { difference, bnVariances } = p.zen;
        if (!(difference > 0))
            return {
                error: 'the pre-GAP feature map does not change under the input perturbation',
            };
        return (
            Math.log(difference) +
            bnVariances.reduce((s, v) => s + (v > DEAD_VARIANCE ? 0.5 * Math.log(v) : 0), 0)
        );
    },
};
