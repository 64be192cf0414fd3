// AZ-NAS (CVPR 2024) components over the block outputs f_1..f_L of batch 1:
// expressivity e_l = -Σ p log(p + 1e-8), p = eigenvalues of f_l's channel covariance / their sum;
// az_expressivity = Σ_l e_l; az_progressivity = min_l (e_l - e_{l-1});
// az_trainability = mean over block pairs of (2 - σ - 1/(σ + 1e-6)), σ = the largest singular
// value of g_inᵀ g_out / rows. `az_nas` is set-level: Σ log(rank/N) of the three and `flops`.
import { eigenvaluesSymmetric, largestSingularValue } from './eigen';
import type { AzFeatures, ProxyDef, ProxyValue } from './proxyDef';

const NEEDS = { blockFeatures: true } as const;

/** The entropy of the normalised covariance spectrum of each block output. */
export function expressivities(az: AzFeatures): number[] {
    return az.covariances.map(({ size, values }) => {
        // Why clamped: a covariance is positive semi-definite; negative eigenvalues are the float32
        // rounding of a rank-deficient one, and p < -1e-8 would make log(p + 1e-8) NaN.
        const s = eigenvaluesSymmetric(values, size).map((v) => Math.max(v, 0));
        const total = s.reduce((t, v) => t + v, 0);
        return s.reduce((e, v) => e - (v / total) * Math.log(v / total + 1e-8), 0);
    });
}

function withAz(az: AzFeatures | undefined, f: (az: AzFeatures) => ProxyValue): ProxyValue {
    return az ? f(az) : { error: 'AZ-NAS pass did not run' };
}

export const azExpressivity: ProxyDef = {
    id: 'az_expressivity',
    label: 'AZ-NAS expressivity',
    needs: NEEDS,
    score: (p) => withAz(p.azFeatures, (az) => expressivities(az).reduce((t, e) => t + e, 0)),
};

export const azProgressivity: ProxyDef = {
    id: 'az_progressivity',
    label: 'AZ-NAS progressivity',
    needs: NEEDS,
    score: (p) =>
        withAz(p.azFeatures, (az) => {
            const e = expressivities(az);
            return Math.min(...e.slice(1).map((v, k) => v - e[k]));
        }),
};

export const azTrainability: ProxyDef = {
    id: 'az_trainability',
    label: 'AZ-NAS trainability',
    needs: NEEDS,
    score: (p) =>
        withAz(p.azFeatures, (az) => {
            // Why an error: the official CNN code scores an identity block -inf, which ranks last;
            // a missing score ranks last too.
            const identity = az.jacobians.findIndex((j) => j.identity);
            if (identity >= 0)
                return {
                    error: `block pair ${identity + 1} is the identity (AZ-NAS scores it -inf)`,
                };
            if (az.jacobians.length === 0)
                return { error: 'no pair of consecutive blocks with a gradient path between them' };
            const terms = az.jacobians.map(({ rows, cols, values }) => {
                const s = largestSingularValue(values, rows, cols);
                return 2 - s - 1 / (s + 1e-6);
            });
            return terms.reduce((t, v) => t + v, 0) / terms.length;
        }),
};

/** The proxies az_nas combines, by rank, over a set (flops = AZ-NAS's complexity). */
export const AZ_NAS_PARTS = ['az_expressivity', 'az_progressivity', 'az_trainability', 'flops'];

export const AZ_NAS_SET_LEVEL =
    'set-level: Σ log(rank/N) of az_expressivity, az_progressivity, az_trainability and flops over the architectures scored together (lswag eval fills it in)';

export const azNas: ProxyDef = {
    id: 'az_nas',
    label: 'AZ-NAS',
    needs: NEEDS,
    score: () => ({ error: AZ_NAS_SET_LEVEL }),
};
