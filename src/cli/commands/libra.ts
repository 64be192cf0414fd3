// `lswag libra --bench FILE --acc COLUMN`: LIBRA-NAS on a labelled benchmark already scored by `lswag
// eval` (reads its results file, scores nothing), with its alternatives and AZ-NAS, and the honest
// out-of-sample comparison of a combination rule with the best single proxy; can save a preset.
import path from 'node:path';
import { libraReport } from '../../core/libra/alternatives';
import {
    DEFAULT_FOLDS,
    DEFAULT_SEED,
    outOfSample,
    presetOutOfSample,
    recommendation,
    type OutOfSampleReport,
    type Protocol,
} from '../../core/libra/outOfSample';
import type { LibraPreset } from '../../core/libra/preset';
import { DEFAULT_RULE, RULE_IDS, ruleById, type Choice, type RuleId } from '../../core/libra/rules';
import { SPACE_IDS, type SpaceId } from '../../core/spec/spaceId';
import type { CliCommand, CliIo } from '../command';
import { loadLibraTable } from '../libraTable';
import { formatLibraReport, libraJson } from '../libraText';
import { UsageError, parseOptions } from '../options';
import { existingPresetFiles, savePreset } from '../../host/presetStore';

/** --method: a rule's choice on every row, or the out-of-sample recommendation (the default). */
const PRESET_METHODS = ['recommended', ...RULE_IDS];

export const libraCommand: CliCommand = {
    summary:
        'Choose LIBRA-NAS proxies on a benchmark scored by `lswag eval`, test them out of sample against the best single proxy, and save a search preset.',
    usage:
        'lswag libra --bench FILE --acc COLUMN [--dataset cifar10|cifar100|imagenet16-120] [--results RESULTS.jsonl[,MORE.jsonl]] [--bins 24] [--band 0.1] ' +
        `[--rule ${RULE_IDS.join('|')}] [--folds 5 | --holdout 0.2] [--seed 0] ` +
        `[--save-preset NAME --space ${SPACE_IDS.join('|')} [--method ${PRESET_METHODS.join('|')}] [--force]] [--json]`,
    run(args: readonly string[], io: CliIo): number {
        const o = parseOptions(args, {
            bench: 'string',
            acc: 'string',
            dataset: 'string',
            results: 'string',
            bins: 'number',
            band: 'number',
            rule: 'string',
            folds: 'number',
            holdout: 'number',
            seed: 'number',
            'save-preset': 'string',
            space: 'string',
            method: 'string',
            force: 'boolean',
            json: 'boolean',
        });
        if (!o.bench || !o.acc) throw new UsageError('--bench and --acc are required');
        const bins = o.bins ?? 24;
        if (!Number.isInteger(bins) || bins < 1)
            throw new UsageError('--bins needs a positive integer');
        const band = o.band ?? 0.1;
        if (!(band > 0)) throw new UsageError('--band needs a positive number');
        const rule = (o.rule ?? DEFAULT_RULE) as RuleId;
        if (!RULE_IDS.includes(rule) || rule === 'best-single')
            throw new UsageError(
                `--rule must be one of ${RULE_IDS.filter((r) => r !== 'best-single').join(', ')}`,
            );
        const protocol = protocolOf(o);
        const method = o.method ?? 'recommended';
        if (!PRESET_METHODS.includes(method))
            throw new UsageError(`--method must be one of ${PRESET_METHODS.join(', ')}`);
        if (o['save-preset'] !== undefined && !SPACE_IDS.includes(o.space as SpaceId)) {
            throw new UsageError(`--save-preset needs --space (${SPACE_IDS.join(', ')})`);
        }

        // Why by space: AutoFormer's accuracies are ImageNet's; the cell spaces default to CIFAR-10.
        const dataset = o.dataset ?? (o.space?.startsWith('autoformer') ? 'imagenet' : 'cifar10');
        const resultsFile =
            o.results ?? path.join('.lswag', 'eval', `${path.basename(o.bench)}.${dataset}.jsonl`);
        const loaded = loadLibraTable({
            bench: o.bench,
            acc: o.acc,
            dataset: o.dataset,
            resultsFiles: resultsFile.split(','),
        });
        for (const e of loaded.errors) io.err(`${e}\n`);
        if (loaded.missingFile !== undefined) {
            const datasetArg = o.dataset ? ` --dataset ${o.dataset}` : '';
            const evalLine = `lswag eval --bench ${o.bench} --acc ${o.acc}${datasetArg}`;
            io.err(
                `lswag libra: no scores in ${loaded.missingFile}; score the benchmark first: ${evalLine} (or pass --results)\n`,
            );
            return 1;
        }
        if (loaded.scored < loaded.labelled) {
            io.err(
                `using the ${loaded.scored} of ${loaded.labelled} labelled architectures scored in ${resultsFile}; run lswag eval again to score the rest\n`,
            );
        }
        if (loaded.scored < 3) {
            io.err(
                `lswag libra: ${loaded.scored} scored architectures are too few to choose proxies\n`,
            );
            return 1;
        }
        const report = libraReport(loaded.table, { bins, band });
        // Why: a preset of one rule records that rule's held-out numbers, not the default rule's.
        const measured =
            o['save-preset'] !== undefined && method !== 'recommended' && method !== 'best-single'
                ? (method as RuleId)
                : rule;
        const oos = tryOutOfSample(loaded.table, measured, protocol, { bins, band }, io);

        let presetFile: string | undefined;
        if (o['save-preset'] !== undefined) {
            const chosen = presetChoice(loaded.table, method, oos, { bins, band });
            if (chosen === undefined) {
                io.err('lswag libra: no proxies were chosen, so there is no preset to save\n');
                return 1;
            }
            const preset: LibraPreset = {
                kind: 'lswag-libra-preset',
                space: o.space as SpaceId,
                dataset,
                acc: o.acc,
                picks: chosen.picks,
                method: chosen.rule,
                ...(chosen.weights ? { weights: chosen.weights } : {}),
                createdFrom: {
                    n: report.libra.n,
                    bench: path.resolve(o.bench),
                    combined_spearman: oos
                        ? ([oos.combination, oos.bestSingle, ...oos.others].find(
                              (r) => r.rule === chosen.rule,
                          )?.inSample ?? null)
                        : report.libra.combined_spearman,
                    ...(oos ? { out_of_sample: presetOutOfSample(oos) } : {}),
                },
            };
            // Why: a save must never silently replace or hide another preset, shipped ones included (#21).
            const clashes = existingPresetFiles(o['save-preset']);
            if (clashes.length > 0 && !o.force) {
                io.err(
                    `lswag libra: a preset '${o['save-preset']}' exists (${clashes.join(', ')}); saving would replace or hide it. Choose another name or pass --force\n`,
                );
                return 1;
            }
            presetFile = savePreset(o['save-preset'], preset);
        }
        const context = {
            acc: o.acc,
            resultsFile,
            scored: loaded.scored,
            labelled: loaded.labelled,
            presetFile,
            outOfSample: oos,
        };
        io.out(
            o.json
                ? `${JSON.stringify(libraJson(report, context), null, 2)}\n`
                : formatLibraReport(report, context),
        );
        return 0;
    },
};

function protocolOf(o: { folds?: number; holdout?: number; seed?: number }): Protocol {
    const seed = o.seed ?? DEFAULT_SEED;
    if (!Number.isInteger(seed) || seed < 0)
        throw new UsageError('--seed needs a non-negative integer');
    if (o.folds !== undefined && o.holdout !== undefined)
        throw new UsageError('give --folds or --holdout, not both');
    if (o.holdout !== undefined) {
        if (!(o.holdout > 0 && o.holdout < 1))
            throw new UsageError('--holdout needs a fraction between 0 and 1 (e.g. 0.2)');
        return { kind: 'held-out', fraction: o.holdout, seed };
    }
    const folds = o.folds ?? DEFAULT_FOLDS;
    if (!Number.isInteger(folds) || folds < 2)
        throw new UsageError('--folds needs an integer >= 2');
    return { kind: 'k-fold', folds, seed };
}

/** The protocol, or undefined with a note when the sample is too small to split. */
function tryOutOfSample(
    table: Parameters<typeof outOfSample>[0],
    rule: RuleId,
    protocol: Protocol,
    libra: { bins: number; band: number },
    io: CliIo,
): OutOfSampleReport | undefined {
    try {
        return outOfSample(table, {
            combination: rule,
            others: RULE_IDS,
            protocol,
            libra,
        });
    } catch (e) {
        io.err(`lswag libra: no out-of-sample check: ${(e as Error).message}\n`);
        return undefined;
    }
}

function presetChoice(
    table: Parameters<typeof outOfSample>[0],
    method: string,
    oos: OutOfSampleReport | undefined,
    libra: { bins: number; band: number },
): Choice | undefined {
    if (method === 'recommended')
        return oos ? recommendation(oos)?.choice : ruleById('libra').choose(table, libra);
    return ruleById(method).choose(table, libra);
}
