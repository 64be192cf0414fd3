// An append-only JSON-lines file of score results, keyed, so long evaluations resume after a kill.
// Line 1 records the options; a torn last line (killed mid-write) is cut off on open.
import { appendFileSync, existsSync, mkdirSync, truncateSync } from 'node:fs';
import { FileReadError, readRegularFileBounded } from '../core/util/boundedRead';
import { appendLine } from '../core/util/appendLine';
import path from 'node:path';
import type { ScoreOptions, ScoreResult } from '../protocol/worker';
import { UsageError } from './options';

interface Header {
    readonly kind: 'lswag-results';
    readonly options: ScoreOptions;
    /** Shards and queue runs: what `lswag merge` checks (src/cli/shardHeader.ts). */
    readonly merge?: unknown;
}

/** The most a results file may hold; a larger file (or a device named as one) is refused, never read whole. */
const MAX_RESULT_FILE_BYTES = 512 * 1024 * 1024;

/** A results file's text, from a regular file read in bounded chunks; else a UsageError naming it. */
function readResultText(file: string): string {
    try {
        return readRegularFileBounded(file, MAX_RESULT_FILE_BYTES, 'a results file').toString(
            'utf8',
        );
    } catch (e) {
        if (e instanceof FileReadError) throw new UsageError(e.message);
        throw e;
    }
}

/** One `{key, result}` line, or undefined for a line that is not one (hand edits, other tools). */
function parseResultLine(line: string): { key: string; result: ScoreResult } | undefined {
    try {
        const v = JSON.parse(line) as { key?: unknown; result?: { scores?: unknown } } | null;
        const ok =
            typeof v?.key === 'string' &&
            typeof v.result === 'object' &&
            v.result !== null &&
            typeof v.result.scores === 'object' &&
            v.result.scores !== null;
        return ok ? (v as { key: string; result: ScoreResult }) : undefined;
    } catch {
        return undefined;
    }
}

export class ResultLog {
    private readonly results = new Map<string, ScoreResult>();
    /** 1-based numbers of lines that were not results (skipped; scored again when needed). */
    readonly skipped: number[] = [];

    constructor(
        readonly file: string,
        options: ScoreOptions,
        /** Written into a new file's header for `lswag merge`; not compared on reopening. */
        merge?: unknown,
    ) {
        mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        if (!existsSync(file)) {
            const header: Header = { kind: 'lswag-results', options, ...(merge ? { merge } : {}) };
            appendFileSync(file, `${JSON.stringify(header)}\n`);
            return;
        }
        const text = readResultText(file);
        const complete = text.slice(0, text.lastIndexOf('\n') + 1);
        if (complete.length < text.length) truncateSync(file, Buffer.byteLength(complete));
        const [first, ...lines] = complete.split('\n');
        let header: Partial<Header> | null = null;
        try {
            header = JSON.parse(first ?? '{}') as Partial<Header> | null;
        } catch {
            // Not JSON: refused below like any other file that is not a results file.
        }
        if (
            header?.kind !== 'lswag-results' ||
            JSON.stringify(header.options) !== JSON.stringify(options)
        ) {
            throw new UsageError(
                `${file} holds results for other options; pass another --out or delete it`,
            );
        }
        lines.forEach((line, i) => {
            if (line.trim() === '') return;
            const r = parseResultLine(line);
            if (r) this.results.set(r.key, r.result);
            else this.skipped.push(i + 2);
        });
    }

    has(key: string): boolean {
        return this.results.has(key);
    }

    get(key: string): ScoreResult | undefined {
        return this.results.get(key);
    }

    append(key: string, result: ScoreResult): void {
        appendLine(this.file, `${JSON.stringify({ key, result })}\n`);
        this.results.set(key, result);
    }
}

/** Reads a results file without changing it (a torn last line is ignored); throws on another format. */
export function readResultFile(file: string): {
    options: ScoreOptions;
    results: Map<string, ScoreResult>;
    merge?: unknown;
} {
    const text = readResultText(file);
    const [first, ...lines] = text
        .slice(0, text.lastIndexOf('\n') + 1)
        .split('\n')
        .filter(Boolean);
    let header: Partial<Header> = {};
    try {
        header = JSON.parse(first ?? '{}') as Partial<Header>;
    } catch {
        // Not JSON: reported below like any other file that is not a results file.
    }
    if (header.kind !== 'lswag-results' || header.options === undefined)
        throw new UsageError(`${file} is not an 'lswag eval' results file`);
    const results = new Map<string, ScoreResult>();
    for (const line of lines) {
        const r = parseResultLine(line);
        if (r) results.set(r.key, r.result);
    }
    return { options: header.options, results, merge: header.merge };
}

/**
 * Several results files of one benchmark read as one (proxies scored in separate runs): the proxy
 * lists are joined, an architecture counts when every file scored it, and the files must agree on
 * what makes numbers comparable (data, batch, mini-batches, seed, gradient mode).
 */
export function readMergedResults(files: readonly string[]): {
    options: ScoreOptions;
    results: Map<string, ScoreResult>;
} {
    const read = files.map((f) => ({ file: f, ...readResultFile(f) }));
    const [first, ...rest] = read;
    const comparable = (o: ScoreOptions) =>
        JSON.stringify([o.data, o.batch, o.batches, o.seed, o.gradientMode, o.vitActivations]);
    for (const r of rest) {
        if (comparable(r.options) !== comparable(first.options)) {
            throw new UsageError(
                `${r.file} was scored with other data, batch, mini-batches, seed or gradient mode than ${first.file}`,
            );
        }
    }
    const proxies = [...new Set(read.flatMap((r) => r.options.proxies))];
    const results = new Map<string, ScoreResult>();
    for (const [key, result] of first.results) {
        const others = rest.map((r) => r.results.get(key));
        if (others.some((o) => o === undefined)) continue;
        results.set(key, {
            ...result,
            scores: Object.assign({}, result.scores, ...others.map((o) => o!.scores)),
            errors: [...result.errors, ...others.flatMap((o) => o!.errors)],
        });
    }
    return { options: { ...first.options, proxies }, results };
}
