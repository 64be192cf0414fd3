// The run file of a pruning search (JSON lines): a header with the settings and scoring options,
// then one line per scored supernet. The plan is replayed from these lines (core/search/pruning.ts),
// so a run killed at any point resumes where it stopped; a torn last line is ignored and re-scored.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PruneSettings } from '../core/search/pruning';
import type { ScoreOptions } from '../core/spec/scoreOptions';
import type { ScoreResult } from '../core/spec/scoreResult';
import { appendLine } from '../core/util/appendLine';
import { UserInputError } from './errors';

export const PRUNE_RUN_VERSION = 1;

export interface PruneHeader {
    readonly kind: 'lswag-prune';
    readonly version: number;
    readonly settings: PruneSettings;
    readonly score: ScoreOptions;
}

export class PruneRun {
    readonly results = new Map<string, ScoreResult>();

    private constructor(
        readonly file: string,
        readonly header: PruneHeader,
    ) {}

    /** True when `file` starts with a pruning-run header. */
    static isPruneRun(file: string): boolean {
        try {
            const first = readFileSync(file, 'utf8').split('\n', 1)[0];
            return (JSON.parse(first) as { kind?: unknown }).kind === 'lswag-prune';
        } catch {
            return false;
        }
    }

    /** Creates the file with `header`, or opens it (header = undefined, or equal to the stored one). */
    static open(file: string, header?: PruneHeader): PruneRun {
        if (!existsSync(file)) {
            if (!header) throw new UserInputError(`${file}: no such run`);
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, `${JSON.stringify(header)}\n`);
            return new PruneRun(file, header);
        }
        const lines = readFileSync(file, 'utf8').split('\n');
        let stored: PruneHeader;
        try {
            stored = JSON.parse(lines[0]) as PruneHeader;
        } catch {
            throw new UserInputError(`${file}: not a pruning run (no header line)`);
        }
        if (stored.kind !== 'lswag-prune' || stored.version !== PRUNE_RUN_VERSION)
            throw new UserInputError(`${file}: not a version ${PRUNE_RUN_VERSION} pruning run`);
        if (header && JSON.stringify(header) !== JSON.stringify(stored))
            throw new UserInputError(
                `${file} holds a pruning run with other settings; use --resume ${file} or another --out`,
            );
        const run = new PruneRun(file, stored);
        for (const line of lines.slice(1)) {
            try {
                const r = JSON.parse(line) as {
                    kind?: string;
                    key?: unknown;
                    result?: ScoreResult;
                };
                if (r.kind === 'prune-eval' && typeof r.key === 'string' && r.result?.scores)
                    run.results.set(r.key, r.result);
            } catch {
                // A torn last line (a kill mid-write): that supernet is scored again.
            }
        }
        return run;
    }

    append(key: string, round: number, result: ScoreResult): void {
        appendLine(this.file, `${JSON.stringify({ kind: 'prune-eval', key, round, result })}\n`);
        this.results.set(key, result);
    }
}
