// The GPU check's driver (plain Node 20 JavaScript, no dependencies): run by bench/gpu-check.sh
// with the bundle's own node binary from the unpacked bundle folder. For each device it runs
// `lswag selftest`, then the bundled benchmark (dist/bench.js) on NAS-Bench-201 (B=64) and
// AutoFormer-T (B=16, 224x224), each in its own process with a time limit, and prints:
//   PROBE auto -> webgpu (skipped cuda: <reason>)
//   SELFTEST webgpu passed=5 failed=0 seconds=3.1
//   BENCH fwdbwd-nb201 device=webgpu s=0.1234 B=64 threads=8 repeats=3
//   NODES nb201-fwdbwd webgpu=3700 cpu=220 copies=12
//   CPUOPS nb201-fwdbwd Shape=40 Gather=20 ...
//   RATIO fwdbwd-nb201 webgpu/cpu=0.250
//   SKIP <device|step> <reason>
//   DONE ok|selftest-failed|unavailable: <devices>|incomplete: time budget spent in <s> s
// and writes the same as JSON to OUTDIR/gpu-check.json when --out is given.
// Usage: node gpuDriver.mjs --app DIR [--devices webgpu,cuda,cpu] [--threads N] [--repeats N]
//          [--budget SECONDS] [--models nb201,autoformer-t] [--out DIR]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MODELS = { nb201: 64, 'autoformer-t': 16 };
const BUDGET_SPENT = 'time budget spent';

function parseArgs(argv) {
    const flags = {};
    for (let i = 0; i < argv.length; i++) {
        if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
        flags[argv[i].slice(2)] = argv[++i];
    }
    return flags;
}

const flags = parseArgs(process.argv.slice(2));
const app = path.resolve(flags.app ?? '.');
const devices = (flags.devices ?? 'webgpu,cpu').split(',').filter(Boolean);
const threads = Number(flags.threads ?? Math.min(8, os.availableParallelism()));
const repeats = Number(flags.repeats ?? 3);
const budgetSeconds = Number(flags.budget ?? 330);
const models = (flags.models ?? Object.keys(MODELS).join(',')).split(',').filter(Boolean);
const outDir = flags.out;
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const remaining = () => budgetSeconds - elapsed();

const summary = {
    threads,
    repeats,
    budget_s: budgetSeconds,
    devices,
    probe: null,
    selftest: {},
    bench: [],
    skipped: [],
    log: [],
};

function say(line) {
    console.log(line);
    summary.log.push(line);
}

/**
 * The first meaningful line of an onnxruntime error, without its source location, as
 * src/worker/devices.ts shortenReason does; Dawn's "Warning: ..." lines (e.g. "Couldn't load
 * Vulkan: libvulkan.so.1: cannot open shared object file") are appended as hints.
 */
function shortReason(text) {
    const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const hints = lines
        .filter((l) => l.startsWith('Warning:'))
        .map((l) => l.replace(/^Warning:\s*/, ''));
    const plain = lines.filter((l) => !l.startsWith('Warning:') && !l.startsWith('at '));
    let line =
        plain.find((l) => /^lswag(?: \w+)?:|Error\b/.test(l)) ??
        plain[0] ??
        hints[0] ??
        'no output';
    line = line
        .replace(/^lswag(?: \w+)?:\s*/, '')
        .replace(/^Error:\s*/, '')
        .replace(/^\/\S+:\d+\s+/, '')
        .replace(/^.*? was false\.\s*/, '');
    if (line.length > 240) line = `${line.slice(0, 239)}…`;
    return hints.length ? `${line} [${[...new Set(hints)].join('; ')}]` : line;
}

/** Runs `node <args>` in the app folder with a time limit; returns {ok, json, reason, seconds}. */
function runNode(args, limitSeconds) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, {
        cwd: app,
        encoding: 'utf8',
        timeout: Math.max(1, Math.floor(limitSeconds)) * 1000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL')
        return { ok: false, seconds, reason: `timed out after ${limitSeconds.toFixed(0)} s` };
    let json;
    try {
        json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
    } catch {
        try {
            json = JSON.parse(r.stdout);
        } catch {
            json = undefined;
        }
    }
    if (r.status !== 0 && json === undefined)
        return { ok: false, seconds, reason: shortReason(`${r.stderr}\n${r.stdout}`) };
    return {
        ok: r.status === 0,
        seconds,
        json,
        stderr: r.stderr,
        reason: r.status === 0 ? undefined : shortReason(r.stderr),
    };
}

function skip(what, reason) {
    summary.skipped.push({ what, reason });
    say(`SKIP ${what} ${reason}`);
}

const fmt = (v) => v.toFixed(4);
const counts = (obj) =>
    Object.entries(obj)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');

// 1. What `--device auto` picks here (cuda, then webgpu, then cpu) and why it passed over the others.
{
    const r = runNode(['dist/bench.js', 'probe', String(threads)], Math.min(120, remaining()));
    if (r.json) {
        summary.probe = r.json;
        const why = r.json.skipped.map((s) => `${s.device}: ${s.reason}`).join('; ');
        say(`PROBE auto -> ${r.json.device}${why ? ` (skipped ${why})` : ''}`);
    } else skip('probe', r.reason);
}

// 2. Self-test per device: forward and backward graphs against finite differences.
const usable = [];
for (const device of devices) {
    if (remaining() < 20) {
        skip(`selftest-${device}`, BUDGET_SPENT);
        continue;
    }
    const r = runNode(
        ['dist/cli.js', 'selftest', '--device', device, '--threads', String(threads), '--json'],
        Math.min(180, remaining()),
    );
    if (!r.json) {
        summary.selftest[device] = { error: r.reason, seconds: r.seconds };
        skip(device, `selftest could not run: ${r.reason}`);
        continue;
    }
    const results = r.json.results ?? [];
    const failed = results.filter((x) => !x.passed);
    summary.selftest[device] = {
        passed: results.length - failed.length,
        failed: failed.length,
        seconds: r.seconds,
        results,
    };
    say(
        `SELFTEST ${device} passed=${results.length - failed.length} failed=${failed.length} seconds=${r.seconds.toFixed(1)}` +
            (failed.length
                ? ` failing=${failed.map((x) => `${x.name}(error ${x.error.toExponential(2)} > ${x.tolerance})`).join(',')}`
                : ''),
    );
    usable.push(device);
}

// 3. Benchmarks, model by model across devices (the cheaper model is measured everywhere first).
const profileDir = mkdtempSync(path.join(os.tmpdir(), 'lswag-profile-'));
const times = {};
for (const model of models) {
    const batch = MODELS[model];
    if (!batch) {
        skip(`bench-${model}`, `unknown model (one of ${Object.keys(MODELS).join(', ')})`);
        continue;
    }
    for (const device of usable) {
        if (remaining() < 30) {
            skip(`bench-${model}-${device}`, BUDGET_SPENT);
            continue;
        }
        const args = [
            'dist/bench.js',
            model,
            String(batch),
            String(threads),
            String(repeats),
            '--device',
            device,
            '--profile',
            profileDir,
        ];
        const r = runNode(args, Math.min(240, remaining()));
        if (!r.json || !r.ok) {
            summary.bench.push({ model, device, error: r.reason, seconds: r.seconds });
            skip(`bench-${model}-${device}`, r.reason);
            continue;
        }
        const b = r.json;
        summary.bench.push({ ...b, wall_s: r.seconds });
        times[`fwd-${model}.${device}`] = b.forward_s;
        times[`fwdbwd-${model}.${device}`] = b.forward_backward_s;
        say(
            `INFO ${model} device=${device} B=${batch} threads=${threads}: build ${fmt(b.build_s)} s, session creation ${fmt(b.create_s)} s, peak RSS ${b.peak_rss_mib.toFixed(0)} MiB, wall ${r.seconds.toFixed(1)} s`,
        );
        say(
            `BENCH fwd-${model} device=${device} s=${fmt(b.forward_s)} B=${batch} threads=${threads} repeats=${repeats}`,
        );
        say(
            `BENCH fwdbwd-${model} device=${device} s=${fmt(b.forward_backward_s)} B=${batch} threads=${threads} repeats=${repeats}`,
        );
        if (b.nodes_error) say(`NODES ${model} unavailable: ${b.nodes_error}`);
        for (const [phase, placement] of Object.entries(b.nodes ?? {})) {
            const tag = `${model}-${phase === 'forward' ? 'fwd' : 'fwdbwd'}`;
            say(`NODES ${tag} ${counts(placement.providers)} copies=${placement.copies}`);
            if (device !== 'cpu' && Object.keys(placement.cpuOps).length)
                say(`CPUOPS ${tag} ${counts(placement.cpuOps)}`);
        }
    }
}

rmSync(profileDir, { recursive: true, force: true });

// 4. GPU time over CPU time, where both ran.
for (const key of Object.keys(times)) {
    const [name, device] = key.split('.');
    const cpu = times[`${name}.cpu`];
    if (device !== 'cpu' && cpu)
        say(`RATIO ${name} ${device}/cpu=${(times[key] / cpu).toFixed(3)}`);
}

// Exit status: 1 when a self-test check failed, 3 when a requested device could not run at all
// (its SKIP line says why), 4 when the time budget ran out before the last step, else 0.
const selftestFailed = Object.values(summary.selftest).some((s) => s.failed > 0);
const missing = devices.filter((d) => !usable.includes(d));
const outOfTime = summary.skipped.some((s) => s.reason === BUDGET_SPENT);
summary.status = selftestFailed
    ? 'selftest-failed'
    : missing.length
      ? `unavailable: ${missing.join(',')}`
      : outOfTime
        ? 'incomplete: time budget spent'
        : 'ok';
summary.total_s = elapsed();
say(`DONE ${summary.status} in ${elapsed().toFixed(1)} s`);
if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'gpu-check.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
process.exitCode = selftestFailed ? 1 : missing.length ? 3 : outOfTime ? 4 : 0;
