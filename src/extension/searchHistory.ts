// The search panel's history: every run file in `.lswag/runs`, read without changing it (a torn last
// line is skipped, never cut: the CLI may be writing the file), summarised as space, objective,
// algorithm, evaluated / expected, best value and complete or interrupted. No vscode here.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatArchitectureFile } from '../core/search/exportArch';
import { type EvalRecord, objectiveLabel, rankRecords } from '../core/search/objective';
import { type SearchSettings, generationCount } from '../core/search/planner';
import { type GenerationRecord, RUN_FILE_VERSION, type SearchHeader } from '../core/search/runFile';
import { expectedEvaluations } from '../host/searchLoop';
import type { RunSummary } from '../protocol/searchView';
import type { ScoreResult } from '../protocol/worker';
import { isPruneText, summarizePruneText } from './pruneHistory';

/** A run file's content: its header, its eval records (first of each key) and generation summaries. */
export interface ParsedRun {
    readonly header: SearchHeader;
    readonly records: readonly EvalRecord[];
    readonly generations: ReadonlyMap<number, GenerationRecord>;
}

/** Runs listed at most (newest first); older files stay on disk and in the CLI's reach. */
export const HISTORY_LIMIT = 50;

/** Reads a run file's text as `RunFile.open` would, minus the writes. Throws with a reason. */
export function parseRunText(text: string): ParsedRun {
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const lines = complete.split('\n').filter((l) => l.trim() !== '');
    const parse = (line: string, i: number): unknown => {
        // Why i + 1: messages count lines from 1, as an editor does.
        try {
            return JSON.parse(line);
        } catch {
            throw new Error(`line ${i + 1} is not JSON`);
        }
    };
    const header = (lines.length > 0 ? parse(lines[0], 0) : undefined) as
        Partial<SearchHeader> | undefined;
    if (header?.kind !== 'lswag-search' || header.settings === undefined)
        throw new Error("not an 'lswag search' run file");
    if (header.version !== RUN_FILE_VERSION)
        throw new Error(
            `run-file version ${String(header.version)}; this extension reads ${RUN_FILE_VERSION}`,
        );
    const records: EvalRecord[] = [];
    const keys = new Set<string>();
    const generations = new Map<number, GenerationRecord>();
    lines.slice(1).forEach((line, i) => {
        const r = parse(line, i + 1) as EvalRecord | GenerationRecord;
        if (r?.kind === 'eval' && !isEvalRecord(r))
            throw new Error(`line ${i + 2} is not a complete eval record`);
        if (r?.kind === 'eval' && !keys.has(r.key)) {
            keys.add(r.key);
            records.push(r);
        } else if (r?.kind === 'generation' && Number.isInteger(r.index)) {
            generations.set(r.index, r);
        }
    });
    return { header: header as SearchHeader, records, generations };
}

/** The fields the summaries read: a hand-edited or foreign line without them is an error, not a crash. */
function isEvalRecord(r: EvalRecord): boolean {
    const scores = (r.result as { scores?: unknown } | undefined)?.scores;
    return (
        typeof r.key === 'string' &&
        typeof r.genome === 'object' &&
        r.genome !== null &&
        Number.isInteger(r.generation) &&
        typeof scores === 'object' &&
        scores !== null
    );
}

/** "evolution 50 x 20", "random 1000". */
export function algorithmLabel(s: SearchSettings): string {
    return s.algorithm.kind === 'evolution'
        ? `evolution ${s.algorithm.options.population} x ${s.algorithm.options.generations}`
        : `random ${s.algorithm.options.samples}`;
}

/** Whether the run finished: its last generation's summary is written only when nothing of it is missing. */
export function isComplete(run: ParsedRun): boolean {
    return run.generations.has(generationCount(run.header.settings) - 1);
}

/** The history entry of a parsed run. */
export function summarizeRun(
    id: string,
    label: string,
    run: ParsedRun,
    modified: number,
    isRunning = false,
): RunSummary {
    const s = run.header.settings;
    const top = rankRecords(s.objective, run.records)[0];
    const state = isRunning ? 'running' : isComplete(run) ? 'complete' : 'interrupted';
    const seconds = run.records
        .map((r) => r.result.seconds)
        .filter((v) => typeof v === 'number' && Number.isFinite(v) && v > 0);
    return {
        id,
        label,
        state,
        space: s.space,
        objective: objectiveLabel(s.objective),
        algorithm: algorithmLabel(s),
        evaluated: run.records.length,
        // Why: a complete run may hold fewer than planned (slots that found no new architecture);
        // it is done all the same, so its count is its total.
        expected: state === 'complete' ? run.records.length : expectedEvaluations(s),
        best: top
            ? { value: Number.isFinite(top.value) ? top.value : null, key: top.record.key }
            : null,
        modified,
        ...(seconds.length > 0
            ? { secondsPerArchitecture: seconds.reduce((a, b) => a + b, 0) / seconds.length }
            : {}),
    };
}

/**
 * The top `count` architectures of a run as an architecture file (docs/architecture-files.md), and
 * each one's result renamed as the file names it (what the lenses look scores up by).
 */
export function bestArchitectureFile(
    id: string,
    run: ParsedRun,
    count = 10,
): { text: string; count: number; results: ScoreResult[] } {
    const s = run.header.settings;
    const top = rankRecords(s.objective, run.records).slice(0, count);
    if (top.length === 0) throw new Error(`run ${id} has no scored architecture yet`);
    const label = objectiveLabel(s.objective);
    const entries = top.map((r, i) => ({
        name: `${s.space}-search-${i + 1}`,
        genome: r.record.genome,
        note: `${label} = ${r.value}`,
    }));
    return {
        text: formatArchitectureFile(
            entries,
            s.dataset,
            `Best ${top.length} of lswag search run ${id}`,
        ),
        count: top.length,
        results: top.map((r, i) => ({ ...r.record.result, name: entries[i].name })),
    };
}

/** Reads one run of `dir` by name. */
export async function readRun(dir: string, id: string): Promise<ParsedRun> {
    return parseRunText(await readFile(path.join(dir, `${id}.jsonl`), 'utf8'));
}

/**
 * Lists and summarises the run files of `dir`, newest first. Summaries are cached by size and
 * modification time, so a refresh re-reads only what changed. A file that is not a run shows up
 * as 'unreadable' with the reason; a missing folder is an empty history.
 */
export class RunHistory {
    private readonly cache = new Map<
        string,
        { readonly size: number; readonly mtime: number; readonly summary: RunSummary }
    >();

    constructor(private readonly label: (file: string) => string = (f) => f) {}

    async list(dir: string, running?: string): Promise<RunSummary[]> {
        let names: string[];
        try {
            names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl') && !n.startsWith('.'));
        } catch {
            return [];
        }
        const entries = await Promise.all(names.map((n) => this.entry(dir, n)));
        const found = entries
            .filter((e): e is RunSummary => e !== undefined)
            .sort((a, b) => b.modified - a.modified || a.id.localeCompare(b.id));
        return found
            .slice(0, HISTORY_LIMIT)
            .map((e) => (e.id === running ? { ...e, state: 'running' } : e));
    }

    private async entry(dir: string, name: string): Promise<RunSummary | undefined> {
        const file = path.join(dir, name);
        const id = name.slice(0, -'.jsonl'.length);
        let info;
        try {
            info = await stat(file);
        } catch {
            return undefined; // Removed while we listed.
        }
        if (!info.isFile()) return undefined;
        const known = this.cache.get(file);
        if (known && known.size === info.size && known.mtime === info.mtimeMs) return known.summary;
        let summary: RunSummary;
        try {
            const text = await readFile(file, 'utf8');
            summary = isPruneText(text)
                ? summarizePruneText(id, this.label(file), text, info.mtimeMs)
                : summarizeRun(id, this.label(file), parseRunText(text), info.mtimeMs);
        } catch (e) {
            summary = {
                id,
                label: this.label(file),
                state: 'unreadable',
                space: '',
                objective: '',
                algorithm: '',
                evaluated: 0,
                expected: 0,
                best: null,
                modified: info.mtimeMs,
                problem: e instanceof Error ? e.message : String(e),
            };
        }
        this.cache.set(file, { size: info.size, mtime: info.mtimeMs, summary });
        return summary;
    }
}
