// CI's smoke check of bench/ (`npm run bench:smoke`): the benchmarks, measurements and analyses
// import src/ and test/ internals and nothing else runs them, so this keeps them from rotting. It
// typechecks the folder with its own tsconfig, syntax-checks the plain JavaScript, Python and shell
// files, and runs three invocations that take seconds. Ends with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const tsx = ['--import', 'tsx'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Every file under bench/ whose name ends with `suffix`, relative to the repository root. */
function benchFiles(suffix) {
    return readdirSync(here, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(suffix))
        .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)))
        .sort();
}

// Each check: a name, a command, and the text its output must hold (the run must also exit 0).
const checks = [
    { name: 'typecheck bench/', cmd: [process.execPath, tsc, '-p', 'bench', '--noEmit'] },
    ...benchFiles('.mjs').map((f) => ({
        name: `node --check ${f}`,
        cmd: [process.execPath, '--check', f],
    })),
    ...benchFiles('.sh').map((f) => ({ name: `bash -n ${f}`, cmd: ['bash', '-n', f] })),
    ...benchFiles('.py').map((f) => ({
        name: `parse ${f}`,
        cmd: ['/usr/bin/python3', '-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', f],
    })),
    {
        name: 'npm run bench (extension only, one quick round)',
        cmd: [
            process.execPath,
            'bench/run.mjs',
            '--quick',
            '--no-torch',
            '--no-proxies',
            '--no-scale',
        ],
        expect: /^BENCH activation ours=\d/m,
    },
    {
        name: 'measure/rankingsMessage.ts, 50 rows',
        cmd: [process.execPath, ...tsx, 'bench/measure/rankingsMessage.ts', '50'],
        expect: /^50 rows x \d+ proxies: message/m,
    },
    {
        name: 'fuzz.ts, 20 inputs per target',
        cmd: [process.execPath, ...tsx, 'bench/fuzz.ts', '--iterations', '20'],
        expect: /^total: \d+ inputs, 0 failures/m,
    },
];

let passed = 0;
let failed = 0;
for (const check of checks) {
    const began = Date.now();
    const [cmd, ...args] = check.cmd;
    const r = spawnSync(cmd, args, {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 1 << 26,
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const ok = r.status === 0 && (!check.expect || check.expect.test(output));
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    console.log(`${ok ? 'ok' : 'FAILED'} ${check.name} (${seconds} s)`);
    if (ok) passed++;
    else {
        failed++;
        const why = r.error ? String(r.error) : `exit ${r.status ?? r.signal}`;
        console.log(
            `  ${why}\n${output
                .trim()
                .split('\n')
                .slice(-20)
                .map((l) => `  | ${l}`)
                .join('\n')}`,
        );
    }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
