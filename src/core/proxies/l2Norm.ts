// `l2_norm`: Σ over weight layers of ||W||₂ at initialisation.
import type { ProxyDef } from './proxyDef';

export const l2Norm: ProxyDef = {
    id: 'l2_norm',
    label: 'L2 norm',
    needs: {},
    score: (p) =>
        p.weightValues.reduce((sum, w) => sum + Math.sqrt(w.reduce((s, v) => s + v * v, 0)), 0),
};
