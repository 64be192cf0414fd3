// esbuild options shared by every bundle: scripts/build.mjs (dist/) and bench/perf/bundle.mjs.
// Keeps onnxruntime-node (a native addon) and vscode (provided by the host) out where given.

// Why: onnx-buf is ESM-only and is bundled on purpose: esbuild rewrites its ESM into our CJS
// output, so nothing requires an ES module at run time. Our TS `import`s and onnx-buf's both hit
// the "import" condition of @bufbuild/protobuf's exports map, so each bundle holds one copy of it.
// Why: web-tree-sitter's ESM build locates itself through import.meta.url, which is empty in a CJS
// bundle (Parser.init then throws ERR_INVALID_ARG_VALUE), so the bundles use its CJS build.
export const nodeOptions = {
    bundle: true,
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
};

/** The webviews: browser IIFEs, minified, each loaded by nonce under the panels' CSP. */
export const webviewOptions = {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
};
