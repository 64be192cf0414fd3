// Proxies defined over a set of architectures rather than one: `az_nas` ranks each AZ-NAS
// component across the set and sums log(rank/N). Fills them into results scored together.
import { rankLogScore } from '../libra/rankScore';
import type { ScoreResult } from '../spec/scoreResult';
import { AZ_NAS_PARTS } from './az';

const componentOf = (r: ScoreResult, id: string): number | null =>
    id === 'flops' ? (r.scores.flops ?? r.flops) : (r.scores[id] ?? null);

/**
 * `results` with az_nas filled in where it was requested and its components were scored: each
 * component ranked over all of `results` (ties averaged, missing = worst), Σ log(rank/N). A
 * component nobody scored leaves az_nas null with a reason naming it.
 */
export function withSetLevelScores(results: readonly ScoreResult[]): ScoreResult[] {
    const asked = results.filter((r) => 'az_nas' in r.scores);
    if (asked.length === 0) return [...results];
    // Why: AZ-NAS's ViT code (AutoFormer) aggregates expressivity, trainability and complexity only.
    const parts = asked.every((r) => r.family === 'autoformer')
        ? AZ_NAS_PARTS.filter((id) => id !== 'az_progressivity')
        : AZ_NAS_PARTS;
    const missing = parts.filter((id) => asked.every((r) => componentOf(r, id) === null));
    const combined =
        missing.length === 0
            ? rankLogScore(
                  parts.map((id) => asked.map((r) => componentOf(r, id))),
                  asked.length,
              )
            : undefined;
    const at = new Map(asked.map((r, i) => [r, i]));
    return results.map((r) => {
        const i = at.get(r);
        if (i === undefined) return r;
        const errors = r.errors.filter((e) => !e.startsWith('az_nas:'));
        if (!combined)
            errors.push(
                `az_nas: no architecture of the set has ${missing.join(', ')} (score them too)`,
            );
        return {
            ...r,
            scores: { ...r.scores, az_nas: combined ? combined[i] : null },
            errors,
        };
    });
}
