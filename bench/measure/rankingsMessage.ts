// How long the rankings panel's synchronous host work takes for a large labelled view: building the
// `rankings` message (agreement matrix, correlations and LIBRA per accuracy column, combined column),
// the same view posted again (cached insights), a LIBRA suggestion for "Use this combination", and
// the CSV export. These run on the extension host's thread, so they must stay at a few ms.
// Usage: npx tsx bench/measure/rankingsMessage.ts [rows...]   (default 50 200 1000)
import { performance } from 'node:perf_hooks';
import { proxyIds } from '../../src/core/proxies/index';
import { toCsv } from '../../src/extension/rankingsExport';
import { libraSuggestion } from '../../src/extension/rankingsInsights';
import {
    type RankingsView,
    rankingRows,
    rankingsMessage,
} from '../../src/extension/rankingsMessage';
import { labelledView } from '../../test/unit/extension/rankingsFixture';

/** The fixture's view with every registered proxy scored (the widest table a person can get). */
function wideView(n: number): RankingsView {
    const view = labelledView(n, 11);
    const rows = view.rows.map((row, i) => {
        const scores: Record<string, number | null> = { ...row.result.scores };
        for (const [k, p] of proxyIds.entries())
            scores[p] ??= Math.sin(i * (k + 1)) * 100 + (row.spec?.accuracy?.cifar10 ?? 0);
        return { ...row, result: { ...row.result, scores } };
    });
    return { ...view, proxies: proxyIds, rows };
}

/** Median of `runs` timings in ms (after one warm-up call). */
function median(fn: () => unknown, runs = 15): number {
    fn();
    const times = Array.from({ length: runs }, () => {
        const t = performance.now();
        fn();
        return performance.now() - t;
    }).sort((a, b) => a - b);
    return times[Math.floor(runs / 2)];
}

const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
for (const n of sizes.length > 0 ? sizes : [50, 200, 1000]) {
    const view = wideView(n);
    const relative = (f: string) => f.replace('/work-space/', '');
    // Why a copy: the derived parts are cached per view object, so a new object is a first post.
    const message = median(() => rankingsMessage({ ...view }, relative));
    const repeat = median(() => rankingsMessage(view, relative));
    const suggestion = median(() =>
        libraSuggestion(
            rankingRows(view, (f) => f),
            view.proxies,
            'cifar10',
            'nb201',
        ),
    );
    const m = rankingsMessage(view, relative) as Extract<
        ReturnType<typeof rankingsMessage>,
        { type: 'rankings' }
    >;
    const csv = median(() => toCsv(m.rows, m.proxies, m.rankBy));
    const bytes = JSON.stringify(m).length;
    console.log(
        `${n} rows x ${view.proxies.length} proxies: message ${message.toFixed(1)} ms (${(bytes / 1024).toFixed(0)} KiB), ` +
            `same view again ${repeat.toFixed(1)} ms, ` +
            `LIBRA suggestion ${suggestion.toFixed(1)} ms, CSV ${csv.toFixed(1)} ms`,
    );
}
