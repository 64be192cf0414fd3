// The shipped NB101 and DARTS calibration profiles (media/calibration/{nb101,darts}.json, built
// label-free from `lswag eval --profile` runs by bench/analysis/spacesWindow.ts) are found, are
// well-formed, and are the window scoring uses for architectures of those spaces.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after, before } from 'node:test';
import { windowFor } from '../../../src/core/proxies/score';
import { dartsSpec, sampleDarts } from '../../../src/core/search/dartsGenome';
import { nb101Spec, sampleNb101 } from '../../../src/core/search/nb101Genome';
import { Rng } from '../../../src/core/util/rng';
import { calibratedWindows, loadCalibration } from '../../../src/host/calibrationStore';
import { windowsOfSpaces } from '../../../src/host/jobSpace';
import { buildScoreOptions } from '../../../src/host/scoreOptions';

// Why an empty LSWAG_HOME: windows calibrated on this machine must not hide the shipped ones.
const home = mkdtempSync(path.join(os.tmpdir(), 'lswag-home-'));
const savedHome = process.env.LSWAG_HOME;
before(() => (process.env.LSWAG_HOME = home));
after(() => {
    if (savedHome === undefined) delete process.env.LSWAG_HOME;
    else process.env.LSWAG_HOME = savedHome;
    rmSync(home, { recursive: true, force: true });
});

test('nb101AndDartsShipACalibratedWindowThatScoringAndEvalUse', () => {
    const rng = new Rng(3);
    for (const [space, spec] of [
        ['nb101', nb101Spec(sampleNb101(rng))],
        ['darts', dartsSpec(sampleDarts(rng))],
    ] as const) {
        const shipped = loadCalibration(space);
        assert.ok(shipped, `${space}: no calibration found`);
        assert.equal(shipped.space, space);
        assert.ok(shipped.file.includes(`${path.sep}media${path.sep}`), shipped.file);
        const [lo, hi] = shipped.window;
        assert.ok(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= 9);
        assert.equal(shipped.profile.length, 10);
        assert.ok(shipped.samples >= 20, `${space}: ${shipped.samples} architectures`);
        // Label-free: built from gradient statistics of the evaluation's probe (B = 16, images).
        assert.equal(shipped.batch, 16);
        // `lswag eval` puts only the job's own space's window in its results header ...
        assert.deepEqual(windowsOfSpaces([spec]), { [space]: [lo, hi] });
        // ... and scoring uses it for an architecture of that space.
        const options = buildScoreOptions({ calibratedWindows: calibratedWindows() });
        assert.deepEqual(windowFor(spec, options), { lo, hi, source: 'calibrated' });
    }
});
