// The trace cache: one folder per key (the definition's file content, the request, the
// interpreter, the torch version and the script), holding model.onnx and meta.json. The hashes
// of the workspace files the trace imported are recorded and re-checked on every lookup.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TraceSuccess } from './traceProtocol';

/** $XDG_CACHE_HOME/lswag/traces, else ~/.cache/lswag/traces. */
export function defaultTraceCacheDir(env: NodeJS.ProcessEnv = process.env): string {
    const base = env.XDG_CACHE_HOME?.trim() || path.join(os.homedir(), '.cache');
    return path.join(base, 'lswag', 'traces');
}

/** The SHA-256 of a file's bytes, or null when it cannot be read (deleted, moved). */
export function hashFile(file: string): string | null {
    try {
        return createHash('sha256').update(readFileSync(file)).digest('hex');
    } catch {
        return null;
    }
}

/** The cache key: everything that decides the exported graph, except the imported files. */
export function traceKey(parts: Readonly<Record<string, unknown>>): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

interface Meta {
    readonly result: TraceSuccess;
    readonly imports: { readonly file: string; readonly sha256: string | null }[];
}

const MODEL = 'model.onnx';
const META = 'meta.json';

/** A cached trace whose imported workspace files are unchanged, with onnxPath inside the cache. */
export function lookupTrace(cacheDir: string, key: string): TraceSuccess | undefined {
    const dir = path.join(cacheDir, key);
    try {
        const meta = JSON.parse(readFileSync(path.join(dir, META), 'utf8')) as Meta;
        if (!existsSync(path.join(dir, MODEL))) return undefined;
        if (meta.imports.some((i) => hashFile(i.file) !== i.sha256)) return undefined;
        return { ...meta.result, onnxPath: path.join(dir, MODEL) };
    } catch {
        return undefined;
    }
}

/** A fresh folder for one trace to write into; `commitTrace` moves it into place. */
export function stagingDir(cacheDir: string, key: string): { dir: string; onnxPath: string } {
    const dir = path.join(cacheDir, `${key}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    return { dir, onnxPath: path.join(dir, MODEL) };
}

/** Records the imports' hashes and moves the staged trace to its key; returns the cached result. */
export function commitTrace(
    cacheDir: string,
    key: string,
    staged: string,
    result: TraceSuccess,
): TraceSuccess {
    const meta: Meta = {
        result,
        imports: result.imports.map((file) => ({ file, sha256: hashFile(file) })),
    };
    writeFileSync(path.join(staged, META), JSON.stringify(meta, null, 1));
    const dir = path.join(cacheDir, key);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staged, dir);
    return { ...result, onnxPath: path.join(dir, MODEL) };
}

export function discardStaging(staged: string): void {
    rmSync(staged, { recursive: true, force: true });
}
