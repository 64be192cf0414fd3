// A search run as JSON lines: a header, one `eval` record per scored architecture and a `generation`
// summary per finished generation. One append of a full line per record (undone when it fails part-
// way); a torn last line (a kill mid-write) is cut off on open, so a resumed run loses at most the
// architecture in flight.
import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import type { ScoreOptions } from '../spec/scoreOptions';
import { appendLine } from '../util/appendLine';
import { type EvalRecord, type Objective, rankRecords } from './objective';
import type { SearchSettings } from './planner';

export const RUN_FILE_VERSION = 1;

export interface SearchHeader {
    readonly kind: 'lswag-search';
    readonly version: number;
    readonly settings: SearchSettings;
    readonly score: ScoreOptions;
}

export interface GenerationRecord {
    readonly kind: 'generation';
    readonly index: number;
    /** Best architecture of the archive so far (objective over every record up to this generation). */
    readonly best: { readonly key: string; readonly value: number | null } | null;
    /** Mean objective over this generation's records (finite values only); null when none. */
    readonly mean: number | null;
    readonly scored: number;
}

/** A run file that is not a search run, or one written for other settings. */
export class RunFileError extends Error {}

function readLines(file: string): { complete: string; lines: unknown[] } {
    const text = readFileSync(file, 'utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const lines: unknown[] = [];
    for (const line of complete.split('\n')) {
        if (line.trim() === '') continue;
        try {
            lines.push(JSON.parse(line));
        } catch {
            throw new RunFileError(`${file}: a line is not JSON: ${line.slice(0, 80)}`);
        }
    }
    return { complete, lines };
}

/** Reads a run file's header without changing the file. */
export function readRunHeader(file: string): SearchHeader {
    if (!existsSync(file)) throw new RunFileError(`no run file ${file}`);
    const first = readLines(file).lines[0] as Partial<SearchHeader> | undefined;
    if (first?.kind !== 'lswag-search' || first.settings === undefined) throw new RunFileError(`${file} is not an 'lswag search' run file`);
    if (first.version !== RUN_FILE_VERSION) throw new RunFileError(`${file} is run-file version ${first.version}; this lswag reads ${RUN_FILE_VERSION}`);
    return first as SearchHeader;
}

/** The first top-level field where two headers differ, as "field: a vs b"; undefined when equal. */
export function headerDifference(a: SearchHeader, b: SearchHeader): string | undefined {
    const fields: [string, unknown, unknown][] = [
        ['space', a.settings.space, b.settings.space],
        ['objective', a.settings.objective, b.settings.objective],
        ['algorithm', a.settings.algorithm, b.settings.algorithm],
        ['seed', a.settings.seed, b.settings.seed],
        ['params budget', a.settings.budget, b.settings.budget],
        ['dataset', a.settings.dataset, b.settings.dataset],
        ['within', a.settings.within, b.settings.within],
        ['scoring options', a.score, b.score],
    ];
    for (const [name, x, y] of fields) {
        if (JSON.stringify(x) !== JSON.stringify(y)) return `${name}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
    }
    return undefined;
}

export class RunFile {
    readonly records: EvalRecord[] = [];
    readonly generations = new Map<number, GenerationRecord>();
    private readonly keys = new Set<string>();

    private constructor(readonly file: string) {}

    /**
     * Creates the file with `header`, or reopens it (cutting a torn last line); throws RunFileError
     * when headers differ or the folder cannot be written (read-only, disk full, not a folder).
     */
    static open(file: string, header: SearchHeader): RunFile {
        try {
            return RunFile.openOrCreate(file, header);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (e instanceof RunFileError || typeof code !== 'string') throw e;
            throw new RunFileError(`cannot write the run file ${file}: ${(e as Error).message}`);
        }
    }

    private static openOrCreate(file: string, header: SearchHeader): RunFile {
        const run = new RunFile(file);
        mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        if (!existsSync(file) || readFileSync(file).length === 0) {
            appendFileSync(file, `${JSON.stringify(header)}\n`);
            return run;
        }
        const old = readRunHeader(file);
        const diff = headerDifference(old, header);
        if (diff) throw new RunFileError(`${file} was written for another search (${diff}); resume it with --resume or pass another --out`);
        const { complete, lines } = readLines(file);
        // Why: a kill mid-append leaves a line without its newline; it was never a finished record.
        if (Buffer.byteLength(complete) < readFileSync(file).length) truncateSync(file, Buffer.byteLength(complete));
        for (const line of lines.slice(1)) run.remember(line as EvalRecord | GenerationRecord);
        return run;
    }

    has(key: string): boolean {
        return this.keys.has(key);
    }

    appendEval(record: EvalRecord): void {
        if (this.keys.has(record.key)) throw new Error(`${record.key} is already in ${this.file}`);
        appendLine(this.file, `${JSON.stringify(record)}\n`);
        this.remember(record);
    }

    appendGeneration(record: GenerationRecord): void {
        appendLine(this.file, `${JSON.stringify(record)}\n`);
        this.remember(record);
    }

    private remember(line: EvalRecord | GenerationRecord): void {
        if (line.kind === 'eval') {
            // Why: a duplicate line can only come from hand edits; the first one counts.
            if (this.keys.has(line.key)) return;
            this.keys.add(line.key);
            this.records.push(line);
        } else if (line.kind === 'generation') {
            this.generations.set(line.index, line);
        }
    }
}

/** Generation g's summary: best of every record up to g (ranks within them), mean over g's own records. */
export function summarizeGeneration(objective: Objective, records: readonly EvalRecord[], g: number): GenerationRecord {
    const ranked = rankRecords(objective, records.filter((r) => r.generation <= g));
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const own = ranked.filter((r) => r.record.generation === g).map((r) => r.value).filter(Number.isFinite);
    const best = ranked[0] ? { key: ranked[0].record.key, value: finite(ranked[0].value) } : null;
    const mean = own.length > 0 ? own.reduce((s, v) => s + v, 0) / own.length : null;
    return { kind: 'generation', index: g, best, mean, scored: records.filter((r) => r.generation === g).length };
}
