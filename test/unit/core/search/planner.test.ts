// The planners: valid children, distinct and new keys, AutoFormer's population shape, determinism
// given the seed, and a resume that replays the run file ends with exactly the uninterrupted run.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { BudgetChecker } from '../../../../src/core/search/constraints';
import { EVOLUTION_DEFAULTS } from '../../../../src/core/search/evolution';
import { rankRecords } from '../../../../src/core/search/objective';
import { type SearchSettings, planGeneration } from '../../../../src/core/search/planner';
import { RunFile } from '../../../../src/core/search/runFile';
import { AUTOFORMER_SPACES, type Genome, genomeKey } from '../../../../src/core/search/spaces';
import { NB201_OPS } from '../../../../src/core/spec/nb201Cell';
import { genomeProblem } from '../../../../src/core/search/runRecordCheck';
import { drive, evolutionSettings, fakeRecord, headerOf } from './fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-planner-'));
const unbounded = new BudgetChecker({});

function assertValid(g: Genome): void {
    if (g.space === 'nb101' || g.space === 'darts') {
        assert.equal(genomeProblem(g, g.space), undefined);
        return;
    }
    if (g.space === 'nb201') {
        assert.equal(g.ops.length, 6);
        for (const op of g.ops)
            assert.ok(Number.isInteger(op) && op >= 0 && op < NB201_OPS.length, `op ${op}`);
        return;
    }
    const c = AUTOFORMER_SPACES[g.space];
    assert.ok(
        c.embedDim.includes(g.embedDim) && c.depth.includes(g.depth),
        `${g.embedDim}/${g.depth}`,
    );
    assert.ok(
        g.mlpRatio.every((r) => c.mlpRatio.includes(r)) &&
            g.numHeads.every((h) => c.numHeads.includes(h)),
    );
    assert.equal(g.mlpRatio.length, Math.max(...c.depth));
}

/** Plans and fake-scores every generation in one go (no file). */
function runAll(s: SearchSettings, checker = unbounded) {
    const records = [];
    const perGeneration: Genome[][] = [];
    for (
        let g = 0;
        g < (s.algorithm.kind === 'evolution' ? s.algorithm.options.generations : 1);
        g++
    ) {
        const { genomes } = planGeneration(s, g, records, checker);
        perGeneration.push([...genomes]);
        records.push(...genomes.map((x) => fakeRecord(x, g)));
    }
    return { records, perGeneration };
}

test('evolutionProposesValidDistinctNewChildrenOfAutoformersShape', () => {
    const { records, perGeneration } = runAll(evolutionSettings(3, 4, 'other'));
    assert.deepEqual(
        perGeneration.map((x) => x.length),
        [10, 10, 10, 10],
        'population, then mutations + crossovers',
    );
    perGeneration.flat().forEach(assertValid);
    const keys = records.map((r) => r.key);
    assert.equal(
        new Set(keys).size,
        keys.length,
        'no architecture is proposed twice, in or across generations',
    );
});

test('evolutionImprovesTheObjectiveOverGenerations', () => {
    const { perGeneration } = runAll(evolutionSettings(3, 6));
    const mean = (gs: Genome[]) =>
        gs.reduce((s, g) => s + fakeRecord(g, 0).result.scores.fake!, 0) / gs.length;
    assert.ok(
        mean(perGeneration[5]) > mean(perGeneration[0]),
        'children of the top k score better than random',
    );
});

test('sameSeedSameProposalsOtherSeedOthers', () => {
    const keys = (seed: number) => runAll(evolutionSettings(seed)).records.map((r) => r.key);
    assert.deepEqual(keys(11), keys(11));
    assert.notDeepEqual(keys(11), keys(12));
});

test('autoformerEvolutionKeepsEveryChildInsideTheBudget', () => {
    const checker = new BudgetChecker({ min: 18e6, max: 23e6 });
    const s: SearchSettings = {
        ...evolutionSettings(1, 2),
        space: 'autoformer-s',
        budget: checker.budget,
        algorithm: {
            kind: 'evolution',
            options: {
                ...EVOLUTION_DEFAULTS,
                population: 4,
                generations: 2,
                topK: 2,
                mutations: 2,
                crossovers: 2,
            },
        },
    };
    const { perGeneration } = runAll(s, checker);
    for (const g of perGeneration.flat()) {
        assertValid(g);
        const p = checker.params(g);
        assert.ok(p >= 18e6 && p <= 23e6, `${genomeKey(g)}: ${p}`);
    }
    assert.equal(perGeneration.flat().length, 8);
});

test('randomSearchProposesSDistinctGenomesInBatches', () => {
    const s: SearchSettings = {
        ...evolutionSettings(),
        algorithm: { kind: 'random', options: { samples: 7, batchSize: 3 } },
    };
    const records = [];
    for (let g = 0; g < 3; g++) {
        const { genomes, unfilled } = planGeneration(s, g, records, unbounded);
        assert.equal(genomes.length, g < 2 ? 3 : 1);
        assert.equal(unfilled, 0);
        genomes.forEach(assertValid);
        records.push(...genomes.map((x) => fakeRecord(x, g)));
    }
    assert.equal(new Set(records.map((r) => r.key)).size, 7);
});

test('libraObjectiveIsTheSumOfLogRanksWithinTheRecordsGiven', () => {
    const objective = { kind: 'libra', name: 't', picks: ['fake', 'other'] } as const;
    const records = runAll(evolutionSettings(5, 1)).records.slice(0, 4);
    const ranked = rankRecords(objective, records);
    const rankOf = (p: string, r: (typeof records)[0]) =>
        records.filter((x) => x.result.scores[p]! <= r.result.scores[p]!).length;
    for (const { record, value } of ranked) {
        assert.ok(
            Math.abs(
                value -
                    (Math.log(rankOf('fake', record) / 4) + Math.log(rankOf('other', record) / 4)),
            ) < 1e-12,
        );
    }
    assert.ok(ranked[0].value >= ranked[3].value);
    const s: SearchSettings = { ...evolutionSettings(5, 4, 'other'), objective };
    const keys = runAll(s).records.map((r) => r.key);
    assert.ok(
        keys.length > 10 && new Set(keys).size === keys.length,
        'a LIBRA search proposes new, distinct children',
    );
});

for (const stopAfter of [1, 10, 17, 33]) {
    test(`resumeAfterAKillAt${stopAfter}ScoresTheSameSetWithNothingTwice`, () => {
        const settings = evolutionSettings(9, 4, 'other');
        const whole = RunFile.open(path.join(tmp, `whole-${stopAfter}.jsonl`), headerOf(settings));
        drive(settings, whole);
        const file = path.join(tmp, `killed-${stopAfter}.jsonl`);
        assert.equal(drive(settings, RunFile.open(file, headerOf(settings)), stopAfter), stopAfter);
        appendFileSync(file, '{"kind":"eval","key":"|torn'); // The kill came mid-write.
        const resumed = RunFile.open(file, headerOf(settings));
        assert.equal(resumed.records.length, stopAfter, 'the torn line is no record');
        assert.equal(drive(settings, resumed), 40 - stopAfter, 'only the rest is scored');
        const lines = readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { kind: string; key?: string; generation?: number });
        const evals = lines.filter((l) => l.kind === 'eval');
        assert.equal(new Set(evals.map((l) => l.key)).size, evals.length, 'no key recorded twice');
        const byKey = (rs: { key: string; generation: number }[]) =>
            rs.map((r) => `${r.generation}:${r.key}`).sort();
        assert.deepEqual(
            byKey(evals as { key: string; generation: number }[]),
            byKey(whole.records),
        );
        assert.equal(lines.filter((l) => l.kind === 'generation').length, 4);
    });
}
