// A small LRU of loaded batches, bounded by entry count and bytes, keyed by source, request and the
// source's on-disk fingerprint, so that scoring many architectures reads the data once.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Least-recently-used map; an entry over the byte budget is not kept at all. */
export class LruCache<V> {
    private readonly entries = new Map<string, { value: V; bytes: number }>();
    private bytes = 0;

    constructor(
        readonly maxEntries: number,
        readonly maxBytes: number,
    ) {}

    get(key: string): V | undefined {
        const entry = this.entries.get(key);
        if (entry === undefined) return undefined;
        this.entries.delete(key);
        this.entries.set(key, entry);
        return entry.value;
    }

    set(key: string, value: V, bytes: number): void {
        this.delete(key);
        if (bytes > this.maxBytes) return;
        this.entries.set(key, { value, bytes });
        this.bytes += bytes;
        while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
            this.delete(this.entries.keys().next().value as string);
        }
    }

    get size(): number {
        return this.entries.size;
    }

    clear(): void {
        this.entries.clear();
        this.bytes = 0;
    }

    private delete(key: string): void {
        const entry = this.entries.get(key);
        if (entry === undefined) return;
        this.entries.delete(key);
        this.bytes -= entry.bytes;
    }
}

const IMAGE_FILE = /\.(jpe?g|png)$/i;

/**
 * Size and modification time of `p` and, for a folder, of each entry in it except image files
 * (class folders, CIFAR and .npy files). Why: it catches added, removed and rewritten data files
 * without a stat per image; an image rewritten in place under the same name is not seen.
 */
export async function fingerprint(p: string): Promise<string> {
    const info = await stat(p).catch(() => undefined);
    if (info === undefined) return 'missing';
    const parts = [`${info.size}:${info.mtimeMs}`];
    if (info.isDirectory()) {
        const entries: Dirent[] = await readdir(p, { withFileTypes: true }).catch(() => []);
        for (const entry of entries.filter((e) => !IMAGE_FILE.test(e.name)).sort(byName)) {
            const s = await stat(path.join(p, entry.name)).catch(() => undefined);
            parts.push(`${entry.name}=${s ? `${s.size}:${s.mtimeMs}` : 'missing'}`);
        }
    }
    return parts.join('|');
}

function byName(a: Dirent, b: Dirent): number {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
