// No network access anywhere in the product but the opt-in job queue: the sources import no network
// module and call no network API; the bundles hold network code only in known third-party browser
// branches that Node never takes and in the queue's Redis client (BullMQ, ioredis: reached only with
// `--queue` / `lswag.queue`, docs/distributed.md); and a real `lswag score` (host and worker) makes
// no attempt under a hook that reports every one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';

const root = path.resolve(__dirname, '../../..');
const HOOK = path.join(__dirname, 'networkHook.cjs');

function files(dir: string, ext: RegExp): string[] {
    if (!existsSync(path.join(root, dir))) return [];
    return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && ext.test(e.name))
        .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** Source text without comments (line and block), so URLs and words in prose do not count. */
function code(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const NETWORK_MODULES =
    /from\s+'(node:)?(http|https|http2|net|tls|dgram|dns|undici|ws)(\/[^']*)?'|require\('(node:)?(http|https|http2|net|tls|dgram|dns)'\)/;
const NETWORK_CALLS =
    /\bfetch\s*\(|\bnew\s+WebSocket\b|\bXMLHttpRequest\b|\bEventSource\b|\bsendBeacon\b|\bimportScripts\b/;
const URL_IN_STRING = /['"`]\s*(https?|wss?):\/\//;

test('sourcesImportNoNetworkModuleAndCallNoNetworkApi', () => {
    const sources = [...files('src', /\.ts$/), ...files('webview', /\.ts$/)];
    assert.ok(sources.length > 50, `found ${sources.length} sources`);
    const offences: string[] = [];
    for (const file of sources) {
        const text = code(readFileSync(file, 'utf8'));
        for (const [what, re] of [
            ['network module', NETWORK_MODULES],
            ['network call', NETWORK_CALLS],
            ['URL', URL_IN_STRING],
        ] as const) {
            const m = re.exec(text);
            if (m) offences.push(`${path.relative(root, file)}: ${what} '${m[0]}'`);
        }
    }
    assert.deepEqual(offences, []);
});

/**
 * Network code inside the bundles that Node never runs, each with the marker of its branch:
 * web-tree-sitter's Emscripten loader (browser and web-worker branches, skipped when
 * ENVIRONMENT_IS_NODE; Language.load's fetch, skipped when process.versions.node is set) and
 * jpeg-js's JpegImage.load (a browser helper; we call jpeg.decode on bytes).
 */
const KNOWN_BRANCHES = [
    'ENVIRONMENT_IS_WEB',
    'ENVIRONMENT_IS_WORKER',
    '!ENVIRONMENT_IS_NODE',
    'process?.versions.node',
    'clampTo8bit',
];

/** The queue's Redis client: the one deliberate network user, loaded only when a queue is given. */
const QUEUE_PACKAGES = ['bullmq', 'ioredis', '@ioredis/'];

/** The source file esbuild's marker line (`// node_modules/x/y.js`, `// src/a.ts`) names before `index`. */
function bundledModuleAt(text: string, index: number): string | undefined {
    for (
        let at = text.lastIndexOf('\n// ', index);
        at >= 0;
        at = text.lastIndexOf('\n// ', at - 1)
    ) {
        const line = text.slice(at + 4, text.indexOf('\n', at + 4));
        if (/^[\w@./-]+\.(c?js|mjs|ts|json)$/.test(line)) return line;
    }
    return undefined;
}

const inQueueClient = (text: string, index: number): boolean =>
    QUEUE_PACKAGES.some((p) => bundledModuleAt(text, index)?.startsWith(`node_modules/${p}`));

test('bundlesHoldNetworkCodeOnlyInBrowserBranchesNodeNeverTakes', (t) => {
    const bundles = files('dist', /\.js$/);
    if (bundles.length === 0)
        return t.skip('no dist/ bundles (npm run build makes them; npm test builds first)');
    const offences: string[] = [];
    for (const file of bundles) {
        const text = readFileSync(file, 'utf8');
        for (const modules of text.matchAll(
            /require\("(node:)?(http|https|http2|net|tls|dgram|dns)"\)/g,
        )) {
            if (!inQueueClient(text, modules.index))
                offences.push(`${path.basename(file)} requires ${modules[0]}`);
        }
        for (const m of text.matchAll(
            /\bfetch\(|XMLHttpRequest|new WebSocket|EventSource|sendBeacon/g,
        )) {
            const before = text.slice(Math.max(0, m.index - 3000), m.index);
            if (
                !KNOWN_BRANCHES.some((marker) => before.includes(marker)) &&
                !inQueueClient(text, m.index)
            )
                offences.push(
                    `${path.basename(file)}: '${m[0]}' at ${m.index}: ${text.slice(m.index - 80, m.index + 40).replace(/\s+/g, ' ')}`,
                );
        }
    }
    assert.deepEqual(offences, []);
});

test('theNetworkHookCatchesAnAttempt', () => {
    const script =
        "for (const f of [() => fetch('http://127.0.0.1:9'), () => require('node:http').get('http://127.0.0.1:9')]) try { f(); } catch {}";
    const r = spawnSync(process.execPath, ['--require', HOOK, '-e', script], { encoding: 'utf8' });
    assert.match(r.stderr, /LSWAG-NETWORK-ATTEMPT fetch/);
    assert.match(r.stderr, /LSWAG-NETWORK-ATTEMPT node:http\.get/);
});

test('scoringMakesNoNetworkAttemptInTheHostOrTheWorker', { timeout: 180_000 }, (t) => {
    // Why the bundle: it is what ships (running from source, tsx itself talks to a local socket).
    const cli = path.join(root, 'dist', 'cli.js');
    if (!existsSync(cli))
        return t.skip('no dist/cli.js (npm run build makes it; npm test builds first)');
    const args = [
        cli,
        'score',
        'examples/nb201-notes.md',
        'examples/onnx',
        '--proxies',
        'params,nwot',
        '--batch',
        '2',
        '--batches',
        '1',
        '--psi-samples',
        '2',
        '--device',
        'cpu',
        '--threads',
        '1',
        '--json',
    ];
    // Why NODE_OPTIONS: the worker is forked with its own execArgv; the environment reaches it too.
    const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'lswag-net-')), 'network.log');
    const env = {
        ...process.env,
        LSWAG_NETWORK_LOG: log,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${HOOK}`,
    };
    const r = spawnSync(process.execPath, args, {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: 170_000,
    });
    const seen = existsSync(log) ? readFileSync(log, 'utf8') : '';
    assert.doesNotMatch(seen, /LSWAG-NETWORK-ATTEMPT/, seen.slice(0, 2000));
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const hooked = new Set([...seen.matchAll(/LSWAG-NETWORK-HOOK (\d+)/g)].map((m) => m[1]));
    assert.ok(
        hooked.size >= 2,
        `the hook ran in the host and the worker (${hooked.size} processes)`,
    );
    const scored = [...JSON.stringify(JSON.parse(r.stdout)).matchAll(/"nwot":-?\d/g)].length;
    assert.ok(scored >= 3, `the run scored ${scored} architectures (the check is not vacuous)`);
});
