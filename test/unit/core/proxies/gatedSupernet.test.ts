// The gated supernet (one model for every pruning candidate, ops removed by gate 0) must give
// every objective the pruning search accepts exactly (bit for bit) what the rebuilt pruned supernet gives: the
// same weights (seeded per parameter name), the same forward and gradients, and per-layer
// quantities (codes, kernels, gradient statistics, depth bins, params, flops) over the pruned
// network's own layer list. Real graphs, real onnxruntime, tiny supernet (C=2, 3 cells, 8x8).
import assert from 'node:assert/strict';
import test, { after } from 'node:test';
import { loadBatches } from '../../../../src/core/data/batches';
import { type ScoreContext, scoreSpec } from '../../../../src/core/proxies/score';
import { gatedNeedsOnly, gatedSupernetProbe } from '../../../../src/core/proxies/gatedSupernet';
import { combinedNeeds, proxyById } from '../../../../src/core/proxies/index';
import { SUPERNET_EDGES } from '../../../../src/core/spaces/dartsSupernet';
import { DARTS_OPS } from '../../../../src/core/spec/dartsGenotype';
import type { ScoreOptions } from '../../../../src/core/spec/scoreOptions';
import type { DartsSupernetSpec } from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import type { ScoreResult } from '../../../../src/core/spec/scoreResult';
import { SessionCache } from '../../../../src/worker/sessionCache';

/** What the pruning search can be asked to optimise, and what LIBRA presets pick from. */
const PROXIES = [
    'lswag',
    'params',
    'flops',
    'l2_norm',
    'plain',
    'snip',
    'grad_norm',
    'fisher',
    'jacov',
    'nwot',
    'synflow',
    'zico',
    'swap',
    'epe_nas',
];

const options: ScoreOptions = {
    proxies: PROXIES,
    data: { kind: 'synthetic' },
    batch: 4,
    batches: 2,
    seed: 3,
    psiSamples: 4,
    gradientMode: 'batches',
    // Why not all bins: a window makes Lambda and Psi depend on the pruned network's depth bins.
    window: [2, 7],
};

// The worker's session cache: the gated model compiles once, as in a pruning run.
const sessions = new SessionCache({ device: 'cpu', threads: 1 });
after(() => sessions.clear());

const ctx: ScoreContext = {
    compile: sessions.compile,
    data: (req) => loadBatches(options.data, req),
    options,
    device: 'cpu',
};

const all = () => SUPERNET_EDGES.map(() => DARTS_OPS.map((_, k) => k));

function spec(name: string, normal: number[][], reduce: number[][]): DartsSupernetSpec {
    return {
        family: 'darts-supernet',
        name,
        normal,
        reduce,
        channels: 2,
        layers: 3,
        imageSize: 8,
        classes: 10,
    };
}

/** A random non-empty op subset per edge; `emptyEdge` (of a node with > 2 inputs) loses all. */
function randomCell(rng: Rng, emptyEdge?: number): number[][] {
    return SUPERNET_EDGES.map((_, i) => {
        if (i === emptyEdge) return [];
        const ops = DARTS_OPS.map((_, k) => k).filter(() => rng.uniform(0, 1) < 0.4);
        return ops.length > 0 ? ops : [Math.floor(rng.uniform(0, DARTS_OPS.length))];
    });
}

const rng = new Rng(11);
const lastEdgeOfNode3 = SUPERNET_EDGES.findIndex((e) => e.node === 3 && e.from === 4);
const cases: DartsSupernetSpec[] = [
    spec('full', all(), all()),
    spec('random-1', randomCell(rng), randomCell(rng)),
    spec('edge-removed', randomCell(rng, lastEdgeOfNode3), randomCell(rng, 2)),
    spec(
        'one-op-per-edge',
        SUPERNET_EDGES.map((_, i) => [i % DARTS_OPS.length]),
        SUPERNET_EDGES.map((_, i) => [(i + 3) % DARTS_OPS.length]),
    ),
];

test('every accepted proxy needs only what the gated supernet serves', () => {
    const defs = PROXIES.map((id) => proxyById(id)!);
    assert.equal(gatedNeedsOnly(combinedNeeds(defs)), true);
    assert.equal(gatedNeedsOnly(proxyById('grasp')!.needs), false);
});

const gatedResults = new Map<string, ScoreResult>();

for (const c of cases) {
    test(`gated supernet equals the rebuilt pruned supernet: ${c.name}`, async () => {
        const rebuilt = await scoreSpec(c, ctx);
        const gated = await scoreSpec(c, ctx, gatedSupernetProbe);
        gatedResults.set(c.name, gated);
        assert.deepEqual(rebuilt.errors, [], `rebuilt errors: ${rebuilt.errors.join('; ')}`);
        assert.deepEqual(gated.errors, [], `gated errors: ${gated.errors.join('; ')}`);
        assert.equal(gated.params, rebuilt.params);
        assert.equal(gated.flops, rebuilt.flops);
        for (const id of PROXIES) {
            const [a, b] = [rebuilt.scores[id], gated.scores[id]];
            assert.ok(typeof a === 'number' && typeof b === 'number', `${id}: ${a} vs ${b}`);
            // Bit for bit: the gated graph keeps the order in which autodiff adds gradient
            // contributions (dartsSupernet.ts SupernetHooks); an op removed by gate 0 adds exact zeros.
            // Synflow alone: its overflow-free pass brings a sum's terms to the largest term's scale,
            // and a removed op's zero term still has a scale, so its factors round otherwise.
            if (id === 'synflow')
                assert.ok(Math.abs(a - b) <= 1e-7 * Math.abs(a), `${id}: ${a} vs ${b}`);
            else assert.equal(b, a, `${id}: rebuilt ${a}, gated ${b}`);
        }
    });
}

test('a removed op changes the gated scores (the gates are read), one session serves all', () => {
    const full = gatedResults.get('full')!;
    const fewer = gatedResults.get('random-1')!;
    assert.ok(fewer.params! < full.params!);
    assert.notEqual(fewer.scores.lswag, full.scores.lswag);
    assert.notEqual(fewer.scores.synflow, full.scores.synflow);
    // Rebuilt: a probe and a synflow model per case; gated: one of each for all cases.
    assert.equal(sessions.stats().created, 2 * cases.length + 2);
});
