// `grad_norm`: Σ over weight layers of ||g||₂, g the batch-1 gradient.
import type { ProxyDef } from './proxyDef';

export const gradNorm: ProxyDef = {
    id: 'grad_norm',
    label: 'Gradient norm',
    needs: { gradStats: true },
    score: (p) => p.gradStats!.gradSquares.reduce((sum, sq) => sum + Math.sqrt(sq), 0),
};
