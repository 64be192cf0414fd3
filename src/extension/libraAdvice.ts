// The out-of-sample advice the rankings panel adds to its LIBRA suggestion: the default combination
// rule chosen on training folds of the labelled rows and measured on held-out ones, next to the best
// single proxy measured the same way, and the small-sample warning. Pure (no vscode).
import type { LibraTable } from '../core/libra/libra';
import {
    DEFAULT_FOLDS,
    DEFAULT_SEED,
    outOfSample,
    presetOutOfSample,
    protocolText,
    recommendation,
} from '../core/libra/outOfSample';
import type { PresetOutOfSample } from '../core/libra/preset';
import { DEFAULT_RULE, type Choice } from '../core/libra/rules';
import { MIN_STABLE_N, smallSampleWarning } from '../core/libra/stability';
import type { LibraAdvicePayload } from '../protocol/webview';

export interface LibraAdvice {
    readonly payload: LibraAdvicePayload;
    /** What "Use this combination" saves: present only when the combination won out of sample. */
    readonly combination?: Choice;
    readonly record: PresetOutOfSample;
}

/** The protocol on a labelled table; folds shrink to n on samples smaller than the default. */
export function libraAdvice(table: LibraTable): LibraAdvice | undefined {
    const n = table.accuracy.length;
    if (n < 3) return undefined;
    const r = outOfSample(table, {
        combination: DEFAULT_RULE,
        protocol: { kind: 'k-fold', folds: Math.min(DEFAULT_FOLDS, n), seed: DEFAULT_SEED },
    });
    const rec = recommendation(r);
    if (!rec) return undefined;
    const warning = smallSampleWarning(r.n);
    return {
        payload: {
            protocol: protocolText(r.protocol),
            rule: r.combination.rule,
            picks: r.combination.final?.picks ?? [],
            combined: r.combination.outOfSample,
            bestSingle: {
                proxy: r.bestSingle.final?.picks[0] ?? '-',
                spearman: r.bestSingle.outOfSample,
            },
            beats: rec.kind === 'combination',
            text: rec.text,
            minStableN: MIN_STABLE_N,
            ...(warning ? { warning } : {}),
        },
        ...(rec.kind === 'combination' ? { combination: rec.choice } : {}),
        record: presetOutOfSample(r),
    };
}
