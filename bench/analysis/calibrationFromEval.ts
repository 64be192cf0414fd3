// Builds a space's calibration profile (label-free: gradient statistics only) from the per-layer
// profiles an `lswag eval --profile` run stored, and writes it where `score` finds shipped profiles.
// Usage: npx tsx bench/analysis/calibrationFromEval.ts RESULTS.jsonl SPACE OUT.json
import { writeFileSync } from 'node:fs';
import { readResultFile } from '../../src/cli/resultLog';
import { profileFromLayers } from '../../src/core/proxies/calibration';
import type { SpaceId } from '../../src/core/spec/spaceId';

const [resultsFile, space, out] = process.argv.slice(2);
const { options, results } = readResultFile(resultsFile);
const layers = [...results.values()].map((r) => r.layerProfile ?? []);
const profile = profileFromLayers(space as SpaceId, layers, {
    seed: options.seed,
    batch: options.batch,
    batches: options.batches,
    data: options.data.kind,
});
writeFileSync(out, `${JSON.stringify(profile, null, 2)}\n`);
console.log(`${out}: ${profile.samples} architectures, window [${profile.window.join(', ')}]`);
