// What the queue tests share: their own redis-server on a free loopback port (no system service),
// `lswag` processes from the built CLI with their output kept, and small labelled NB201 benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

/** Why a queue test cannot run here, or undefined. */
export function missingPrerequisite(): string | undefined {
    if (!REDIS) return 'no redis-server (apt-get install redis-server; .ci/run does)';
    if (!existsSync(CLI)) return 'no dist/cli.js (npm run build makes it; npm test builds first)';
    return undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** A process started by a test, with everything it printed so far. */
export interface Running {
    readonly child: ChildProcess;
    /** stdout and stderr as they came. */
    output: string;
    stdout: string;
    readonly exited: Promise<number | null>;
}

export function start(command: string, args: readonly string[], cwd: string): Running {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const running: Running = {
        child,
        output: '',
        stdout: '',
        exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    child.stdout!.on('data', (b: Buffer) => {
        running.output += b.toString();
        running.stdout += b.toString();
    });
    child.stderr!.on('data', (b: Buffer) => (running.output += b.toString()));
    return running;
}

/** `node dist/cli.js ARGS` in `cwd`. */
export const lswag = (args: readonly string[], cwd: string): Running =>
    start(process.execPath, [CLI, ...args], cwd);

/** Waits until `check` holds (polling), failing after `ms` with `what` and the given output. */
export async function waitUntil(
    check: () => boolean,
    what: string,
    ms: number,
    output: () => string = () => '',
): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${output()}`);
        await sleep(50);
    }
}

export interface RedisServer {
    readonly url: string;
    readonly dir: string;
    stop(): Promise<void>;
}

/** A private redis-server: loopback only, no persistence, in its own temporary folder. */
export async function startRedis(extra: readonly string[] = []): Promise<RedisServer> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-queue-'));
    const port = await freePort();
    const server = start(
        REDIS!,
        [
            '--port',
            `${port}`,
            '--bind',
            '127.0.0.1',
            '--save',
            '',
            '--appendonly',
            'no',
            '--dir',
            dir,
            ...extra,
        ],
        dir,
    );
    await waitUntil(
        () => /Ready to accept connections/.test(server.output),
        'redis-server',
        10_000,
        () => server.output,
    );
    return {
        url: `redis://127.0.0.1:${port}`,
        dir,
        stop: async () => {
            server.child.kill('SIGKILL');
            await server.exited;
            rmSync(dir, { recursive: true, force: true });
        },
    };
}

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

/** The i-th of 15,625 NB201 cells (base-5 digits of i as the six edges). */
export function cell(i: number): string {
    const e = [0, 1, 2, 3, 4, 5].map((k) => OPS[Math.floor(i / 5 ** k) % 5]);
    return `|${e[0]}~0|+|${e[1]}~0|${e[2]}~1|+|${e[3]}~0|${e[4]}~1|${e[5]}~2|`;
}

/**
 * A labelled benchmark of `n` NB201 cells in a small skeleton (4 channels, 1 cell per stage, 16x16
 * inputs) so that scoring takes a fraction of a second; every cell is distinct.
 */
export function writeBench(file: string, n: number): void {
    const rows = Array.from({ length: n }, (_, i) => [
        `  - name: c${i}`,
        `    cell: "${cell(i * 97 + 11)}"`,
        `    accuracy: {acc: ${(50 + ((i * 37) % 41)).toFixed(1)}}`,
    ]);
    writeFileSync(
        file,
        [
            'family: nb201',
            'dataset: cifar10',
            'channels: 4',
            'cells_per_stage: 1',
            'image_size: 16',
            'candidates:',
            ...rows.flat(),
            '',
        ].join('\n'),
    );
}

/** The options every queue test scores with: tiny batches, three proxies, one thread each. */
export const TINY = [
    '--batch',
    '4',
    '--batches',
    '2',
    '--proxies',
    'lswag,params,nwot',
    '--threads',
    '1',
];

/** `{key -> scores}` of an eval results file, and how often each key occurs. */
export function readResults(text: string): {
    scores: Map<string, unknown>;
    counts: Map<string, number>;
} {
    const scores = new Map<string, unknown>();
    const counts = new Map<string, number>();
    for (const line of text.split('\n').slice(1)) {
        if (!line.trim()) continue;
        const { key, result } = JSON.parse(line) as { key: string; result: { scores: unknown } };
        scores.set(key, result.scores);
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return { scores, counts };
}

/** A float32 .npy of shape (n, 3, 16, 16) filled from `seed`. */
export function writeNpy(file: string, n: number, seed: number): void {
    const shape = [n, 3, 16, 16];
    const header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
    const padded = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11) + '\n';
    const len = Buffer.alloc(2);
    len.writeUInt16LE(padded.length);
    const values = new Float32Array(shape.reduce((a, b) => a * b));
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.37 + seed);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
        file,
        Buffer.concat([
            Buffer.from('\x93NUMPY\x01\x00', 'latin1'),
            len,
            Buffer.from(padded),
            Buffer.from(values.buffer),
        ]),
    );
}
