// The out-of-sample part of `lswag libra`'s report: every rule's held-out rho next to the best single
// proxy's, the recommendation, and the small-sample warning; and the same as JSON.
import {
    protocolText,
    recommendation,
    type OutOfSampleReport,
    type RuleOutcome,
} from '../core/libra/outOfSample';
import { MIN_STABLE_N, smallSampleWarning } from '../core/libra/stability';

const f3 = (v: number | null): string => (v === null ? '-' : v.toFixed(3));

const outcomeJson = (o: RuleOutcome) => ({
    rule: o.rule,
    picks: o.final?.picks ?? [],
    ...(o.final?.weights ? { weights: o.final.weights } : {}),
    out_of_sample: o.outOfSample,
    in_sample: o.inSample,
    folds: o.folds.map((f) => ({
        picks: f.choice?.picks ?? [],
        train: f.trainRho,
        test: f.testRho,
    })),
});

export function outOfSampleJson(r: OutOfSampleReport) {
    const rec = recommendation(r);
    return {
        protocol: protocolText(r.protocol),
        n: r.n,
        combination: outcomeJson(r.combination),
        best_single: outcomeJson(r.bestSingle),
        beats_best_single: r.beatsBestSingle,
        gain: r.gain,
        recommendation: rec
            ? { kind: rec.kind, rule: rec.choice.rule, picks: rec.choice.picks, text: rec.text }
            : null,
        min_stable_n: MIN_STABLE_N,
        warning: smallSampleWarning(r.n) ?? null,
        others: r.others.map(outcomeJson),
    };
}

export function formatOutOfSample(r: OutOfSampleReport): string[] {
    const lines = [
        `Out of sample, ${protocolText(r.protocol)}, n = ${r.n}: each rule chose its proxies on the training folds and was measured on the held-out fold.`,
    ];
    const rows = [r.bestSingle, r.combination, ...r.others];
    const picks = (o: RuleOutcome) =>
        !o.final
            ? '-'
            : o.final.picks.length > 4
              ? `all ${o.final.picks.length} usable proxies`
              : o.final.picks.join(' + ');
    const label = (o: RuleOutcome) =>
        `${o.rule === r.combination.rule ? '> ' : '  '}${o.rule} (${picks(o)})`;
    const width = Math.max(...rows.map((o) => label(o).length));
    lines.push(`${''.padEnd(width)}  held-out  in-sample`);
    for (const o of rows)
        lines.push(
            `${label(o).padEnd(width)}  ${f3(o.outOfSample).padStart(8)}  ${f3(o.inSample).padStart(9)}`,
        );
    const rec = recommendation(r);
    if (rec) lines.push(`Recommendation: ${rec.text}`);
    const warning = smallSampleWarning(r.n);
    if (warning) lines.push(`Warning: ${warning}`);
    return lines;
}
