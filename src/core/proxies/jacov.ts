// `jacov`: -Σ_k [log(λ_k + 1e-5) + 1/(λ_k + 1e-5)] over the eigenvalues of the correlation matrix
// of the input-Jacobian rows of batch 1.
import { symmetricEigenvalues } from './numeric';
import type { ProxyDef } from './proxyDef';

const K = 1e-5;

export const jacov: ProxyDef = {
    id: 'jacov',
    label: 'Jacobian covariance',
    needs: { inputJacobian: true },
    score: (p) => {
        const { size, values } = p.jacobianCorrelation!;
        if (values.some((v) => !Number.isFinite(v)))
            return { error: 'a Jacobian row is constant (correlation undefined)' };
        return -symmetricEigenvalues(values, size).reduce(
            (s, l) => s + Math.log(l + K) + 1 / (l + K),
            0,
        );
    },
};
