// Long fuzz runs over every target (or those named): `node --import tsx bench/fuzz.ts --seconds 60
// --seed 7 [--iterations N] [--save DIR] [onnx npy ...]`. Prints per target the inputs seen, failures and the
// slowest input; exits 1 when any input crashed, hung (> 1 s) or gave an unclear error.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type FuzzReport, formatReport, runTarget } from '../test/fuzz/harness';
import { FUZZ_TARGETS } from '../test/fuzz/targets/index';

const { values, positionals } = parseArgs({
    options: {
        seconds: { type: 'string' },
        iterations: { type: 'string' },
        seed: { type: 'string', default: '1' },
        save: { type: 'string' },
    },
    allowPositionals: true,
});
const seed = Number(values.seed);
const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
const total =
    values.seconds === undefined
        ? iterations === undefined
            ? 60
            : undefined
        : Number(values.seconds);
const unknown = positionals.filter((p) => !FUZZ_TARGETS.some((t) => t.name === p));
if (
    unknown.length > 0 ||
    !Number.isInteger(seed) ||
    (iterations !== undefined && !(iterations > 0)) ||
    (total !== undefined && !(total > 0))
) {
    console.error(
        `usage: bench/fuzz.ts [--seconds S | --iterations N] [--seed K] [${FUZZ_TARGETS.map((t) => t.name).join(' ')}]`,
    );
    process.exit(2);
}
const targets =
    positionals.length === 0
        ? FUZZ_TARGETS
        : FUZZ_TARGETS.filter((t) => positionals.includes(t.name));
// Why split evenly: --seconds is the whole run's budget, so every target gets its share.
const perTarget = total === undefined ? undefined : total / targets.length;

/** With --save DIR, writes each failing input to DIR/<target>-<index>.(bin|json) for a reproduction. */
function save(target: string): ((input: unknown, f: { index: number }) => void) | undefined {
    const dir = values.save;
    if (dir === undefined) return undefined;
    mkdirSync(dir, { recursive: true });
    return (input, f) => {
        const isBytes = input instanceof Uint8Array;
        const data = isBytes
            ? input
            : typeof input === 'string'
              ? input
              : JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
        writeFileSync(
            path.join(
                dir,
                `${target}-${f.index}.${isBytes ? 'bin' : typeof input === 'string' ? 'txt' : 'json'}`,
            ),
            data ?? String(input),
        );
    };
}

async function main(): Promise<void> {
    console.log(
        `fuzz: seed ${seed}, ${perTarget === undefined ? `${iterations} inputs` : `${perTarget.toFixed(1)} s`} per target`,
    );
    const reports: FuzzReport[] = [];
    for (const target of targets) {
        const report = await runTarget(target, {
            seed,
            iterations,
            seconds: perTarget,
            onFailure: save(target.name),
        });
        reports.push(report);
        console.log(formatReport(report));
        for (const f of report.failures.slice(0, 5))
            console.log(
                `    #${f.index} ${f.input}\n      ${f.error.split('\n').slice(0, 4).join('\n      ')}`,
            );
    }
    const inputs = reports.reduce((s, r) => s + r.inputs, 0);
    const failures = reports.reduce((s, r) => s + r.failures.length, 0);
    const maxMs = Math.max(...reports.map((r) => r.maxMs));
    console.log(
        `total: ${inputs} inputs, ${failures} failures, max ${maxMs.toFixed(1)} ms per input`,
    );
    process.exitCode = failures > 0 ? 1 : 0;
}

void main();
