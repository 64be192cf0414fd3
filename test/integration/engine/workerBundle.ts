// Bundles src/worker/main.ts once per test process with the options scripts/build.mjs uses for dist/worker.js.
// Why not tsx: a worker started through tsx takes ~2 s to load, a bundle ~0.7 s (hard-cancel budget).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { nodeOptions } from '../../../scripts/bundleOptions.mjs';

const root = path.resolve(__dirname, '../../..');

/** Builds the worker under node_modules/.cache (so onnxruntime-node resolves); returns its path. */
export async function buildWorker(): Promise<string> {
    const dir = path.join(root, 'node_modules/.cache/lswag-tests');
    mkdirSync(dir, { recursive: true });
    const outfile = path.join(dir, `worker-${process.pid}.js`);
    await esbuild.build({
        ...nodeOptions,
        sourcemap: false,
        absWorkingDir: root,
        entryPoints: ['src/worker/main.ts'],
        outfile,
        external: ['onnxruntime-node'],
    });
    return outfile;
}

export function removeWorker(file: string): void {
    rmSync(file, { force: true });
}
