// `plain`: Σ w·g over weight-layer weights, g the batch-1 gradient.
import { type ProxyDef, sumOf } from './proxyDef';

export const plain: ProxyDef = {
    id: 'plain',
    label: 'Plain',
    needs: { gradStats: true },
    score: (p) => sumOf(p.gradStats!.plain),
};
