// The search panel's pruning mode (TE-NAS, darts) without a worker: the form becomes the CLI's run
// header; a session started, stopped in round 1 and resumed scores each of the 780 supernets once,
// reports rounds (7), counts and a chart per round, ends with the genotype written as an
// architecture file, and the history lists the run as interrupted, then complete with its genotype.
// The engine is a thin stand-in that scores a known function of the supernet (as pruning.test.ts
// does), so the expected genotype is known by hand.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { proxyIds } from '../../../src/core/proxies/index';
import { pruneEvaluations } from '../../../src/core/search/pruning';
import { SUPERNET_EDGES } from '../../../src/core/spaces/dartsSupernet';
import type { ScoreResult } from '../../../src/core/spec/scoreResult';
import type { ArchitectureSpec, DartsSupernetSpec } from '../../../src/core/spec/spec';
import { calibratedWindows } from '../../../src/host/calibrationStore';
import type { SearchEngine } from '../../../src/host/searchLoop';
import { pruneHeaderFromForm, pruneRunName } from '../../../src/extension/pruneForm';
import { PRUNE_ROUNDS } from '../../../src/extension/pruneSession';
import { FORM_DEFAULTS } from '../../../src/extension/searchForm';
import { RunHistory } from '../../../src/extension/searchHistory';
import { SearchSession, type SessionSnapshot } from '../../../src/extension/searchSession';
import {
    PRUNE_SUPERNETS,
    budgetEstimate,
    estimateText,
    pruneTimingSpace,
} from '../../../src/protocol/searchViewEstimate';
import { validateSearchViewMessage } from '../../../src/protocol/searchViewValidate';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-prune-session-'));
const env = {
    data: { data: { kind: 'synthetic' as const } },
    batch: 64,
    batches: 2,
    psiSamples: 4,
    calibratedWindows: calibratedWindows(),
    presetDir: tmp,
    proxies: proxyIds,
};
const form = { ...FORM_DEFAULTS, space: 'darts', algorithm: 'prune' as const, width: 4, cells: 3 };

/** Every op k is worth k + 1, ten times more on edges from the cell inputs (pruning.test.ts). */
function fakeScore(spec: DartsSupernetSpec): number {
    let s = 0;
    for (const cell of [spec.normal, spec.reduce])
        cell.forEach((ops, i) => {
            for (const k of ops) s += (k + 1) * (SUPERNET_EDGES[i].from < 2 ? 10 : 1);
        });
    return s;
}

/** Scores one supernet per macrotask (so a stop lands mid-round) and stops on cancel. */
function engine(): SearchEngine & { readonly scored: string[] } {
    const scored: string[] = [];
    let cancelled = false;
    return {
        scored,
        score: (specs: readonly ArchitectureSpec[], _options, handlers) => {
            cancelled = false;
            const job = (async () => {
                for (let i = 0; i < specs.length && !cancelled; i++) {
                    await new Promise((r) => setImmediate(r));
                    scored.push(specs[i].name);
                    const result: ScoreResult = {
                        name: specs[i].name,
                        source: 'test',
                        family: specs[i].family,
                        params: null,
                        flops: null,
                        scores: { synflow: fakeScore(specs[i] as DartsSupernetSpec) },
                        errors: [],
                        device: 'cpu',
                        seconds: 0.01,
                    };
                    handlers.onResult?.(result, i);
                }
            })();
            return Object.assign(job, { jobId: 'job' });
        },
        cancel: () => {
            cancelled = true;
        },
    };
}

test('theFormBecomesThePruningRunOfTheCli', () => {
    const { header } = pruneHeaderFromForm({ ...form, objective: 'lswag' }, env);
    assert.equal(header.kind, 'lswag-prune');
    assert.deepEqual(
        [header.settings.channels, header.settings.layers, header.settings.objective],
        [4, 3, { kind: 'proxy', proxy: 'lswag' }],
    );
    // The search probe, not the scoring settings' B = 64: the cost is per supernet graph.
    assert.deepEqual([header.score.batch, header.score.batches], [8, 2]);
    assert.deepEqual(header.score.proxies, ['lswag']);
    assert.match(
        pruneRunName(header, new Date(2026, 0, 2, 3, 4, 5)),
        /^darts-prune-lswag-20260102-030405$/,
    );
    assert.throws(() => pruneHeaderFromForm({ ...form, space: 'nb201' }, env), /darts/);
    assert.throws(() => pruneHeaderFromForm({ ...form, width: 5 }, env), /Width must be an even/);
    assert.throws(() => pruneHeaderFromForm({ ...form, objective: 'nope' }, env), /not a proxy/);
});

test('thePageMayAskForAPruningSearchOnlyWithASupernetItCanBuild', () => {
    assert.equal(validateSearchViewMessage({ type: 'start', form }).ok, true);
    const reason = (change: object) => {
        const r = validateSearchViewMessage({ type: 'start', form: { ...form, ...change } });
        return r.ok ? '' : r.reason;
    };
    assert.match(reason({ width: 3 }), /width must be an even whole number/);
    assert.match(reason({ cells: 2 }), /cells must be a whole number from 3/);
    assert.match(reason({ algorithm: 'anneal' }), /'evolution', 'random' or 'prune'/);
});

test('theEstimateCountsTheSupernetsAtTheirOwnPace', () => {
    assert.equal(PRUNE_SUPERNETS, pruneEvaluations());
    const def = budgetEstimate(form, [])!;
    assert.equal(def.architectures, 780);
    assert.equal(def.timing.basis, 'default');
    assert.ok(Math.abs(def.seconds - 780 * 0.5 * 3) < 1e-6, `${def.seconds}`);
    assert.equal(
        estimateText(def),
        '~20 min on this machine: 780 supernets × 1.50 s (a default for darts pruning C=4, 3 cells until a run here is measured).',
    );
    const measured = {
        space: pruneTimingSpace(4, 3),
        objective: 'lswag',
        seconds: 2,
        basis: 'measured' as const,
        count: 30,
    };
    const e = budgetEstimate(form, [measured])!;
    assert.equal(e.seconds, 1560);
    // A timing of darts architectures (evolution) or another supernet does not apply.
    const other = { ...measured, space: 'darts' };
    assert.equal(budgetEstimate(form, [other])!.timing.basis, 'default');
    assert.equal(budgetEstimate({ ...form, cells: 5 }, [measured])!.timing.basis, 'default');
});

test('aPanelPruningSearchStopsInRoundOneAndResumesToItsGenotype', async () => {
    const { header } = pruneHeaderFromForm({ ...form, objective: 'synflow' }, env);
    const dir = path.join(tmp, 'runs');
    const file = path.join(dir, `${pruneRunName(header, new Date())}.jsonl`);
    const seen: SessionSnapshot[] = [];
    const measured: string[] = [];
    const first = engine();
    const session: SearchSession = new SearchSession({
        engine: async () => first,
        onChange: (s) => {
            seen.push(s);
            if (s.state === 'running' && s.evaluated >= 200) session.stop();
        },
        onMeasured: (m) => measured.push(m.space),
    });
    assert.equal(await session.startPrune(file, header), 'stopped');
    const stopped = session.snapshot!;
    assert.equal(stopped.state, 'stopped');
    assert.deepEqual(
        [stopped.step, stopped.expected, stopped.generations, stopped.generation],
        ['round', 780, PRUNE_ROUNDS, 1],
    );
    assert.ok(stopped.evaluated >= 200 && stopped.evaluated < 210, `${stopped.evaluated}`);
    assert.equal(stopped.algorithm, 'pruning C=4, 3 cells');
    assert.match(stopped.messages.at(-1)!, /^Stopped with \d+ of 780 supernets scored; Resume/);
    // Round 0 (196 supernets) is complete; round 1 partial, and no longer marked live.
    assert.deepEqual(
        stopped.chart.map((p) => [p.generation, p.isPartial]),
        [
            [0, false],
            [1, false],
        ],
    );
    assert.ok(
        seen.some((s) => s.chart.some((p) => p.isPartial)),
        'a live round is partial',
    );
    assert.deepEqual(measured, [pruneTimingSpace(4, 3)]);

    const history = new RunHistory();
    const interrupted = (await history.list(dir))[0];
    assert.deepEqual(
        [interrupted.state, interrupted.step, interrupted.evaluated, interrupted.genotype],
        ['interrupted', 'round', stopped.evaluated, undefined],
    );

    const second = engine();
    const resumed = new SearchSession({ engine: async () => second, onChange: () => undefined });
    assert.equal(await resumed.resumePrune(file), 'complete');
    const done = resumed.snapshot!;
    assert.equal(first.scored.length + second.scored.length, 780, 'each supernet scored once');
    assert.equal(new Set([...first.scored, ...second.scored]).size, 780);
    assert.deepEqual([done.evaluated, done.generation], [780, PRUNE_ROUNDS - 1]);
    const expected =
        "Genotype(normal=[('dil_conv_5x5', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 0), ('dil_conv_5x5', 1)], normal_concat=[2, 3, 4, 5], " +
        "reduce=[('dil_conv_5x5', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 0), ('dil_conv_5x5', 1)], reduce_concat=[2, 3, 4, 5])";
    assert.equal(done.genotype, expected);
    const archFile = file.replace(/\.jsonl$/, '.arch.yaml');
    assert.ok(existsSync(archFile));
    const text = readFileSync(archFile, 'utf8');
    assert.match(text, /^family: darts$/m);
    assert.ok(text.includes(`genotype: ${JSON.stringify(expected)}`), text);
    assert.deepEqual(
        done.chart.map((p) => p.generation),
        [0, 1, 2, 3, 4, 5, 6],
    );
    for (const p of done.chart) {
        assert.equal(p.isPartial, false);
        assert.ok(p.best !== null && p.mean !== null && p.best >= p.mean, JSON.stringify(p));
    }
    // Each op round removes one op per edge, so its best candidate keeps less than the one before.
    assert.ok(done.chart[1].best! < done.chart[0].best!);

    const complete = (await history.list(dir))[0];
    assert.deepEqual(
        [complete.state, complete.evaluated, complete.expected, complete.genotype],
        ['complete', 780, 780, expected],
    );
});
