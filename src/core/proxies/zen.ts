// `zen` (Zen-NAS, ICCV 2021) = log(E_batch Σ|f(x) - f(x + 0.01 ε)|) + Σ_BN log √(mean_c σ²_c), with
// f the pre-GAP feature map, Gaussian weights and inputs; σ²_c the batch variance of the clean pass.
import type { ProxyDef } from './proxyDef';

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
        return Math.log(difference) + bnVariances.reduce((s, v) => s + 0.5 * Math.log(v), 0);
    },
};
