// Benchmark rows that are one network: NASLib's NB101 files list cells that differ only in dangling
// vertices or vertex numbering (250 rows of zc_nasbench101-dev.json are 171 networks), each with its
// own accuracy (the benchmark's seeds). `lswag eval` scores each network once and gives every twin
// row the same result, as NAS-Bench-101's own hash dedup does; correlations still use every row.
import { nb101NetworkKey } from '../core/spaces/nb101Canonical';
import type { ArchitectureSpec } from '../core/spec/spec';

/** A key equal for specs that build one network, or undefined where no twin is looked for. */
function networkKeyOf(spec: ArchitectureSpec): string | undefined {
    return spec.family === 'nb101' ? nb101NetworkKey(spec) : undefined;
}

export interface TwinPlan {
    /** The specs to score: one per network not yet scored. */
    readonly score: ArchitectureSpec[];
    /** Per spec to score, the other unscored rows that get its result. */
    readonly twins: Map<ArchitectureSpec, ArchitectureSpec[]>;
    /** Unscored rows whose network is already scored: [scored twin, row]. */
    readonly fromScored: [ArchitectureSpec, ArchitectureSpec][];
}

export function planTwins(
    specs: readonly ArchitectureSpec[],
    isScored: (spec: ArchitectureSpec) => boolean,
): TwinPlan {
    const scoredByNetwork = new Map<string, ArchitectureSpec>();
    for (const s of specs) {
        const k = isScored(s) ? networkKeyOf(s) : undefined;
        if (k !== undefined && !scoredByNetwork.has(k)) scoredByNetwork.set(k, s);
    }
    const plan: TwinPlan = { score: [], twins: new Map(), fromScored: [] };
    const firstToScore = new Map<string, ArchitectureSpec>();
    for (const s of specs) {
        if (isScored(s)) continue;
        const k = networkKeyOf(s);
        const scoredTwin = k === undefined ? undefined : scoredByNetwork.get(k);
        const first = k === undefined ? undefined : firstToScore.get(k);
        if (scoredTwin) plan.fromScored.push([scoredTwin, s]);
        else if (first) plan.twins.get(first)!.push(s);
        else {
            plan.score.push(s);
            plan.twins.set(s, []);
            if (k !== undefined) firstToScore.set(k, s);
        }
    }
    return plan;
}
