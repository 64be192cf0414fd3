// `synflow`: log of Σ w·dR/dw with |parameters|, norms as identity, an all-ones input, R = Σ output.
import type { ProxyDef } from './proxyDef';

export const synflow: ProxyDef = {
    id: 'synflow',
    label: 'SynFlow (log)',
    needs: { dataFree: true },
    score: (p) => p.logSynflow!,
};
