// `lswag calibrate --space S [--samples K]`: scores K random architectures of a search space for
// their per-layer gradient profile (label-free), saves the per-bin profile and the chosen window.
import { BINS, profileFromLayers } from '../../core/proxies/calibration';
import { SPACE_IDS, type SpaceId } from '../../core/spec/spaceId';
import { genomeToSpec, sampleGenome } from '../../core/search/spaces';
import { Rng } from '../../core/util/rng';
import type { DeviceChoice, ScoreOptions } from '../../protocol/worker';
import { saveCalibration } from '../../host/calibrationStore';
import type { CliCommand, CliIo } from '../command';
import { parseDataOption } from '../dataOption';
import { createEngine } from '../engine';
import { UsageError, parseOptions } from '../options';
import { ProgressBar } from '../progressBar';

export const calibrateCommand: CliCommand = {
    summary: "Calibrate L-SWAG's depth-bin window for a search space (label-free).",
    usage: 'lswag calibrate --space nb201|autoformer-t|autoformer-s|autoformer-b [--samples 100] [--data ...] [--batch B] [--batches 2] [--seed 0] [--out DIR] [--device ...] [--threads N] [--json]',
    async run(args: readonly string[], io: CliIo): Promise<number> {
        const o = parseOptions(args, {
            space: 'string', samples: 'number', data: 'string', labels: 'string', batch: 'number', batches: 'number',
            seed: 'number', out: 'string', device: 'string', threads: 'number', json: 'boolean',
        });
        const space = o.space as SpaceId;
        if (!SPACE_IDS.includes(space)) throw new UsageError(`--space must be one of ${SPACE_IDS.join(', ')}`);
        const samples = o.samples ?? 100;
        if (!Number.isInteger(samples) || samples < 1) throw new UsageError('--samples must be a positive integer');
        const seed = o.seed ?? 0;
        const options: ScoreOptions = {
            proxies: ['lswag'],
            data: parseDataOption(o.data, o.labels),
            batch: o.batch ?? (space === 'nb201' ? 64 : 16),
            batches: o.batches ?? 2,
            seed,
            psiSamples: 1,
            gradientMode: 'batches',
            collectProfile: true,
        };
        const rng = new Rng(seed);
        const specs = Array.from({ length: samples }, () => genomeToSpec(sampleGenome(space, rng)));
        const engine = createEngine((o.device ?? 'auto') as DeviceChoice, o.threads);
        const bar = new ProgressBar(io.err, Boolean(process.stderr.isTTY) && !o.json, `calibrating ${space}`);
        let results;
        try {
            results = (await engine.score(specs, options, { onProgress: (p) => bar.update(p.done, p.total) })).results;
        } finally {
            bar.finish();
            await engine.stop();
        }
        for (const r of results) for (const e of r.errors) io.err(`${r.name}: ${e}\n`);
        const profile = profileFromLayers(space, results.map((r) => r.layerProfile ?? []), {
            seed, batch: options.batch, batches: options.batches, data: options.data.kind,
        });
        if (profile.samples === 0) {
            io.err('lswag calibrate: no architecture produced a gradient profile\n');
            return 1;
        }
        const file = saveCalibration(profile, o.out);
        if (o.json) {
            io.out(`${JSON.stringify({ ...profile, file }, null, 2)}\n`);
        } else {
            io.out(`space ${space}: ${profile.samples} architectures, profile of mean log sqrt Var(|g|) per depth bin:\n`);
            for (let k = 0; k < BINS; k++) {
                const v = profile.profile[k];
                const mark = k >= profile.window[0] && k <= profile.window[1] ? '  <- window' : '';
                io.out(`  bin ${k}: ${v === null ? '-' : v.toFixed(3).padStart(8)} (${profile.layerCounts[k]} layers)${mark}\n`);
            }
            io.out(`window [${profile.window[0]}, ${profile.window[1]}] (${profile.rule}); saved to ${file}\n`);
        }
        return 0;
    },
};
