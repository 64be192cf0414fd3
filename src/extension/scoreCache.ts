// Score results kept per candidate (file, name, options), with the fingerprint of the definition they
// were scored from and ranks within comparable groups. Pure TS (no vscode). Why per candidate: an
// edit elsewhere in the file (a typo in a sibling) must not throw away this candidate's score; an
// edit of the candidate itself keeps the last score, shown as stale, until it is scored again.
import { createHash } from 'node:crypto';
import type { ComparableGroup } from '../core/rankings/comparableGroup';
import { type GroupRank, rankPhrase, ranksWithinGroups } from '../core/rankings/groupRanks';
import type { ArchitectureSpec } from '../core/spec/spec';
import { formatNumber } from '../protocol/numberFormat';
import type { ScoreOptions, ScoreResult } from '../protocol/worker';

export { ranks } from '../core/rankings/groupRanks';

/** Names a file's text under given options: its path, sha1 of its text (and model epoch), the options' key. */
export interface FileKey {
    readonly file: string;
    readonly hash: string;
    readonly options: string;
}

/** Names one candidate under given options, and what its score depends on (the fingerprint). */
export interface CandidateKey {
    readonly file: string;
    readonly name: string;
    readonly options: string;
    readonly fingerprint: string;
}

/** A cached result with its rank within its comparable group. */
export interface RankedScore {
    readonly result: ScoreResult;
    /** The proxy ranks are taken by, and its value (null when it could not be computed). */
    readonly proxy: string;
    readonly value: number | null;
    readonly rank: number;
    readonly total: number;
    readonly group: ComparableGroup;
    /** The definition changed since this score was computed (the last score is shown until a rescore). */
    readonly isStale: boolean;
}

/** One cached candidate with its rank, as the tree and the rankings panel list them. */
export interface CachedScore extends GroupRank {
    readonly file: string;
    readonly name: string;
    readonly result: ScoreResult;
    readonly group: ComparableGroup;
    readonly spec?: ArchitectureSpec;
}

interface Entry {
    readonly file: string;
    readonly name: string;
    readonly options: string;
    readonly fingerprint: string;
    readonly result: ScoreResult;
    readonly group: ComparableGroup;
    readonly spec?: ArchitectureSpec;
}

interface RankedEntry extends GroupRank {
    readonly entry: Entry;
}

export const textHash = (text: string): string => createHash('sha1').update(text).digest('hex');

/** JSON with object keys sorted, so equal values always give the same text. */
export function stableJson(value: unknown): string {
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
    return JSON.stringify(sorted(value));
}

/** The options' cache key: equal options always give the same key. */
export const optionsKey = (options: ScoreOptions): string => stableJson(options);

/**
 * What a candidate's score depends on. A definition read statically is its spec (where it sits, its
 * name and its known accuracies aside); a PyTorch definition (traced, it runs the whole file) is the
 * file's text. An ONNX spec adds the model epoch (its file changed) from the file key.
 */
export function candidateKey(key: FileKey, spec: ArchitectureSpec): CandidateKey {
    const isWholeFile =
        spec.family === 'pytorch' || (spec.family === 'onnx' && spec.inputFrom !== undefined);
    // Why only ONNX: the epoch moves when a model file changes, and only ONNX specs read one.
    const epoch = spec.family === 'onnx' ? (/#\d+$/.exec(key.hash)?.[0] ?? '') : '';
    const { source: _source, accuracy: _accuracy, name: _name, ...scored } = spec;
    const fingerprint = isWholeFile
        ? `text:${key.hash}`
        : `spec:${textHash(stableJson(scored))}${epoch}`;
    return { file: key.file, name: spec.name, options: key.options, fingerprint };
}

/** The proxy results are ranked by: lswag when scored, else the first proxy that is not a count. */
export function rankingProxy(proxies: readonly string[]): string {
    if (proxies.includes('lswag')) return 'lswag';
    return proxies.find((p) => p !== 'params' && p !== 'flops') ?? proxies[0] ?? 'lswag';
}

const slot = (file: string, name: string, options: string): string =>
    `${file}\n${name}\n${options}`;

export class ScoreCache {
    /** Insertion order is recency order: the oldest candidate is evicted first. */
    private readonly entries = new Map<string, Entry>();
    private readonly listeners = new Set<() => void>();
    private changes = 0;
    private memo:
        | {
              readonly version: number;
              readonly options: string;
              readonly proxy: string;
              readonly ranked: readonly RankedEntry[];
              readonly byEntry: ReadonlyMap<Entry, RankedEntry>;
          }
        | undefined;

    constructor(
        private readonly proxy: () => string,
        private readonly maxEntries = 4096,
    ) {}

    /** Counts changes: equal counts mean equal contents (the rankings panel's views rely on it). */
    get version(): number {
        return this.changes;
    }

    /** Calls `listener` after every change; returns the unsubscribe. */
    onDidChange(listener: () => void): { dispose(): void } {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
    }

    /** Keeps `result` as the candidate's score, replacing the previous one under these options. */
    put(
        key: CandidateKey,
        result: ScoreResult,
        group: ComparableGroup,
        spec?: ArchitectureSpec,
    ): void {
        const k = slot(key.file, key.name, key.options);
        this.entries.delete(k);
        this.entries.set(k, { ...key, result, group, ...(spec ? { spec } : {}) });
        while (this.entries.size > this.maxEntries)
            this.entries.delete(this.entries.keys().next().value!);
        this.changed();
    }

    /**
     * The candidate's last score under its options, ranked in its group; stale when the fingerprint
     * moved. Given a file key and a name (callers without the spec), staleness is not known: false.
     */
    get(key: CandidateKey): RankedScore | undefined;
    get(key: FileKey, name: string): RankedScore | undefined;
    get(key: CandidateKey | FileKey, name?: string): RankedScore | undefined {
        const k = 'fingerprint' in key ? key : { ...key, name: name ?? '', fingerprint: undefined };
        const entry = this.entries.get(slot(k.file, k.name, k.options));
        if (!entry) return undefined;
        const ranked = this.rankOf(entry);
        const proxy = this.proxy();
        return {
            result: entry.result,
            proxy,
            value: entry.result.scores[proxy] ?? null,
            rank: ranked.rank,
            total: ranked.total,
            group: entry.group,
            isStale: k.fingerprint !== undefined && entry.fingerprint !== k.fingerprint,
        };
    }

    /** Whether the candidate has a score for exactly this fingerprint. */
    isFresh(key: CandidateKey): boolean {
        return (
            this.entries.get(slot(key.file, key.name, key.options))?.fingerprint === key.fingerprint
        );
    }

    /** Every cached candidate under `options` with its rank, in the order they were scored. */
    all(options: string): CachedScore[] {
        return this.ranked(options).map(({ entry, rank, total }) => ({
            file: entry.file,
            name: entry.name,
            result: entry.result,
            group: entry.group,
            rank,
            total,
            ...(entry.spec ? { spec: entry.spec } : {}),
        }));
    }

    /** The results a candidate is ranked among (its comparable group), itself included. */
    peers(key: CandidateKey): readonly ScoreResult[];
    peers(key: FileKey, name: string): readonly ScoreResult[];
    peers(key: CandidateKey | FileKey, name?: string): readonly ScoreResult[] {
        const entry = this.entries.get(
            slot(key.file, 'name' in key ? key.name : (name ?? ''), key.options),
        );
        if (!entry) return [];
        return this.ranked(entry.options)
            .filter((c) => c.entry.group.key === entry.group.key)
            .map((c) => c.entry.result);
    }

    /** The results of one file under `options` (or a file key's), in the order they were scored. */
    results(file: string, options: string): ScoreResult[];
    results(key: FileKey): ScoreResult[];
    results(file: string | FileKey, options?: string): ScoreResult[] {
        const [path, opts] =
            typeof file === 'string' ? [file, options ?? ''] : [file.file, file.options];
        return this.all(opts)
            .filter((c) => c.file === path)
            .map((c) => c.result);
    }

    /** Whether any candidate of the file key's file has a score under its options. */
    has(key: FileKey): boolean {
        return this.results(key).length > 0;
    }

    /** Forgets the candidates of `file` whose names it no longer defines (renamed or deleted). */
    retainNames(file: string, names: readonly string[]): void {
        const kept = new Set(names);
        this.drop((e) => e.file === file && !kept.has(e.name));
    }

    /** Forgets everything under `options` that is not among `members` (a whole-workspace run). */
    retainOnly(options: string, members: readonly { file: string; name: string }[]): void {
        const kept = new Set(members.map((m) => slot(m.file, m.name, options)));
        this.drop((e) => e.options === options && !kept.has(slot(e.file, e.name, e.options)));
    }

    clear(): void {
        if (this.entries.size === 0) return;
        this.entries.clear();
        this.changed();
    }

    private drop(isDropped: (e: Entry) => boolean): void {
        const gone = [...this.entries].filter(([, e]) => isDropped(e)).map(([k]) => k);
        for (const k of gone) this.entries.delete(k);
        if (gone.length > 0) this.changed();
    }

    /** The entries under `options` with their group ranks, memoised until the next change. */
    private ranked(options: string): readonly RankedEntry[] {
        const proxy = this.proxy();
        const memo = this.memo;
        if (
            memo &&
            memo.version === this.changes &&
            memo.options === options &&
            memo.proxy === proxy
        )
            return memo.ranked;
        const same = [...this.entries.values()].filter((e) => e.options === options);
        const r = ranksWithinGroups(
            same.map((e) => ({ group: e.group.key, value: e.result.scores[proxy] ?? null })),
        );
        const ranked = same.map((entry, i) => ({ entry, ...r[i] }));
        const byEntry = new Map(ranked.map((x) => [x.entry, x]));
        // Why: each lens resolves alone; without this, 200 lenses rank 200 entries 200 times.
        this.memo = { version: this.changes, options, proxy, ranked, byEntry };
        return ranked;
    }

    private rankOf(entry: Entry): RankedEntry {
        this.ranked(entry.options);
        return this.memo!.byEntry.get(entry)!;
    }

    private changed(): void {
        this.changes++;
        for (const listener of [...this.listeners]) listener();
    }
}

const PROXY_LABELS: Readonly<Record<string, string>> = { lswag: 'L-SWAG' };

/** A score as the rankings table shows it (src/protocol/numberFormat.ts): 3697, 1.235e+5, 42.5. */
export function formatScore(v: number | null): string {
    return formatNumber(v);
}

/**
 * A lens title: "L-SWAG 1.235e+5 · rank 1/3 in NB201 3x32x32 / 10 classes", the same with
 * "(stale: changed since scored)" after the value, or why the score is missing.
 */
export function scoreTitle(s: RankedScore): string {
    const label = PROXY_LABELS[s.proxy] ?? s.proxy;
    const stale = s.isStale ? ' (stale: changed since scored)' : '';
    if (s.value === null) {
        const why = s.result.errors[0] ?? 'no value';
        return `${label} failed${stale}: ${why.length > 80 ? `${why.slice(0, 79)}…` : why}`;
    }
    return `${label} ${formatScore(s.value)}${stale} \u00b7 ${rankPhrase(s, s.group.label)}`;
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
