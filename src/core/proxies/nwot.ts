// `nwot`: log|det K| of the kernel K = c cᵀ + (1-c)(1-c)ᵀ of binary activation codes over batch 1.
import { logAbsDet } from './numeric';
import type { ProxyDef } from './proxyDef';

export const nwot: ProxyDef = {
    id: 'nwot',
    label: 'NWOT',
    needs: { activationKernel: true },
    score: (p) => {
        if (!p.nwotKernel) return { error: 'the network has no ReLU/GELU activation layers to take codes from' };
        const { size, values } = p.nwotKernel;
        const value = logAbsDet(values, size);
        return Number.isFinite(value) ? value : { error: 'the activation kernel is singular (two samples share every code)' };
    },
};
