// A pruning search (TE-NAS, darts) run by the search side panel's session: drives the host's loop
// (src/host/pruneLoop.ts) on the run file (src/host/pruneRun.ts) and reports supernets scored,
// round, ETA and a chart of each round's best and mean objective. At the end it writes the genotype
// as an architecture file next to the run, as `lswag search --prune` does. No vscode here.
import { readFileSync, writeFileSync } from 'node:fs';
import { presetScore } from '../core/libra/preset';
import { type Objective, objectiveLabel } from '../core/search/objective';
import { pruneEvaluations } from '../core/search/pruning';
import { DARTS_OPS } from '../core/spec/dartsGenotype';
import type { ScoreResult } from '../core/spec/scoreResult';
import { runPrune } from '../host/pruneLoop';
import { type PruneHeader, PruneRun } from '../host/pruneRun';
import type { SearchEnd } from '../host/searchLoop';
import type { GenerationPoint } from '../protocol/searchView';
import { pruneTimingSpace } from '../protocol/searchViewEstimate';
import { pruneAlgorithmLabel, pruneResultFile } from './pruneForm';
import { EtaEstimator } from './searchEta';
import { Pace, type SessionRun } from './sessionRun';

/** Rounds of a pruning search: one per op removed from every edge (7 ops -> 1), then the edge round. */
export const PRUNE_ROUNDS = DARTS_OPS.length - 1 + 1;

/** The round each supernet of the file was scored in (the run file records it on each line). */
export function roundsOfFile(file: string): Map<string, number> {
    const rounds = new Map<string, number>();
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
        try {
            const r = JSON.parse(line) as { kind?: string; key?: unknown; round?: unknown };
            if (r.kind === 'prune-eval' && typeof r.key === 'string' && typeof r.round === 'number')
                if (!rounds.has(r.key)) rounds.set(r.key, r.round);
        } catch {
            // A torn last line: PruneRun.open skips it too.
        }
    }
    return rounds;
}

function objectiveValues(o: Objective, results: readonly ScoreResult[]): number[] {
    if (o.kind === 'proxy') return results.map((r) => r.scores[o.proxy] ?? Number.NaN);
    // Why ranks within the round: the pruning plan compares a round's candidates the same way.
    return presetScore(
        { picks: o.picks, weights: o.weights },
        results.map((r) => r.scores),
    );
}

/** Best and mean objective of each round's scored candidates; `current` is partial while it runs. */
export function pruneChart(
    run: PruneRun,
    rounds: ReadonlyMap<string, number>,
    current: number,
    isRunning: boolean,
): GenerationPoint[] {
    const byRound = new Map<number, ScoreResult[]>();
    for (const [key, result] of run.results) {
        const round = rounds.get(key);
        if (round !== undefined) byRound.set(round, [...(byRound.get(round) ?? []), result]);
    }
    return [...byRound.keys()]
        .sort((a, b) => a - b)
        .map((round) => {
            const values = objectiveValues(
                run.header.settings.objective,
                byRound.get(round)!,
            ).filter(Number.isFinite);
            return {
                generation: round,
                best: values.length ? Math.max(...values) : null,
                mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
                isPartial: isRunning && round === current,
            };
        });
}

/** Runs (or resumes, with header undefined) the pruning search of `file` for the session. */
export async function runPruneSession(
    file: string,
    header: PruneHeader | undefined,
    r: SessionRun,
): Promise<SearchEnd> {
    const run = PruneRun.open(file, header);
    const rounds = roundsOfFile(file);
    const s = run.header.settings;
    const total = pruneEvaluations();
    const objective = objectiveLabel(s.objective);
    let round = Math.max(0, ...rounds.values());
    r.update({
        space: 'darts',
        objective,
        algorithm: pruneAlgorithmLabel(run.header),
        evaluated: run.results.size,
        expected: total,
        generation: round,
        generations: PRUNE_ROUNDS,
        step: 'round',
        chart: pruneChart(run, rounds, round, false),
    });
    const engine = await r.engine();
    if (!r.signal.aborted) r.update({ state: 'running' });
    const eta = new EtaEstimator();
    const pace = new Pace(run.results.size);
    eta.record(r.now(), run.results.size);
    const outcome = await runPrune(run, engine, {
        signal: r.signal,
        onProgress: (scored, _total, at) => {
            round = at;
            // Why: the results map keeps insertion order, so the newest keys are this round's.
            for (const key of run.results.keys()) if (!rounds.has(key)) rounds.set(key, at);
            eta.record(r.now(), scored);
            pace.record(r.now(), scored);
            r.update({
                evaluated: scored,
                generation: at,
                etaSeconds: eta.secondsLeft(total),
                chart: pruneChart(run, rounds, at, true),
            });
        },
        onMessage: r.message,
    });
    const measured = pace.secondsPerArchitecture();
    if (measured)
        r.onMeasured?.({ space: pruneTimingSpace(s.channels, s.layers), objective, ...measured });
    const end = outcome.end;
    if (outcome.end === 'complete') {
        const result = pruneResultFile(file, run.header, outcome.plan.genotype);
        writeFileSync(result.file, result.text);
        r.update({ genotype: result.genotype, generation: PRUNE_ROUNDS - 1 });
        r.message(
            `${run.results.size} supernets scored in ${outcome.plan.rounds} rounds; the genotype is in ${result.file}.`,
        );
    } else if (end === 'stopped') {
        r.message(
            `Stopped with ${run.results.size} of ${total} supernets scored; Resume continues (or lswag search --resume ${file}).`,
        );
    } else {
        r.message(
            `No supernet of round ${round + 1} could be scored (${run.results.size} of ${total}); Resume retries them.`,
        );
    }
    r.update({
        state: end,
        etaSeconds: null,
        evaluated: run.results.size,
        chart: pruneChart(run, rounds, round, false),
    });
    return end;
}
