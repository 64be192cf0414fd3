// `grasp`: -Σ w·(H g) over weight-layer weights (H g exact, by double backward: docs/proxies.md).
import type { ProxyDef } from './proxyDef';

export const grasp: ProxyDef = {
    id: 'grasp',
    label: 'GraSP',
    needs: { hessianGradient: true },
    score: (p) => p.grasp!,
};
