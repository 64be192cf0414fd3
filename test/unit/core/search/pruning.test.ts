// The pruning search (TE-NAS style) in the DARTS space: its rounds remove, per edge, the op whose
// removal keeps the objective highest; the final genotype keeps the 2 inputs per node whose removal
// hurts most; a run interrupted mid-round resumes from its file to the same genotype with every
// supernet scored once. The engine is a thin stand-in scoring a known function of the supernet, so
// the expected genotype can be derived by hand.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {
    planPrune,
    pruneEvaluations,
    type PruneSettings,
} from '../../../../src/core/search/pruning';
import { SUPERNET_EDGES } from '../../../../src/core/spaces/dartsSupernet';
import { checkGenotype, formatGenotype } from '../../../../src/core/spec/dartsGenotype';
import type { ScoreResult } from '../../../../src/core/spec/scoreResult';
import type { ArchitectureSpec, DartsSupernetSpec } from '../../../../src/core/spec/spec';
import { runPrune } from '../../../../src/host/pruneLoop';
import { PRUNE_RUN_VERSION, PruneRun } from '../../../../src/host/pruneRun';
import type { SearchEngine } from '../../../../src/host/searchLoop';

const settings: PruneSettings = {
    objective: { kind: 'proxy', proxy: 'synflow' },
    channels: 4,
    layers: 3,
    imageSize: 8,
    classes: 10,
};

/**
 * A known objective: every op k on an edge of node n that reads state `from` is worth
 * value(k) = k + 1 (sep/dil convs most), plus a bonus for edges from state 0 and 1, so the
 * search should keep dil_conv_5x5 (index 6) everywhere and the edges from the cell inputs.
 */
function fakeScore(spec: DartsSupernetSpec): number {
    let s = 0;
    for (const cell of [spec.normal, spec.reduce])
        cell.forEach((ops, i) => {
            for (const k of ops) s += (k + 1) * (SUPERNET_EDGES[i].from < 2 ? 10 : 1);
        });
    return s;
}

const result = (spec: ArchitectureSpec): ScoreResult => ({
    name: spec.name,
    source: 'test',
    family: spec.family,
    params: null,
    flops: null,
    scores: { synflow: fakeScore(spec as DartsSupernetSpec) },
    errors: [],
    device: 'cpu',
    seconds: 0,
});

/** Scores every spec it is given, or stops (as a killed worker would) after `limit` results. */
function fakeEngine(limit = Infinity): SearchEngine & { scored: number } {
    const engine = {
        scored: 0,
        score(
            specs: readonly ArchitectureSpec[],
            _o: unknown,
            h: { onResult?: (r: ScoreResult, i: number) => void },
        ) {
            const job = (async () => {
                for (let i = 0; i < specs.length; i++) {
                    if (engine.scored >= limit) throw new Error('worker killed');
                    engine.scored++;
                    h.onResult?.(result(specs[i]), i);
                }
            })();
            return Object.assign(job, { jobId: 'j' });
        },
        cancel() {},
    };
    return engine;
}

const header = {
    kind: 'lswag-prune' as const,
    version: PRUNE_RUN_VERSION,
    settings,
    score: {
        proxies: ['synflow'],
        data: { kind: 'synthetic' as const },
        batch: 4,
        batches: 2,
        seed: 0,
        psiSamples: 4,
        gradientMode: 'batches' as const,
    },
};

test('pruningKeepsTheStrongestOpPerEdgeAndTheTwoStrongestInputsPerNode', () => {
    const results = new Map<string, ScoreResult>();
    let plan = planPrune(settings, results);
    let rounds = 0;
    while (!plan.done) {
        // Round 0 scores every op of every edge: 2 cells x 14 edges x 7 ops.
        if (rounds === 0) assert.equal(plan.missing.length, 2 * 14 * 7);
        for (const c of plan.missing) results.set(c.key, result(c.spec));
        plan = planPrune(settings, results);
        rounds++;
    }
    assert.equal(results.size, pruneEvaluations());
    assert.equal(plan.rounds, 7); // 6 op rounds (7 -> 1 op per edge) and the edge round
    checkGenotype(plan.genotype);
    for (const edges of [plan.genotype.normal, plan.genotype.reduce]) {
        assert.ok(
            edges.every(([op]) => op === 'dil_conv_5x5'),
            formatGenotype(plan.genotype),
        );
        // Removing an edge from a cell input lowers the score most: those two are kept per node.
        assert.deepEqual(
            edges.map(([, from]) => from),
            [0, 1, 0, 1, 0, 1, 0, 1],
        );
    }
});

test('anInterruptedPruningRunResumesToTheSameGenotypeScoringEachSupernetOnce', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-prune-'));
    const whole = await runPrune(
        PruneRun.open(path.join(dir, 'whole.jsonl'), header),
        fakeEngine(),
    );
    assert.equal(whole.end, 'complete');

    const file = path.join(dir, 'cut.jsonl');
    const first = fakeEngine(250); // killed in round 1 (round 0 has 196 supernets)
    const cut = await runPrune(PruneRun.open(file, header), first);
    assert.notEqual(cut.end, 'complete');
    assert.equal(PruneRun.open(file).results.size, 250);
    // A new header with other settings is refused instead of mixing two searches in one file.
    assert.throws(
        () => PruneRun.open(file, { ...header, settings: { ...settings, channels: 8 } }),
        /other settings/,
    );
    const second = fakeEngine();
    const resumed = await runPrune(PruneRun.open(file), second);
    assert.equal(resumed.end, 'complete');
    assert.equal(first.scored + second.scored, pruneEvaluations());
    if (whole.end === 'complete' && resumed.end === 'complete')
        assert.deepEqual(resumed.plan.genotype, whole.plan.genotype);
});
