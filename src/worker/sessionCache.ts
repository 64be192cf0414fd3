// Compiled onnxruntime sessions keyed by the SHA-1 of their ONNX bytes, in a bounded LRU: the
// CompileModel the core gets in the worker. Weights are graph inputs, so one topology = one session.
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { TensorData } from '../core/ir/tensor';
import type { CompileModel, RunnableModel } from '../core/onnx/runnable';
import type { DeviceName, SessionCacheStats } from '../protocol/worker';
import { type CreateSession, createOrtSession, shortenReason } from './devices';

export const DEFAULT_SESSION_CACHE_SIZE = 8;

/**
 * Resident memory above which idle sessions are released, least recently used first.
 * Why: each session keeps its onnxruntime arena at its peak (gigabytes for a probe graph of 128
 * images), so a count bound alone let 8 idle sessions take the machine's memory.
 */
export function defaultMemoryBudgetMiB(): number {
    return Math.min(8192, Math.floor((os.totalmem() / 2 ** 20) * 0.4));
}

export interface SessionCacheOptions {
    /** The device the worker chose; sessions that fail there are retried on the CPU. */
    readonly device: DeviceName;
    readonly threads: number;
    /** Sessions kept when none is in use (default 8). */
    readonly capacity?: number;
    /** Idle sessions are released while the process's RSS exceeds this (default: defaultMemoryBudgetMiB). */
    readonly memoryBudgetMiB?: number;
    /** The process's resident memory in MiB (tests substitute their own). */
    readonly residentMiB?: () => number;
    readonly create?: CreateSession;
    readonly warn?: (message: string) => void;
}

interface Compiled {
    readonly model: RunnableModel;
    readonly device: DeviceName;
}

interface Entry {
    readonly key: string;
    /** Replaced when a GPU session is recreated on the CPU. */
    compiled: Promise<Compiled>;
    /** Handles given out and not yet released; an entry in use is never evicted. */
    refs: number;
}

export class SessionCache {
    /** Insertion order is recency order: a hit moves its entry to the end. */
    private readonly entries = new Map<string, Entry>();
    private readonly capacity: number;
    private readonly create: CreateSession;
    private counts = { created: 0, hits: 0, evicted: 0, cpuFallbacks: 0 };
    private used = new Set<DeviceName>();

    constructor(private readonly opts: SessionCacheOptions) {
        this.capacity = Math.max(1, opts.capacity ?? DEFAULT_SESSION_CACHE_SIZE);
        this.create = opts.create ?? createOrtSession;
    }

    /** The CompileModel for core code: `release()` on a handle returns it to the cache. */
    readonly compile: CompileModel = (model) => this.acquire(model);

    stats(): SessionCacheStats {
        return { ...this.counts, size: this.entries.size };
    }

    /** The devices that ran something since the last call (to report a CPU fallback per result). */
    takeUsedDevices(): Set<DeviceName> {
        const used = this.used;
        this.used = new Set();
        return used;
    }

    /** Releases every session, in use or not (the worker is shutting down). */
    async clear(): Promise<void> {
        const all = [...this.entries.values()];
        this.entries.clear();
        await Promise.all(all.map((e) => this.releaseEntry(e)));
    }

    private async acquire(model: Uint8Array): Promise<RunnableModel> {
        const key = createHash('sha1').update(model).digest('hex');
        let entry = this.entries.get(key);
        if (entry) {
            this.counts.hits++;
            this.entries.delete(key);
        } else {
            entry = { key, compiled: this.open(model, this.opts.device), refs: 0 };
        }
        this.entries.set(key, entry);
        entry.refs++;
        let compiled: Compiled;
        try {
            compiled = await entry.compiled;
        } catch (e) {
            entry.refs--;
            if (this.entries.get(key) === entry) this.entries.delete(key);
            throw e;
        }
        await this.trim();
        return this.handle(entry, model, compiled.model);
    }

    private handle(entry: Entry, bytes: Uint8Array, first: RunnableModel): RunnableModel {
        let isReleased = false;
        return {
            inputNames: first.inputNames,
            outputNames: first.outputNames,
            run: (feeds) => {
                if (isReleased) return Promise.reject(new Error('run() on a released session'));
                return this.run(entry, bytes, feeds);
            },
            release: async () => {
                if (isReleased) return;
                isReleased = true;
                entry.refs--;
                await this.trim();
            },
        };
    }

    private async run(
        entry: Entry,
        bytes: Uint8Array,
        feeds: Readonly<Record<string, TensorData>>,
    ): Promise<Record<string, TensorData>> {
        const compiled = await entry.compiled;
        try {
            const out = await compiled.model.run(feeds);
            this.used.add(compiled.device);
            return out;
        } catch (e) {
            if (compiled.device === 'cpu') throw e;
            this.opts.warn?.(
                `a session failed to run on ${compiled.device} (${shortenReason(e)}); retrying on cpu`,
            );
            entry.compiled = this.openOn(bytes, 'cpu');
            this.counts.cpuFallbacks++;
            await compiled.model.release().catch(() => undefined);
            const cpu = await entry.compiled;
            const out = await cpu.model.run(feeds);
            this.used.add('cpu');
            return out;
        }
    }

    /** Creates a session on `device`; a GPU that fails is retried on the CPU with a warning. */
    private async open(bytes: Uint8Array, device: DeviceName): Promise<Compiled> {
        try {
            return await this.openOn(bytes, device);
        } catch (e) {
            if (device === 'cpu') throw e;
            this.opts.warn?.(
                `a session failed to compile on ${device} (${shortenReason(e)}); retrying on cpu`,
            );
            this.counts.cpuFallbacks++;
            return this.openOn(bytes, 'cpu');
        }
    }

    private async openOn(bytes: Uint8Array, device: DeviceName): Promise<Compiled> {
        const model = await this.create(bytes, device, this.opts.threads);
        this.counts.created++;
        return { model, device };
    }

    /** Evicts least recently used entries not in use until the bound holds; resolves once released. */
    private async trim(): Promise<void> {
        const evicted: Entry[] = [];
        const budget = this.opts.memoryBudgetMiB ?? defaultMemoryBudgetMiB();
        const resident = this.opts.residentMiB ?? (() => process.memoryUsage().rss / 2 ** 20);
        const overBudget = resident() > budget;
        for (const entry of [...this.entries.values()]) {
            if (this.entries.size <= this.capacity && !overBudget) break;
            if (entry.refs > 0) continue;
            this.entries.delete(entry.key);
            this.counts.evicted++;
            evicted.push(entry);
            if (overBudget) break; // Release one at a time and look again: the next may suffice.
        }
        await Promise.all(evicted.map((e) => this.releaseEntry(e)));
        if (overBudget && evicted.length > 0) await this.trim();
    }

    private async releaseEntry(entry: Entry): Promise<void> {
        try {
            await (await entry.compiled).model.release();
        } catch {
            // A session that never compiled, or one already gone, has nothing to release.
        }
    }
}
