// `flops`: multiply-accumulates of conv/linear/matmul for one sample.
import type { ProxyDef } from './proxyDef';

export const flops: ProxyDef = {
    id: 'flops',
    label: 'FLOPs (MACs)',
    needs: {},
    score: (p) => p.flops,
};
