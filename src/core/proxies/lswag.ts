// `lswag` = Lambda x Psi over a depth-bin window [lo, hi]: Lambda sums, over weight layers in the
// window, log Σ_{w: Var>0} 1/sqrt(Var_i(|g_w|)); Psi counts distinct sign patterns over activation
// layers with bin <= hi.
import { NO_ACTIVATION_LAYERS } from './activations';
import { countDistinct } from './numeric';
import type { ProbeResult, ProxyDef } from './proxyDef';

export function lswagLambda(p: ProbeResult, lo: number, hi: number): number {
    let lambda = 0;
    p.layers.weights.forEach((layer, k) => {
        const inner = p.gradStats!.lswag[k];
        if (layer.bin >= lo && layer.bin <= hi && inner > 0) lambda += Math.log(inner);
    });
    return lambda;
}

export function lswagPsi(p: ProbeResult, hi: number): number {
    return countDistinct(p.signCodes!.filter((_, k) => p.layers.activations[k].bin <= hi));
}

export const lswag: ProxyDef = {
    id: 'lswag',
    label: 'L-SWAG',
    needs: { gradStats: true, acrossGroups: true, signCodes: true },
    score: (p, ctx) => {
        const [lo, hi] = ctx.window;
        // Why errors, not 0: a silent 0 ranks the model last for a reason that is not its quality.
        if (p.layers.activations.length === 0) return { error: `Psi: ${NO_ACTIVATION_LAYERS}` };
        if (!p.layers.activations.some((a) => a.bin <= hi))
            return {
                error: `Psi: no activation layer in depth bins 0..${hi} (window [${lo}, ${hi}])`,
            };
        if (!p.layers.weights.some((l) => l.bin >= lo && l.bin <= hi))
            return { error: `Lambda: no weight layer in depth bins ${lo}..${hi}` };
        return lswagLambda(p, lo, hi) * lswagPsi(p, hi);
    },
};

/** Lambda per depth bin and Psi up to each bin: lswag for any window [lo, hi] is
 *  (Σ_{b=lo..hi} lambdaPerBin[b]) x psiUpTo[hi]. Lets an evaluation compare windows offline. */
export function lswagParts(p: ProbeResult): { lambdaPerBin: number[]; psiUpTo: number[] } {
    const lambdaPerBin = Array.from({ length: 10 }, (_, bin) => lswagLambda(p, bin, bin));
    const psiUpTo = Array.from({ length: 10 }, (_, hi) => lswagPsi(p, hi));
    return { lambdaPerBin, psiUpTo };
}
