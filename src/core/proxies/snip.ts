// `snip`: Σ |w·g| over weight-layer weights, g the batch-1 gradient.
import { type ProxyDef, sumOf } from './proxyDef';

export const snip: ProxyDef = {
    id: 'snip',
    label: 'SNIP',
    needs: { gradStats: true },
    score: (p) => sumOf(p.gradStats!.snip),
};
