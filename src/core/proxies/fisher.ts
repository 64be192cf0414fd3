// `fisher`: Σ over weight-layer outputs a and their channels of 0.5·mean_batch((Σ_positions a·dL/da)²).
import { type ProxyDef, sumOf } from './proxyDef';

export const fisher: ProxyDef = {
    id: 'fisher',
    label: 'Fisher',
    needs: { layerOutputGrads: true },
    score: (p) => sumOf(p.fisher!),
};
