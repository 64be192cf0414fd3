// What makes two machines' scores comparable: the options (every field but the data's local path)
// and the data itself (each data file's name relative to the data root, size and SHA-256; synthetic
// data is its seed and batch shape). Queue workers refuse jobs whose fingerprints differ from theirs
// and `lswag merge` refuses shards that disagree; both name the difference.
import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceSpec, ScoreOptions } from '../core/spec/scoreOptions';

export interface FileDigest {
    /** Relative to the data root (a single data file: its base name). */
    readonly name: string;
    readonly bytes: number;
    readonly sha256: string;
}

export interface DataFingerprint {
    readonly kind: DataSourceSpec['kind'];
    /** Data files in name order; absent for synthetic data. */
    readonly files?: readonly FileDigest[];
    /** Synthetic data: drawn from this seed, B x N rows of each architecture's own input shape. */
    readonly synthetic?: {
        readonly seed: number;
        readonly batch: number;
        readonly batches: number;
    };
    /** SHA-256 of all of the above: equal digests, equal data. */
    readonly digest: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Canonical JSON: keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}

/** The options' digest: every field, with the data reduced to its kind (paths differ per machine). */
export function optionsFingerprint(options: ScoreOptions, version: string): string {
    return sha256(canonicalJson({ ...options, data: options.data.kind, version }));
}

function hashFile(file: string): string {
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(1 << 20);
    const fd = openSync(file, 'r');
    try {
        for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer))
            hash.update(buffer.subarray(0, n));
    } finally {
        closeSync(fd);
    }
    return hash.digest('hex');
}

/** Visible regular files under `root`, relative, sorted (the loaders skip dot files too). */
function listFiles(root: string, under = ''): string[] {
    const names = readdirSync(path.join(root, under), { withFileTypes: true })
        .filter((e) => !e.name.startsWith('.'))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return names.flatMap((e) => {
        const rel = under ? `${under}/${e.name}` : e.name;
        if (e.isDirectory()) return listFiles(root, rel);
        return e.isFile() ? [rel] : [];
    });
}

const digestOf = (file: string, name: string): FileDigest => ({
    name,
    bytes: statSync(file).size,
    sha256: hashFile(file),
});

/**
 * The fingerprint of the data a score with `options` reads. Why every file of a folder: the
 * loaders pick samples by seed from all of them, so any file may matter.
 */
export function dataFingerprint(options: ScoreOptions): DataFingerprint {
    const data = options.data;
    const seal = (f: Omit<DataFingerprint, 'digest'>): DataFingerprint => ({
        ...f,
        digest: sha256(canonicalJson(f)),
    });
    if (data.kind === 'synthetic')
        return seal({
            kind: 'synthetic',
            synthetic: { seed: options.seed, batch: options.batch, batches: options.batches },
        });
    const isFolder = statSync(data.path).isDirectory();
    const files = isFolder
        ? listFiles(data.path).map((rel) => digestOf(path.join(data.path, rel), rel))
        : [digestOf(data.path, path.basename(data.path))];
    if (data.kind === 'npy' && data.labels)
        files.push(digestOf(data.labels, `labels:${path.basename(data.labels)}`));
    return seal({ kind: data.kind, files });
}

/** One line describing data (messages): "cifar, 6 files, 178 MB (sha256 1a2b3c4d...)". */
export function describeData(f: DataFingerprint): string {
    if (f.synthetic)
        return `synthetic data (seed ${f.synthetic.seed}, B=${f.synthetic.batch}, N=${f.synthetic.batches})`;
    const bytes = (f.files ?? []).reduce((n, file) => n + file.bytes, 0);
    return `${f.kind} data, ${f.files?.length ?? 0} files, ${bytes} bytes (sha256 ${f.digest.slice(0, 12)})`;
}

/** What differs between the expected data and the local data, or undefined when they agree. */
export function dataDifference(
    expected: DataFingerprint,
    local: DataFingerprint,
): string | undefined {
    if (expected.digest === local.digest) return undefined;
    if (expected.kind !== local.kind || !expected.files || !local.files)
        return `expected ${describeData(expected)}, here ${describeData(local)}`;
    const here = new Map(local.files.map((f) => [f.name, f]));
    const there = new Map(expected.files.map((f) => [f.name, f]));
    const notes: string[] = [];
    for (const f of expected.files) {
        const h = here.get(f.name);
        if (!h) notes.push(`${f.name} is missing here`);
        else if (h.sha256 !== f.sha256)
            notes.push(
                `${f.name} differs (sha256 ${f.sha256.slice(0, 12)} expected, ${h.sha256.slice(0, 12)} here)`,
            );
    }
    for (const f of local.files) if (!there.has(f.name)) notes.push(`${f.name} is only here`);
    const shown = notes.slice(0, 5).join('; ');
    return `the ${expected.kind} data differs: ${shown}${notes.length > 5 ? `; and ${notes.length - 5} more` : ''}`;
}
