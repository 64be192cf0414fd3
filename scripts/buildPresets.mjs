// Rebuilds the LIBRA presets shipped in media/presets/ from `lswag eval` results on the dev benchmark:
// for each NB201 dataset, the faithful LIBRA-NAS picks (`nb201-<dataset>`) and the best documented
// alternative (`nb201-<dataset>-best`, which may be a single proxy when nothing beats it).
// Usage: node scripts/buildPresets.mjs BENCH.csv C10_RESULTS[,MORE] C100_RESULTS[,MORE] IN16_RESULTS[,MORE]
//   e.g. node scripts/buildPresets.mjs ../shared/data/nb201/nb201-dev-1000.csv c10.jsonl,c10x.jsonl c100.jsonl in16.jsonl
// Needs the built CLI (npm run build). The results come from (per dataset):
//   node dist/cli.js eval --bench BENCH --acc <column> --dataset <dataset> --limit N --data <images> --out RESULTS
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [bench, ...results] = process.argv.slice(2);
const DATASETS = [
    { dataset: 'cifar10', acc: 'cifar10_test_acc' },
    { dataset: 'cifar100', acc: 'cifar100_test_acc' },
    { dataset: 'imagenet16-120', acc: 'imagenet16_test_acc' },
];
if (!bench || results.length !== DATASETS.length) {
    console.error(
        'usage: node scripts/buildPresets.mjs BENCH.csv C10_RESULTS C100_RESULTS IN16_RESULTS',
    );
    process.exit(2);
}
const home = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-'));
const outDir = path.join(root, 'media', 'presets');
mkdirSync(outDir, { recursive: true });
try {
    DATASETS.forEach(({ dataset, acc }, i) => {
        for (const [suffix, method] of [
            ['', 'libra'],
            ['-best', 'best'],
        ]) {
            const name = `nb201-${dataset}${suffix}`;
            const args = [
                'dist/cli.js',
                'libra',
                '--bench',
                bench,
                '--acc',
                acc,
                '--dataset',
                dataset,
                '--results',
                results[i],
                '--save-preset',
                name,
                '--space',
                'nb201',
                '--method',
                method,
            ];
            const run = spawnSync(process.execPath, args, {
                cwd: root,
                env: { ...process.env, LSWAG_HOME: home },
                encoding: 'utf8',
            });
            if (run.status !== 0) throw new Error(`lswag libra for ${name} failed:\n${run.stderr}`);
            if (suffix === '') process.stdout.write(`== ${dataset}\n${run.stdout}`);
        }
    });
    for (const file of readdirSync(path.join(home, 'presets'))) {
        const preset = JSON.parse(readFileSync(path.join(home, 'presets', file), 'utf8'));
        // Why: a shipped preset names its benchmark, not a path on the machine that built it.
        preset.createdFrom.bench = path.basename(preset.createdFrom.bench);
        writeFileSync(path.join(outDir, file), `${JSON.stringify(preset, null, 2)}\n`);
        console.log(
            `wrote media/presets/${file}: ${preset.picks.join(' + ')} (${preset.method}, rho ${preset.createdFrom.combined_spearman?.toFixed(3)})`,
        );
    }
} finally {
    rmSync(home, { recursive: true, force: true });
}
