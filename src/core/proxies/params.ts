// `params`: the number of parameters (weights, biases, norm parameters, embeddings).
import type { ProxyDef } from './proxyDef';

export const params: ProxyDef = {
    id: 'params',
    label: 'Parameters',
    needs: {},
    score: (p) => p.params,
};
