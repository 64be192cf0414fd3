// Rebuilds the LIBRA presets shipped in media/presets/ from `lswag eval` results on the dev benchmark,
// with the out-of-sample protocol of docs/libra.md: for each NB201 dataset, `nb201-<dataset>` is the
// recommendation (the default rule's combination when it beats the best single proxy on held-out
// folds, else that proxy alone) and `nb201-<dataset>-libra` the faithful LIBRA-NAS picks; both record
// their held-out rho next to the best single proxy's.
// Usage: node scripts/buildPresets.mjs BENCH.csv C10_RESULTS[,MORE] C100_RESULTS[,MORE] IN16_RESULTS[,MORE]
//   e.g. node scripts/buildPresets.mjs ../shared/data/nb201/nb201-dev-1000.csv c10.jsonl c100.jsonl in16.jsonl
// Needs the built CLI (npm run build). The results come from (per dataset):
//   node dist/cli.js eval --bench BENCH --acc <column> --dataset <dataset> --limit N --data <images> --out RESULTS
// (the same file may serve several datasets: its proxies are then correlated with each accuracy column).
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
            ['', 'recommended'],
            ['-libra', 'libra'],
        ]) {
            const name = `nb201-${dataset}${suffix}`;
            const args = [
                path.join(root, 'dist', 'cli.js'),
                'libra',
                '--bench',
                path.resolve(bench),
                '--acc',
                acc,
                '--dataset',
                dataset,
                '--results',
                results[i]
                    .split(',')
                    .map((f) => path.resolve(f))
                    .join(','),
                '--save-preset',
                name,
                '--space',
                'nb201',
                '--method',
                method,
                // Why: the temporary home is empty, but the shipped file of this name is what we replace.
                '--force',
            ];
            const run = spawnSync(process.execPath, args, {
                cwd: home,
                env: { ...process.env, LSWAG_HOME: home },
                encoding: 'utf8',
            });
            if (run.status !== 0) throw new Error(`lswag libra for ${name} failed:\n${run.stderr}`);
        }
    });
    for (const f of readdirSync(path.join(home, 'presets'))) {
        const preset = JSON.parse(readFileSync(path.join(home, 'presets', f), 'utf8'));
        // Why: the shipped file must not carry this machine's absolute path.
        preset.createdFrom.bench = path.basename(preset.createdFrom.bench);
        writeFileSync(path.join(outDir, f), `${JSON.stringify(preset, null, 2)}\n`);
        console.log(`${f}: ${preset.method} ${preset.picks.join(' + ')}`);
    }
} finally {
    rmSync(home, { recursive: true, force: true });
}
