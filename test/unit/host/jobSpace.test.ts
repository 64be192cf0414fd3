// Per-space defaults and windows: a job of one AutoFormer space takes that space's SPACE_DEFAULTS
// and its shipped calibrated window (media/calibration/<space>.json); a mixed job takes neither.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after, before } from 'node:test';
import { readBenchmarkFile } from '../../../src/core/frontends/benchmarkFile';
import { windowFor } from '../../../src/core/proxies/score';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import { calibratedWindows, loadCalibration } from '../../../src/host/calibrationStore';
import { jobSpace, windowsOfSpaces } from '../../../src/host/jobSpace';
import {
    SCORE_DEFAULTS,
    SPACE_DEFAULTS,
    buildScoreOptions,
    calibrationScoreOptions,
} from '../../../src/host/scoreOptions';

/** One spec per config, read from a benchmark CSV in the dev files' format. */
function specsOf(...archs: object[]): ArchitectureSpec[] {
    const rows = archs.map((a, i) => `"${JSON.stringify(a).replaceAll('"', '""')}",${70 + i}`);
    const csv = `arch,imagenet_acc\n${rows.join('\n')}\n`;
    return readBenchmarkFile(csv, 'dev.csv').specs;
}

const vit = (embed: number, depth: number) => ({
    embed_dim: embed,
    depth,
    mlp_ratio: Array(depth).fill(4),
    num_heads: Array(depth).fill(4),
});
const TINY = vit(192, 13); // autoformer-t
const SMALL = vit(384, 13); // autoformer-s
const BASE = vit(576, 15); // autoformer-b
const CELL = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|';

// Why an empty LSWAG_HOME: windows calibrated on this machine must not hide the shipped ones.
const home = mkdtempSync(path.join(os.tmpdir(), 'lswag-home-'));
const savedHome = process.env.LSWAG_HOME;
before(() => (process.env.LSWAG_HOME = home));
after(() => {
    if (savedHome === undefined) delete process.env.LSWAG_HOME;
    else process.env.LSWAG_HOME = savedHome;
    rmSync(home, { recursive: true, force: true });
});

test('jobSpaceIsTheSpaceEverySpecShares', () => {
    assert.equal(jobSpace(specsOf(TINY, vit(216, 14))), 'autoformer-t');
    assert.equal(jobSpace(specsOf(SMALL)), 'autoformer-s');
    assert.equal(jobSpace(specsOf(BASE)), 'autoformer-b');
    assert.equal(jobSpace(specsOf(TINY, SMALL)), undefined);
    // A ViT outside every space's choices, and no specs at all.
    assert.equal(jobSpace(specsOf(vit(100, 3))), undefined);
    assert.equal(jobSpace([]), undefined);
    const cells = readBenchmarkFile(`arch,acc\n${CELL},50\n`, 'cells.csv').specs;
    assert.equal(jobSpace(cells), 'nb201');
});

test('windowsOfSpacesKeepsOnlyTheJobsSpaces', () => {
    const all: Record<string, [number, number]> = {
        nb201: [0, 9],
        'autoformer-t': [2, 4],
        'autoformer-b': [5, 6],
    };
    assert.deepEqual(windowsOfSpaces(specsOf(TINY), all), { 'autoformer-t': [2, 4] });
    assert.deepEqual(windowsOfSpaces(specsOf(TINY, BASE), all), {
        'autoformer-t': [2, 4],
        'autoformer-b': [5, 6],
    });
    assert.deepEqual(windowsOfSpaces(specsOf(vit(100, 3)), all), {});
});

test('spaceDefaultsFillOnlyWhatTheUserLeftUnset', () => {
    for (const space of ['autoformer-t', 'autoformer-s', 'autoformer-b'] as const) {
        const own = SPACE_DEFAULTS[space]!;
        const options = buildScoreOptions({ space });
        assert.equal(options.batch, own.batch ?? SCORE_DEFAULTS.batch, space);
        assert.equal(options.batches, own.batches ?? SCORE_DEFAULTS.batches, space);
        assert.equal(
            options.psiSamples,
            Math.min(own.psiSamples ?? SCORE_DEFAULTS.psiSamples, options.batch),
        );
        assert.equal(options.gradientMode, own.gradientMode ?? SCORE_DEFAULTS.gradientMode);
        // What the user gives wins over the space's default.
        const given = buildScoreOptions({ space, batch: 6, batches: 3, psiSamples: 5 });
        assert.deepEqual([given.batch, given.batches, given.psiSamples], [6, 3, 5]);
        assert.equal(calibrationScoreOptions(space, {}).batch, options.batch);
    }
    assert.equal(buildScoreOptions({ space: 'nb201' }).batch, SCORE_DEFAULTS.batch);
    assert.equal(buildScoreOptions({}).batch, SCORE_DEFAULTS.batch);
    // The ViT spaces score at a smaller batch than NB201's 64 (224x224 inputs).
    assert.ok(buildScoreOptions({ space: 'autoformer-b' }).batch < SCORE_DEFAULTS.batch);
});

test('everyAutoformerSpaceShipsACalibratedWindowThatScoringUses', () => {
    const windows = calibratedWindows();
    for (const [space, arch] of [
        ['autoformer-t', TINY],
        ['autoformer-s', SMALL],
        ['autoformer-b', BASE],
    ] as const) {
        const shipped = loadCalibration(space);
        assert.ok(shipped, `${space}: no calibration found`);
        assert.equal(shipped.space, space);
        assert.equal(path.basename(path.dirname(shipped.file)), 'calibration');
        assert.ok(shipped.file.includes(`${path.sep}media${path.sep}`), shipped.file);
        const [lo, hi] = shipped.window;
        assert.ok(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= 9);
        assert.equal(shipped.profile.length, 10);
        assert.ok(shipped.samples > 0);
        assert.deepEqual(windows[space], [lo, hi]);
        const [spec] = specsOf(arch);
        const options = buildScoreOptions({ calibratedWindows: windows });
        assert.deepEqual(windowFor(spec, options), { lo, hi, source: 'calibrated' });
    }
});
