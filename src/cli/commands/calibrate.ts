// `lswag calibrate --space S [--samples K]`: scores K random architectures of a search space for
// their per-layer gradient profile (label-free), saves the per-bin profile and the chosen window.
import { BINS, profileFromLayers } from '../../core/proxies/calibration';
import { SPACE_IDS, type SpaceId } from '../../core/spec/spaceId';
import { genomeToSpec, sampleGenome } from '../../core/search/spaces';
import { Rng } from '../../core/util/rng';
import { saveCalibration } from '../../host/calibrationStore';
import { integerAtLeast } from '../../host/optionChecks';
import { SEARCH_COUNT_MAX } from '../../host/searchHeader';
import { calibrationScoreOptions, engineSettings } from '../../host/scoreOptions';
import { defineCommand } from '../command';
import { dataFromOptions } from '../dataOption';
import { createEngine } from '../engine';
import { engineLog } from '../engineLog';
import { DATA_OPTIONS, ENGINE_OPTIONS } from '../optionGroups';
import { UsageError } from '../options';
import { ProgressBar } from '../progressBar';

export const calibrateCommand = defineCommand({
    summary:
        "Calibrate L-SWAG's depth-bin window for a search space (label-free; --batch defaults to 64 on nb201, 16 elsewhere).",
    usage: `lswag calibrate --space ${SPACE_IDS.join('|')} [options]`,
    options: {
        own: {
            space: {
                type: 'string',
                value: SPACE_IDS.join('|'),
                help: 'The search space to calibrate.',
            },
            samples: {
                type: 'number',
                value: 'K',
                help: 'Random architectures to profile (default 100).',
            },
            out: {
                type: 'string',
                value: 'DIR',
                help: 'Where the profile is saved (default ~/.lswag/calibration).',
            },
            json: { type: 'boolean', help: 'Print the profile as JSON.' },
        },
        shared: [...DATA_OPTIONS, ...ENGINE_OPTIONS],
    },
    async run(o, io) {
        const space = o.space as SpaceId;
        if (!SPACE_IDS.includes(space))
            throw new UsageError(`--space must be one of ${SPACE_IDS.join(', ')}`);
        const samples = integerAtLeast(1, SEARCH_COUNT_MAX)(o.samples ?? 100, '--samples');
        const scoreOptions = calibrationScoreOptions(space, {
            ...o.values,
            data: dataFromOptions(o.values),
        });
        const seed = scoreOptions.seed;
        const rng = new Rng(seed);
        const specs = Array.from({ length: samples }, () => genomeToSpec(sampleGenome(space, rng)));
        const engine = createEngine(engineSettings(o.values), engineLog(io));
        const bar = new ProgressBar(
            io.err,
            Boolean(process.stderr.isTTY) && !o.json,
            `calibrating ${space}`,
        );
        let results;
        try {
            results = (
                await engine.score(specs, scoreOptions, {
                    onProgress: (p) => bar.update(p.done, p.total),
                })
            ).results;
        } finally {
            bar.finish();
            await engine.stop();
        }
        for (const r of results) for (const e of r.errors) io.err(`${r.name}: ${e}\n`);
        const profile = profileFromLayers(
            space,
            results.map((r) => r.layerProfile ?? []),
            {
                seed,
                batch: scoreOptions.batch,
                batches: scoreOptions.batches,
                data: scoreOptions.data.kind,
            },
        );
        if (profile.samples === 0) {
            io.err('lswag calibrate: no architecture produced a gradient profile\n');
            return 1;
        }
        const file = saveCalibration(profile, o.out);
        if (o.json) {
            io.out(`${JSON.stringify({ ...profile, file }, null, 2)}\n`);
        } else {
            io.out(
                `space ${space}: ${profile.samples} architectures, profile of mean log sqrt Var(|g|) per depth bin:\n`,
            );
            for (let k = 0; k < BINS; k++) {
                const v = profile.profile[k];
                const mark = k >= profile.window[0] && k <= profile.window[1] ? '  <- window' : '';
                io.out(
                    `  bin ${k}: ${v === null ? '-' : v.toFixed(3).padStart(8)} (${profile.layerCounts[k]} layers)${mark}\n`,
                );
            }
            io.out(
                `window [${profile.window[0]}, ${profile.window[1]}] (${profile.rule}); saved to ${file}\n`,
            );
        }
        return 0;
    },
});
