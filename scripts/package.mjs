// Builds the extension and packages it as a platform-specific VSIX with @vscode/vsce: the bundles of
// this build, run-time media, schemas, and onnxruntime-node's files for the target only. Lists what
// went in, refuses anything outside that list, and prints the size.
// Usage: node scripts/package.mjs [--target=linux-x64] [--no-build] [--out=FILE]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeVsixReadme } from './vsixReadme.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** VS Code targets and where onnxruntime-node 1.30 keeps their binaries (darwin-x64 has none). */
const ORT_FOLDERS = {
    'linux-x64': 'linux/x64',
    'linux-arm64': 'linux/arm64',
    'darwin-arm64': 'darwin/arm64',
    'win32-x64': 'win32/x64',
    'win32-arm64': 'win32/arm64',
};

function parseArgs(argv) {
    const opts = { target: `${process.platform}-${process.arch}`, build: true, out: undefined };
    for (const arg of argv) {
        if (arg.startsWith('--target=')) opts.target = arg.slice('--target='.length);
        else if (arg === '--no-build') opts.build = false;
        else if (arg.startsWith('--out=')) opts.out = path.resolve(arg.slice('--out='.length));
        else throw new Error(`unknown option ${arg}`);
    }
    if (!ORT_FOLDERS[opts.target])
        throw new Error(
            `no onnxruntime-node binaries for target ${opts.target} (one of ${Object.keys(ORT_FOLDERS).join(', ')})`,
        );
    return opts;
}

function run(command, args) {
    const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (r.error) throw r.error;
    if (r.status !== 0)
        throw new Error(`${path.basename(command)} ${args.join(' ')} exited ${r.status}`);
}

/** dist/ files of the build that just ran (older files there are leftovers of other scripts). */
function builtFiles(since) {
    const dir = path.join(root, 'dist');
    return readdirSync(dir)
        .filter((f) => /\.(js|wasm|py)$/.test(f))
        .filter((f) => f !== 'bench.js' && statSync(path.join(dir, f)).mtimeMs >= since)
        .sort();
}

/** The per-target ignore file: .vscodeignore with dist/ and the onnxruntime binaries narrowed. */
function targetIgnoreFile(target, distFiles) {
    const base = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    const lines = base.flatMap((line) => {
        if (line === '!dist/*.js' || line === '!dist/*.wasm') return [];
        if (line === '!node_modules/onnxruntime-node/bin/napi-v6/**')
            return [`!node_modules/onnxruntime-node/bin/napi-v6/${ORT_FOLDERS[target]}/**`];
        return [line];
    });
    lines.push(...distFiles.map((f) => `!dist/${f}`));
    // Why: vsce reads --readme-path only from the files it packages (it ships it as readme.md).
    lines.push('!out/vsix/README.md');
    const file = path.join(root, 'out', 'vsix', `vscodeignore-${target}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
}

/** Entry names and sizes from a zip's central directory (a VSIX is a zip). */
export function zipEntries(buffer) {
    const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('not a zip file');
    const count = buffer.readUInt16LE(eocd + 10);
    let at = buffer.readUInt32LE(eocd + 16);
    const entries = [];
    for (let i = 0; i < count; i++) {
        if (buffer.readUInt32LE(at) !== 0x02014b50)
            throw new Error('corrupt zip central directory');
        const compressed = buffer.readUInt32LE(at + 20);
        const size = buffer.readUInt32LE(at + 24);
        const nameLength = buffer.readUInt16LE(at + 28);
        const extraLength = buffer.readUInt16LE(at + 30);
        const commentLength = buffer.readUInt16LE(at + 32);
        const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
        entries.push({ name, size, compressed });
        at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

/** What may be in the VSIX for `target`; anything else is a packaging mistake. */
function allowedEntry(name, target) {
    const ort = ORT_FOLDERS[target].replace('/', '\\/');
    return [
        /^\[Content_Types\]\.xml$/,
        /^extension\.vsixmanifest$/,
        /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i,
        /^extension\/dist\/[^/]+\.(js|wasm|py)$/,
        /^extension\/media\/((calibration|presets)\/[^/]+\.json|[^/]+\.(svg|png))$/,
        /^extension\/media\/(walkthrough\/[^/]+\.md|screenshots\/[^/]+\.png)$/,
        /^extension\/docs\/[^/]+\.md$/,
        /^extension\/examples\/(nb201-cells\.arch\.yaml|nb201-notes\.md)$/,
        /^extension\/schemas\/[^/]+\.json$/,
        /^extension\/node_modules\/onnxruntime-(node|common)\/package\.json$/,
        /^extension\/node_modules\/onnxruntime-node\/dist\/[^/]+\.js$/,
        new RegExp(`^extension/node_modules/onnxruntime-node/bin/napi-v6/${ort}/[^/]+$`),
        /^extension\/node_modules\/onnxruntime-common\/dist\/cjs\/.+\.(js|json)$/,
    ].some((re) => re.test(name));
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function main() {
    const opts = parseArgs(process.argv.slice(2));
    const started = Date.now();
    if (opts.build) run(process.execPath, ['scripts/build.mjs']);
    // Why the window without a build: bundles of one build are written within seconds of each other.
    const lastBuild = () => statSync(path.join(root, 'dist/extension.js')).mtimeMs - 120_000;
    const distFiles = builtFiles(opts.build ? started - 1000 : lastBuild());
    for (const required of ['extension.js', 'worker.js', 'cli.js', 'lswag_trace.py'])
        if (!distFiles.includes(required)) throw new Error(`dist/${required} is missing`);
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const out =
        opts.out ?? path.join(root, `${manifest.name}-${manifest.version}-${opts.target}.vsix`);
    const ignoreFile = targetIgnoreFile(opts.target, distFiles);
    const readme = writeVsixReadme(root);
    const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
    run(process.execPath, [
        vsce,
        'package',
        '--target',
        opts.target,
        '--ignoreFile',
        ignoreFile,
        '--out',
        out,
        '--readme-path',
        // Why relative: vsce matches it against the packaged files' paths.
        path.relative(root, readme),
        '--allow-missing-repository',
        // Why: README links point into the repository; with no repository URL vsce cannot rewrite them.
        '--no-rewrite-relative-links',
    ]);
    const entries = zipEntries(readFileSync(out));
    const unexpected = entries.filter((e) => !allowedEntry(e.name, opts.target));
    console.log(
        `package: ${path.relative(root, out)} (${opts.target}) holds ${entries.length} files:`,
    );
    for (const e of entries) console.log(`  ${mib(e.size).padStart(9)}  ${e.name}`);
    const unpacked = entries.reduce((s, e) => s + e.size, 0);
    console.log(
        `package: ${mib(statSync(out).size)} on disk, ${mib(unpacked)} unpacked, in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (unexpected.length > 0)
        throw new Error(
            `unexpected files in the VSIX:\n${unexpected.map((e) => `  ${e.name}`).join('\n')}`,
        );
}

try {
    main();
} catch (e) {
    console.error(`package: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
}
