// `swap`: distinct per-unit sign patterns over the first S samples, over every activation layer;
// `reg_swap` = swap · exp(-(P/1000 - mu)² / sigma) when mu and sigma are given.
import { NO_ACTIVATION_LAYERS } from './activations';
import { countDistinct } from './numeric';
import type { ProxyDef } from './proxyDef';

export const swap: ProxyDef = {
    id: 'swap',
    label: 'SWAP',
    needs: { signCodes: true },
    score: (p) =>
        p.layers.activations.length === 0
            ? { error: NO_ACTIVATION_LAYERS }
            : countDistinct(p.signCodes!),
};

export const regSwap: ProxyDef = {
    id: 'reg_swap',
    label: 'Regularised SWAP',
    needs: { signCodes: true },
    score: (p, ctx) => {
        if (p.layers.activations.length === 0) return { error: NO_ACTIVATION_LAYERS };
        if (!ctx.regSwap)
            return { error: 'reg_swap needs mu and sigma for the space (none given)' };
        const { mu, sigma } = ctx.regSwap;
        return countDistinct(p.signCodes!) * Math.exp(-((p.params / 1000 - mu) ** 2) / sigma);
    },
};
