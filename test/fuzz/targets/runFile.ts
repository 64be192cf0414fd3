// Fuzz target of the run-file reader (`lswag search --resume`): a real run file whose lines are
// mutated, duplicated, nulled, cut or replaced. Opening it either refuses the file with a
// RunFileError or gives records that a search can trust: each of the run's space, in range, with
// the key of its genome, once; the skipped lines are named by number; complete files are never
// rewritten; ranking and exporting the records never meet an `undefined`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatArchitectureFile } from '../../../src/core/search/exportArch';
import { rankRecords } from '../../../src/core/search/objective';
import { generationCount } from '../../../src/core/search/planner';
import { RunFile, RunFileError, readRunHeader } from '../../../src/core/search/runFile';
import { genomeKey } from '../../../src/core/search/spaces';
import type { Rng } from '../../../src/core/util/rng';
import { drive, evolutionSettings, headerOf } from '../../unit/core/search/fixtures';
import type { FuzzTarget } from '../harness';
import { mutateText, mutateValue, pick } from '../mutators';

let dir: string | undefined;
let seedLines: string[] = [];

/** A finished small run (header, evals, generation summaries) as its lines. */
function makeSeedRun(): string[] {
    dir ??= mkdtempSync(path.join(os.tmpdir(), 'lswag-fuzz-run-'));
    const file = path.join(dir, 'seed.jsonl');
    rmSync(file, { force: true });
    const settings = evolutionSettings(3, 2);
    drive(settings, RunFile.open(file, headerOf(settings)));
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

const HOSTILE_LINES = [
    'null',
    '{"kind":"eval"}',
    '[]',
    '42',
    '"eval"',
    '{"kind":"generation"}',
    '{"kind":"eval","key":"|undefined~0|","genome":{"space":"nb201","ops":[9,9,9,9,9,9]},"generation":0,"result":{"scores":{"fake":1e308}}}',
    '{"kind":"eval","key":"x","genome":{"space":"autoformer-t","embedDim":192,"depth":12,"mlpRatio":[],"numHeads":[]},"generation":0,"result":{}}',
    '{"__proto__":{"kind":"eval"}}',
    'not json at all',
    '\u202e{"kind":"eval"}',
];

function mutateLine(rng: Rng, line: string): string {
    switch (rng.int(4)) {
        case 0:
            return mutateText(rng, line);
        case 1:
            try {
                return JSON.stringify(mutateValue(rng, JSON.parse(line))) ?? 'null';
            } catch {
                return line;
            }
        case 2:
            return pick(rng, HOSTILE_LINES);
        default:
            return line;
    }
}

/** The run's lines with a few edits: mutated, hostile, repeated (a forged duplicate) or cut short. */
function draw(rng: Rng): string {
    const lines = [...seedLines];
    for (let n = 1 + rng.int(4); n > 0; n--) {
        const i = rng.int(lines.length);
        switch (rng.int(4)) {
            case 0:
                lines[i] = mutateLine(rng, lines[i]);
                break;
            case 1:
                lines.splice(1 + rng.int(lines.length), 0, pick(rng, HOSTILE_LINES));
                break;
            case 2: {
                // A copy of an eval line with another score: the first must count, the copy be skipped.
                const copy = lines[1 + rng.int(lines.length - 1)] ?? lines[0];
                lines.splice(
                    1 + rng.int(lines.length),
                    0,
                    copy.replace(/"fake":[-0-9.e]+/, '"fake":1e300'),
                );
                break;
            }
            default:
                if (i > 0) lines[i] = mutateLine(rng, lines[i]);
        }
    }
    const text = lines.join('\n') + '\n';
    return rng.int(8) === 0 ? text.slice(0, rng.int(text.length + 1)) : text;
}

function check(text: string): void {
    const file = path.join(dir!, 'fuzzed.jsonl');
    writeFileSync(file, text);
    // Why the bytes as written: a lone surrogate in `text` is stored as U+FFFD.
    const before = readFileSync(file);
    let run: RunFile;
    try {
        run = RunFile.open(file, readRunHeader(file));
    } catch (e) {
        if (!(e instanceof RunFileError)) throw e;
        if (!/\S/.test(e.message) || e.message.length > 2000)
            throw new Error(`unclear refusal: ${e.message}`);
        return;
    }
    const { settings } = readRunHeader(file);
    if (text.endsWith('\n') && !readFileSync(file).equals(before))
        throw new Error('a complete file was rewritten');
    const keys = new Set<string>();
    for (const r of run.records) {
        if (r.genome.space !== settings.space)
            throw new Error(`a record of space ${r.genome.space} was kept`);
        if (r.key !== genomeKey(r.genome))
            throw new Error(`key ${r.key} does not match its genome`);
        if (keys.has(r.key)) throw new Error(`key ${r.key} kept twice`);
        keys.add(r.key);
        if (!(r.generation >= 0 && r.generation < generationCount(settings)))
            throw new Error(`generation ${r.generation} kept`);
    }
    const lineCount = text.split('\n').length;
    let last = 1;
    for (const s of run.skipped) {
        if (!(s.line > last && s.line <= lineCount) || s.reason.length === 0)
            throw new Error(`bad skipped line ${JSON.stringify(s)}`);
        last = s.line;
    }
    const top = rankRecords(settings.objective, run.records).slice(0, 5);
    const exported = formatArchitectureFile(
        top.map((r, i) => ({ name: `x-${i}`, genome: r.record.genome, note: `${r.value}` })),
        settings.dataset,
        'fuzz',
    );
    if (/undefined|NaN/.test(exported))
        throw new Error(`export holds undefined/NaN:\n${exported.slice(0, 400)}`);
}

export const runFileTarget: FuzzTarget<string> = {
    name: 'runFile',
    setup: async () => {
        seedLines = makeSeedRun();
    },
    fixed: () => [
        seedLines.join('\n') + '\n',
        ...HOSTILE_LINES.map((l) => [seedLines[0], l, ...seedLines.slice(1)].join('\n') + '\n'),
        seedLines.join('\n'),
        '',
        '\n\n',
    ],
    draw,
    check,
    describe: (t) => JSON.stringify(t.slice(0, 600)),
};
