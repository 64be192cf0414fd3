// `nwot`: log|det K| of the kernel K = c cᵀ + (1-c)(1-c)ᵀ of binary activation codes over batch 1.
import { NO_ACTIVATION_LAYERS } from './activations';
import { logAbsDet } from './numeric';
import type { ProxyDef } from './proxyDef';

export const nwot: ProxyDef = {
    id: 'nwot',
    label: 'NWOT',
    needs: { activationKernel: true },
    score: (p) => {
        if (!p.nwotKernel) return { error: NO_ACTIVATION_LAYERS };
        const { size, values } = p.nwotKernel;
        const value = logAbsDet(values, size);
        return Number.isFinite(value)
            ? value
            : { error: 'the activation kernel is singular (two samples share every code)' };
    },
};
