// A pruning search's run file in the search panel's history: read without changing it (a torn last
// line is skipped), summarised as supernets scored of 780, complete or interrupted, and the genotype
// once complete. No vscode here.
import { objectiveLabel } from '../core/search/objective';
import { planPrune, pruneEvaluations } from '../core/search/pruning';
import { formatGenotype } from '../core/spec/dartsGenotype';
import type { ScoreResult } from '../core/spec/scoreResult';
import { PRUNE_RUN_VERSION, type PruneHeader } from '../host/pruneRun';
import type { RunSummary } from '../protocol/searchView';
import { pruneAlgorithmLabel } from './pruneForm';

/** Whether a run file's text starts with a pruning run's header. */
export function isPruneText(text: string): boolean {
    try {
        return (JSON.parse(text.split('\n', 1)[0]) as { kind?: unknown }).kind === 'lswag-prune';
    } catch {
        return false;
    }
}

/** The header and the scored supernets (first of each key) of a pruning run's text. Throws with a reason. */
export function parsePruneText(text: string): {
    header: PruneHeader;
    results: Map<string, ScoreResult>;
} {
    const lines = text.split('\n');
    const header = JSON.parse(lines[0]) as PruneHeader;
    if (header.kind !== 'lswag-prune' || header.version !== PRUNE_RUN_VERSION)
        throw new Error(`not a version ${PRUNE_RUN_VERSION} pruning run`);
    const results = new Map<string, ScoreResult>();
    for (const line of lines.slice(1)) {
        try {
            const r = JSON.parse(line) as { kind?: string; key?: unknown; result?: ScoreResult };
            if (r.kind === 'prune-eval' && typeof r.key === 'string' && r.result?.scores)
                if (!results.has(r.key)) results.set(r.key, r.result);
        } catch {
            // A torn last line (the run is being written, or was killed mid-line).
        }
    }
    return { header, results };
}

/** The genotype of a complete pruning run, else undefined. */
export function pruneGenotype(header: PruneHeader, results: ReadonlyMap<string, ScoreResult>) {
    const plan = planPrune(header.settings, results);
    return plan.done ? plan.genotype : undefined;
}

/** The history entry of a pruning run's text. */
export function summarizePruneText(
    id: string,
    label: string,
    text: string,
    modified: number,
): RunSummary {
    const { header, results } = parsePruneText(text);
    const genotype = pruneGenotype(header, results);
    return {
        id,
        label,
        state: genotype ? 'complete' : 'interrupted',
        space: 'darts',
        objective: objectiveLabel(header.settings.objective),
        algorithm: pruneAlgorithmLabel(header),
        evaluated: results.size,
        expected: pruneEvaluations(),
        // Why none: a round's values compare candidates of that round only; the result is the genotype.
        best: null,
        modified,
        step: 'round',
        ...(genotype ? { genotype: formatGenotype(genotype) } : {}),
    };
}
