// `npm run bench`: our engine and PyTorch (Debian python3-torch, when importable) on the same work,
// interleaved in one run because this machine is shared and noisy; medians over rounds.
// Prints `BENCH <name> ours=<s> torch=<s> ratio=<ours/torch>` lines plus our build/create/RSS.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.LSWAG_BENCH_ROUNDS ?? 3);
const threads = Number(process.env.LSWAG_BENCH_THREADS ?? 2);
const repeats = Number(process.env.LSWAG_BENCH_REPEATS ?? 3);
const cases = [
    { model: 'nb201', batch: 64 },
    { model: 'autoformer-t', batch: 16 },
];

const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) console.log('PyTorch is not importable by /usr/bin/python3: reporting our numbers only.');

const json = (out) => JSON.parse(out.toString().trim().split('\n').pop());
const ours = (c) =>
    json(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/ours.ts', c.model, c.batch, threads, repeats], { cwd: root }));
const torch = (c) =>
    json(execFileSync('/usr/bin/python3', ['scripts/bench/torch_models.py', c.model, c.batch, threads, repeats], { cwd: root }));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = new Map();
const add = (key, value) => samples.set(key, [...(samples.get(key) ?? []), value]);

for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
        const o = ours(c);
        for (const k of ['build_s', 'create_s', 'forward_s', 'forward_backward_s', 'peak_rss_mib']) add(`${c.model}.ours.${k}`, o[k]);
        if (hasTorch) {
            const t = torch(c);
            add(`${c.model}.torch.forward_s`, t.forward_s);
            add(`${c.model}.torch.forward_backward_s`, t.forward_backward_s);
        }
    }
}

const fmt = (v) => v.toFixed(4);
const range = (xs) => `[${fmt(Math.min(...xs))}..${fmt(Math.max(...xs))}]`;
for (const c of cases) {
    const get = (k) => samples.get(`${c.model}.${k}`);
    console.log(
        `INFO ${c.model} B=${c.batch} threads=${threads}: build ${fmt(median(get('ours.build_s')))} s, session creation ` +
            `${fmt(median(get('ours.create_s')))} s, peak RSS ${median(get('ours.peak_rss_mib')).toFixed(0)} MiB`,
    );
    for (const phase of ['forward', 'forward_backward']) {
        const o = get(`ours.${phase}_s`);
        const name = `${phase === 'forward' ? 'fwd' : 'fwdbwd'}-${c.model}`;
        if (!hasTorch) {
            console.log(`BENCH ${name} ours=${fmt(median(o))} range=${range(o)}`);
            continue;
        }
        const t = get(`torch.${phase}_s`);
        console.log(`BENCH ${name} ours=${fmt(median(o))} torch=${fmt(median(t))} ratio=${(median(o) / median(t)).toFixed(3)} ours_range=${range(o)} torch_range=${range(t)}`);
    }
}
