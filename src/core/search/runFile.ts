// A search run as JSON lines: a header, one `eval` record per scored architecture and a `generation`
// summary per finished generation. One append of a full line per record (undone when it fails part-
// way); a torn last line (a kill mid-write) is cut off on open, so a resumed run loses at most the
// architecture in flight.
import { appendFileSync, existsSync, mkdirSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { appendLine } from '../util/appendLine';
import { type GenerationRecord, RUN_FILE_VERSION, type SearchHeader } from './runFileTypes';
import { type EvalRecord, type Objective, rankRecords } from './objective';
import type { SearchSettings } from './planner';
import { checkRunLine, headerProblem } from './runRecordCheck';
import { FileReadError, readRegularFileBounded } from '../util/boundedRead';

export { RUN_FILE_VERSION, type GenerationRecord, type SearchHeader } from './runFileTypes';

/** A run file that is not a search run, or one written for other settings. */
export class RunFileError extends Error {}

/** A run-file line that was not used, by its 1-based line number, and why. */
export interface SkippedLine {
    readonly line: number;
    readonly reason: string;
}

/** The most a run file may hold; a larger file (or a device named as one) is refused, never read whole. */
export const MAX_RUN_FILE_BYTES = 512 * 1024 * 1024;

/** The file's bytes, read in bounded chunks from a regular file only (a FIFO or a device is refused). */
function readRunBytes(file: string): Buffer {
    try {
        return readRegularFileBounded(file, MAX_RUN_FILE_BYTES, 'a run file');
    } catch (e) {
        if (e instanceof FileReadError) throw new RunFileError(e.message);
        throw e;
    }
}

interface RunText {
    /** The text up to and including the last newline. */
    readonly complete: string;
    /** Lines of `complete`: [1-based number, text], blank lines left out. */
    readonly lines: readonly (readonly [number, string])[];
    /** Bytes after the last newline (a torn append), possibly empty. */
    readonly tail: string;
}

function splitRunText(bytes: Buffer): RunText {
    const text = bytes.toString('utf8');
    const cut = text.lastIndexOf('\n') + 1;
    const complete = text.slice(0, cut);
    const lines = complete
        .split('\n')
        .map((l, i) => [i + 1, l] as const)
        .filter(([, l]) => l.trim() !== '');
    return { complete, lines, tail: text.slice(cut) };
}

function parseJson(text: string): { value: unknown } | undefined {
    try {
        return { value: JSON.parse(text) };
    } catch {
        return undefined;
    }
}

function headerOf(file: string, run: RunText): SearchHeader {
    const first = run.lines[0];
    const parsed = first ? parseJson(first[1]) : undefined;
    const value = parsed?.value as Partial<SearchHeader> | undefined;
    if (value?.kind === 'lswag-search' && value.version !== RUN_FILE_VERSION)
        throw new RunFileError(
            `${file} is run-file version ${String(value.version)}; this lswag reads ${RUN_FILE_VERSION}`,
        );
    const problem = headerProblem(value);
    if (problem !== undefined)
        throw new RunFileError(
            `${file} is not a usable 'lswag search' run file: line ${first?.[0] ?? 1}: ${problem}`,
        );
    return value as SearchHeader;
}

/** Reads a run file's header without changing the file; throws RunFileError naming what is wrong. */
export function readRunHeader(file: string): SearchHeader {
    if (!existsSync(file)) throw new RunFileError(`no run file ${file}`);
    return headerOf(file, splitRunText(readRunBytes(file)));
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
        if (JSON.stringify(x) !== JSON.stringify(y))
            return `${name}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
    }
    return undefined;
}

export class RunFile {
    readonly records: EvalRecord[] = [];
    readonly generations = new Map<number, GenerationRecord>();
    /** Lines of the file that were not used (bad JSON, wrong space, forged key...), in file order. */
    readonly skipped: SkippedLine[] = [];
    private readonly keys = new Map<string, number>();

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
        const bytes = existsSync(file) ? readRunBytes(file) : Buffer.alloc(0);
        if (bytes.length === 0) {
            appendFileSync(file, `${JSON.stringify(header)}\n`);
            return run;
        }
        const text = splitRunText(bytes);
        const old = headerOf(file, text);
        const diff = headerDifference(old, header);
        if (diff)
            throw new RunFileError(
                `${file} was written for another search (${diff}); resume it with --resume or pass another --out`,
            );
        for (const [n, line] of text.lines.slice(1)) run.rememberLine(n, line, old.settings);
        if (text.tail !== '') run.endTornTail(text, old.settings);
        return run;
    }

    /**
     * A last line without its newline. Why not always cut: a kill mid-append leaves such a line
     * (never a finished record, so it is cut), but a hand-edited file may just lack its final newline;
     * a complete record there is kept and the newline added, so no record is lost.
     */
    private endTornTail(text: RunText, settings: SearchSettings): void {
        const n = text.complete.split('\n').length;
        if (text.tail.trim() !== '' && parseJson(text.tail) !== undefined) {
            appendLine(this.file, '\n');
            this.rememberLine(n, text.tail, settings);
            return;
        }
        truncateSync(this.file, Buffer.byteLength(text.complete));
        if (text.tail.trim() !== '')
            this.skipped.push({
                line: n,
                reason: 'an unfinished line (a write cut short); removed',
            });
    }

    private rememberLine(n: number, text: string, settings: SearchSettings): void {
        const parsed = parseJson(text);
        if (parsed === undefined) {
            this.skipped.push({ line: n, reason: 'not JSON' });
            return;
        }
        const checked = checkRunLine(parsed.value, settings);
        if ('problem' in checked) {
            this.skipped.push({ line: n, reason: checked.problem });
            return;
        }
        const record = checked.ok;
        // Why the first one counts: appends never repeat a key, so a second line is a hand edit or a copy.
        if (record.kind === 'eval' && this.keys.has(record.key)) {
            this.skipped.push({
                line: n,
                reason: `key ${record.key} is already on line ${this.keys.get(record.key)}`,
            });
            return;
        }
        this.remember(record, n);
    }

    has(key: string): boolean {
        return this.keys.has(key);
    }

    appendEval(record: EvalRecord): void {
        if (this.keys.has(record.key)) throw new Error(`${record.key} is already in ${this.file}`);
        appendLine(this.file, `${JSON.stringify(record)}\n`);
        this.remember(record, 0);
    }

    appendGeneration(record: GenerationRecord): void {
        appendLine(this.file, `${JSON.stringify(record)}\n`);
        this.remember(record, 0);
    }

    /** `n`: the record's line in the file (0 when appended in this session). */
    private remember(line: EvalRecord | GenerationRecord, n: number): void {
        if (line.kind === 'eval') {
            this.keys.set(line.key, n);
            this.records.push(line);
        } else if (line.kind === 'generation') {
            this.generations.set(line.index, line);
        }
    }
}

/** Generation g's summary: best of every record up to g (ranks within them), mean over g's own records. */
export function summarizeGeneration(
    objective: Objective,
    records: readonly EvalRecord[],
    g: number,
): GenerationRecord {
    const ranked = rankRecords(
        objective,
        records.filter((r) => r.generation <= g),
    );
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const own = ranked
        .filter((r) => r.record.generation === g)
        .map((r) => r.value)
        .filter(Number.isFinite);
    const best = ranked[0] ? { key: ranked[0].record.key, value: finite(ranked[0].value) } : null;
    const mean = own.length > 0 ? own.reduce((s, v) => s + v, 0) / own.length : null;
    return {
        kind: 'generation',
        index: g,
        best,
        mean,
        scored: records.filter((r) => r.generation === g).length,
    };
}
