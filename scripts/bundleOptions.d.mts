// Types of bundleOptions.mjs for the TypeScript that reuses them (the tests' worker bundle).
import type { BuildOptions } from 'esbuild';

export declare const nodeOptions: BuildOptions;
export declare const webviewOptions: BuildOptions;
