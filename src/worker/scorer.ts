// The worker's scorer: the core's scoreSpec fed with the worker's compile and the data loader.
// Data loader notes (what was loaded, what was not as asked) go to the log once each, not per spec.
import { loadBatches } from '../core/data/batches';
import { scoreSpec } from '../core/proxies/score';
import { gatedSupernetProbe } from '../core/proxies/gatedSupernet';
import type { SpecScorer } from './jobs';

export type LogLine = (level: 'info' | 'warn', message: string) => void;

/** Why a bound: a long session scores many data sources; the set only dedupes repeated notes. */
const MAX_REMEMBERED_NOTES = 256;

export function createScorer(log: LogLine): SpecScorer {
    const seen = new Set<string>();
    const note = (level: 'info' | 'warn', message: string): void => {
        if (seen.has(message)) return;
        if (seen.size >= MAX_REMEMBERED_NOTES) seen.clear();
        seen.add(message);
        log(level, message);
    };
    // Why gated: a pruning search's candidates share one model and one session (gatedSupernet.ts).
    return (spec, job) =>
        scoreSpec(
            spec,
            {
                ...job,
                data: async (req) => {
                    const batches = await loadBatches(job.options.data, req);
                    note('info', `data: ${batches.description}`);
                    for (const w of batches.warnings) note('warn', `data: ${w}`);
                    return batches;
                },
            },
            spec.family === 'darts-supernet' ? gatedSupernetProbe : undefined,
        );
}
