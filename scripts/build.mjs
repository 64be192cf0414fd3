// Bundles the extension, worker, CLI and the webviews (browser IIFEs) into dist/ with esbuild.
// Keeps onnxruntime-node (a native addon) and vscode (provided by the host) out of every bundle.
// Usage: node scripts/build.mjs [--watch]
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isWatch = process.argv.includes('--watch');

import { nodeOptions, webviewOptions } from './bundleOptions.mjs';

/** Files the bundles load at run time, copied next to them: the Python parser's WASM and the
 * script that traces PyTorch definitions with the user's own Python. */
const assets = [
    'node_modules/web-tree-sitter/web-tree-sitter.wasm',
    'node_modules/tree-sitter-python/tree-sitter-python.wasm',
    'python/lswag_trace.py',
];

/**
 * Why: BullMQ and ioredis (the job queue, src/queue) are most of the extension's bundle, yet only a
 * person who sets `lswag.queue` uses them. The extension's one import of the queue's engine
 * (queueHandle.ts, a dynamic import) becomes a require of dist/queue.js, their own bundle, loaded
 * on that first use. The CLI keeps them inside cli.js.
 */
const lazyQueue = {
    name: 'lswag-lazy-queue',
    setup(build) {
        build.onResolve({ filter: /^\.\.\/queue\/queueEngine$/ }, (args) =>
            args.importer.endsWith(path.join('src', 'extension', 'queueHandle.ts'))
                ? { path: './queue.js', external: true }
                : undefined,
        );
    },
};

/** Each target: its entry, output, esbuild options, and an optional step after each build. */
const targets = [
    {
        name: 'extension',
        entry: 'src/extension/main.ts',
        outfile: 'dist/extension.js',
        // Why no dynamic import: the external ./queue.js is then loaded by require, as a CJS bundle.
        options: {
            ...nodeOptions,
            external: ['vscode', 'onnxruntime-node'],
            supported: { 'dynamic-import': false },
        },
        plugins: [lazyQueue],
    },
    {
        name: 'queue',
        entry: 'src/queue/queueEngine.ts',
        outfile: 'dist/queue.js',
        options: { ...nodeOptions, external: ['onnxruntime-node'] },
    },
    {
        name: 'worker',
        entry: 'src/worker/main.ts',
        outfile: 'dist/worker.js',
        isOptional: true,
        options: { ...nodeOptions, external: ['onnxruntime-node'] },
    },
    {
        name: 'cli',
        entry: 'src/cli/main.ts',
        outfile: 'dist/cli.js',
        options: {
            ...nodeOptions,
            external: ['onnxruntime-node'],
            banner: { js: '#!/usr/bin/env node' },
        },
        afterBuild: (outfile) => chmod(outfile, 0o755),
    },
    {
        name: 'rankings',
        entry: 'webview/rankings/main.ts',
        outfile: 'dist/rankings.js',
        options: webviewOptions,
    },
    {
        name: 'search',
        entry: 'webview/search/main.ts',
        outfile: 'dist/search.js',
        options: webviewOptions,
    },
];

/** Runs `afterBuild` and prints the bundle size once esbuild has written the output. */
function reportPlugin(target) {
    return {
        name: 'lswag-report',
        setup(build) {
            build.onEnd(async (result) => {
                if (result.errors.length > 0) return;
                const outfile = path.join(root, target.outfile);
                if (target.afterBuild) await target.afterBuild(outfile);
                const bytes = Object.entries(result.metafile?.outputs ?? {}).find(([file]) =>
                    file.endsWith('.js'),
                )?.[1].bytes;
                const size = bytes === undefined ? '?' : `${(bytes / 1024).toFixed(1)} KiB`;
                console.log(`built ${target.outfile} (${size})`);
            });
        },
    };
}

async function main() {
    await mkdir(path.join(root, 'dist'), { recursive: true });
    for (const asset of assets) {
        await copyFile(path.join(root, asset), path.join(root, 'dist', path.basename(asset)));
    }
    const contexts = [];
    for (const target of targets) {
        if (!existsSync(path.join(root, target.entry))) {
            if (!target.isOptional) throw new Error(`missing entry point ${target.entry}`);
            console.log(`skipped ${target.name}: ${target.entry} does not exist yet`);
            continue;
        }
        contexts.push(
            await esbuild.context({
                ...target.options,
                absWorkingDir: root,
                entryPoints: [target.entry],
                outfile: target.outfile,
                metafile: true,
                plugins: [...(target.plugins ?? []), reportPlugin(target)],
            }),
        );
    }
    if (isWatch) {
        await Promise.all(contexts.map((ctx) => ctx.watch()));
        console.log('watching for changes (Ctrl+C to stop)');
        return;
    }
    try {
        await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    } finally {
        await Promise.all(contexts.map((ctx) => ctx.dispose()));
    }
}

main().catch((error) => {
    // esbuild has already printed its own diagnostics; this names the failure for the log.
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
