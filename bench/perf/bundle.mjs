// Bundles the benchmark (bench/perf/ours.ts) into one CommonJS file, dist/bench.js, so that it runs
// with a plain Node 20 where neither tsx nor node_modules exist (the GPU check's bundle). Like the
// other bundles (scripts/build.mjs), onnxruntime-node (a native addon) stays external: the GPU
// check ships it beside the bundle as node_modules/onnxruntime-node.
// Usage: node bench/perf/bundle.mjs [OUTFILE]   (default dist/bench.js)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { nodeOptions } from '../../scripts/bundleOptions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = path.resolve(root, process.argv[2] ?? 'dist/bench.js');

const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['bench/perf/ours.ts'],
    outfile,
    ...nodeOptions,
    external: ['onnxruntime-node'],
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`built ${path.relative(root, outfile)} (${(bytes / 1024).toFixed(1)} KiB)`);
