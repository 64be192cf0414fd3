// Score results keyed by file, content hash and score options, with ranks within a file and within a
// workspace run. Pure TS (no vscode): an edit changes the hash, so stale scores are never shown.
import { createHash } from 'node:crypto';
import { formatNumber } from '../protocol/numberFormat';
import type { ScoreOptions, ScoreResult } from '../protocol/worker';

/** Names a file's text under given options: its path, sha1 of its text and the options' key. */
export interface FileKey {
    readonly file: string;
    readonly hash: string;
    readonly options: string;
}

/** A cached result with its rank: within its file, or within the workspace run that scored it. */
export interface RankedScore {
    readonly result: ScoreResult;
    /** The proxy ranks are taken by, and its value (null when it could not be computed). */
    readonly proxy: string;
    readonly value: number | null;
    readonly rank: number;
    readonly total: number;
    readonly scope: 'file' | 'workspace';
}

interface Entry {
    readonly result: ScoreResult;
    readonly runId: number;
    workspaceRank?: { readonly rank: number; readonly total: number };
    /** The results ranked together with this one in its workspace run (shared by the run's entries). */
    workspaceGroup?: readonly ScoreResult[];
}

export const textHash = (text: string): string => createHash('sha1').update(text).digest('hex');

/** JSON with object keys sorted, so equal options always give the same key. */
export function optionsKey(options: ScoreOptions): string {
    const sorted = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(sorted);
        if (v === null || typeof v !== 'object') return v;
        const o = v as Record<string, unknown>;
        return Object.fromEntries(
            Object.keys(o)
                .sort()
                .map((k) => [k, sorted(o[k])]),
        );
    };
    return JSON.stringify(sorted(options));
}

/** The proxy results are ranked by: lswag when scored, else the first proxy that is not a count. */
export function rankingProxy(proxies: readonly string[]): string {
    if (proxies.includes('lswag')) return 'lswag';
    return proxies.find((p) => p !== 'params' && p !== 'flops') ?? proxies[0] ?? 'lswag';
}

/** 1-based ranks, best (largest) first; results without a value share nothing and come last. */
export function ranks(values: readonly (number | null)[]): number[] {
    const order = values
        .map((v, i) => ({ v: v ?? -Infinity, i }))
        .sort((a, b) => b.v - a.v || a.i - b.i);
    const out = new Array<number>(values.length);
    order.forEach(({ i }, k) => (out[i] = k + 1));
    return out;
}

const keyString = (k: FileKey): string => `${k.file}\n${k.hash}\n${k.options}`;

export class ScoreCache {
    /** Insertion order is recency order: the oldest file is evicted first. */
    private readonly files = new Map<string, Map<string, Entry>>();
    private lastRunId = 0;

    constructor(
        private readonly proxy: () => string,
        private readonly maxFiles = 256,
    ) {}

    /** A new run id; results put under it belong together (one scoring job). */
    beginRun(): number {
        return ++this.lastRunId;
    }

    put(key: FileKey, result: ScoreResult, runId: number): void {
        const k = keyString(key);
        const entries = this.files.get(k) ?? new Map<string, Entry>();
        this.files.delete(k);
        this.files.set(k, entries);
        entries.set(result.name, { result, runId });
        while (this.files.size > this.maxFiles) this.files.delete(this.files.keys().next().value!);
    }

    /** Ranks the results of a workspace run among themselves; later file runs override them. */
    rankRun(runId: number, members: readonly { key: FileKey; name: string }[]): void {
        const entries = members
            .map((m) => this.files.get(keyString(m.key))?.get(m.name))
            .filter((e): e is Entry => e !== undefined && e.runId === runId);
        const proxy = this.proxy();
        const r = ranks(entries.map((e) => e.result.scores[proxy] ?? null));
        const group = entries.map((e) => e.result);
        entries.forEach((e, i) => {
            e.workspaceRank = { rank: r[i], total: entries.length };
            e.workspaceGroup = group;
        });
    }

    /** The results `name` is ranked among (its workspace run, else its file), itself included. */
    peers(key: FileKey, name: string): readonly ScoreResult[] {
        const entries = this.files.get(keyString(key));
        const entry = entries?.get(name);
        if (!entries || !entry) return [];
        return entry.workspaceGroup ?? [...entries.values()].map((e) => e.result);
    }

    has(key: FileKey): boolean {
        return (this.files.get(keyString(key))?.size ?? 0) > 0;
    }

    /** The results of a file's text, in the order they were scored. */
    results(key: FileKey): ScoreResult[] {
        return [...(this.files.get(keyString(key))?.values() ?? [])].map((e) => e.result);
    }

    get(key: FileKey, name: string): RankedScore | undefined {
        const entries = this.files.get(keyString(key));
        const entry = entries?.get(name);
        if (!entries || !entry) return undefined;
        const proxy = this.proxy();
        const value = entry.result.scores[proxy] ?? null;
        if (entry.workspaceRank)
            return {
                result: entry.result,
                proxy,
                value,
                ...entry.workspaceRank,
                scope: 'workspace',
            };
        const all = [...entries.values()];
        const r = ranks(all.map((e) => e.result.scores[proxy] ?? null));
        return {
            result: entry.result,
            proxy,
            value,
            rank: r[all.indexOf(entry)],
            total: all.length,
            scope: 'file',
        };
    }

    clear(): void {
        this.files.clear();
    }
}

const PROXY_LABELS: Readonly<Record<string, string>> = { lswag: 'L-SWAG' };

/** A score as the rankings table shows it (src/protocol/numberFormat.ts): 3697, 1.235e+5, 42.5. */
export function formatScore(v: number | null): string {
    return formatNumber(v);
}

/** A lens title: "L-SWAG 1.235e+5 - rank 1/3", or why the score is missing. */
export function scoreTitle(s: RankedScore): string {
    const label = PROXY_LABELS[s.proxy] ?? s.proxy;
    if (s.value === null) {
        const why = s.result.errors[0] ?? 'no value';
        return `${label} failed: ${why.length > 80 ? `${why.slice(0, 79)}…` : why}`;
    }
    const where = s.scope === 'workspace' ? ' in workspace' : '';
    return `${label} ${formatScore(s.value)} - rank ${s.rank}/${s.total}${where}`;
}

/** The lens title with the LIBRA preset's rank appended when one applies: "... · LIBRA rank 2/3". */
export function lensTitle(
    s: RankedScore,
    libra?: { readonly rank: number; readonly total: number },
): string {
    const base = scoreTitle(s);
    return libra && s.value !== null
        ? `${base} \u00b7 LIBRA rank ${libra.rank}/${libra.total}`
        : base;
}
