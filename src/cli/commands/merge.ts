// `lswag merge --out ALL.jsonl SHARD.jsonl...`: joins the results files of shards (`--shard i/n`) or
// of queue runs into one, after checking that they were scored with the same options, the same data
// (fingerprints, so paths may differ per machine) and the same lswag version, and that no
// architecture has two different results. Then `lswag eval --out ALL.jsonl` reports correlations.
import { existsSync } from 'node:fs';
import { canonicalJson, dataDifference, optionsFingerprint } from '../../queue/fingerprint';
import type { ScoreResult } from '../../protocol/worker';
import { defineCommand } from '../command';
import { UsageError } from '../options';
import { ResultLog, readResultFile } from '../resultLog';
import { type MergeHeader, readMergeHeader } from '../shardHeader';
import { terminalText } from '../terminalText';

interface ShardFile {
    readonly file: string;
    readonly header: MergeHeader;
    readonly read: ReturnType<typeof readResultFile>;
}

function readShard(file: string): ShardFile {
    const read = readResultFile(file);
    const header = readMergeHeader(read.merge);
    if (!header)
        throw new UsageError(
            `${file} has no fingerprints to check; only results written with --shard or --queue can be merged`,
        );
    // Why recomputed: the options in the file are what its results were scored with.
    if (optionsFingerprint(read.options, header.version) !== header.optionsFingerprint)
        throw new UsageError(
            `${file}: its options do not match their fingerprint (edited by hand?)`,
        );
    return { file, header, read };
}

/** Why `b` cannot be merged with `a`, or undefined. */
function disagreement(a: ShardFile, b: ShardFile): string | undefined {
    if (a.header.version !== b.header.version)
        return `it was scored by lswag ${b.header.version}, ${a.file} by ${a.header.version}`;
    if (a.header.optionsFingerprint !== b.header.optionsFingerprint) {
        const { data: _a, ...optionsA } = a.read.options;
        const { data: _b, ...optionsB } = b.read.options;
        const keys = [...new Set([...Object.keys(optionsA), ...Object.keys(optionsB)])];
        const differ = keys.filter(
            (k) =>
                canonicalJson(optionsA[k as keyof typeof optionsA]) !==
                canonicalJson(optionsB[k as keyof typeof optionsB]),
        );
        if (a.read.options.data.kind !== b.read.options.data.kind) differ.push('data');
        return `its options differ from ${a.file}'s (${differ.join(', ') || 'options'})`;
    }
    const data = dataDifference(a.header.data, b.header.data);
    return data ? `${data} (compared with ${a.file})` : undefined;
}

const sameScores = (a: ScoreResult, b: ScoreResult) =>
    canonicalJson(a.scores) === canonicalJson(b.scores);

export const mergeCommand = defineCommand({
    summary:
        'Join the results files of shards (--shard i/n) or queue runs, checking that they agree.',
    usage: 'lswag merge --out ALL.jsonl RESULTS.jsonl...',
    options: {
        own: {
            out: {
                type: 'string',
                value: 'ALL.jsonl',
                help: 'The merged results file (must not exist yet).',
            },
        },
        shared: [],
    },
    run(o, io) {
        if (!o.out) throw new UsageError('--out ALL.jsonl is required');
        if (o.positional.length === 0) throw new UsageError('give the results files to merge');
        if (existsSync(o.out)) throw new UsageError(`${o.out} exists; merge into a new file`);
        const shards = o.positional.map(readShard);
        const [first, ...rest] = shards;
        for (const s of rest) {
            const why = disagreement(first, s);
            if (why) throw new UsageError(`cannot merge ${s.file}: ${why}`);
        }
        const merged = new Map<string, ScoreResult>();
        const from = new Map<string, string>();
        for (const s of shards) {
            for (const [key, result] of s.read.results) {
                const earlier = merged.get(key);
                if (earlier && !sameScores(earlier, result))
                    throw new UsageError(
                        `${terminalText(key)} has different scores in ${from.get(key)} and ${s.file}`,
                    );
                if (earlier) continue;
                merged.set(key, result);
                from.set(key, s.file);
            }
        }
        const { shard: _shard, ...header } = first.header;
        const out = new ResultLog(o.out, first.read.options, header);
        for (const [key, result] of merged) out.append(key, result);
        io.err(`merged ${merged.size} results from ${shards.length} files into ${o.out}\n`);
        for (const note of shardNotes(shards)) io.err(`warning: ${note}\n`);
        return 0;
    },
});

/** Missing or repeated shards of an `i/n` set (merging is still allowed: a rerun fills the gap). */
function shardNotes(shards: readonly ShardFile[]): string[] {
    const counts = new Set(shards.flatMap((s) => (s.header.shard ? [s.header.shard.count] : [])));
    if (counts.size !== 1)
        return counts.size > 1 ? ['the files come from shardings of different n'] : [];
    const n = [...counts][0];
    const seen = shards.flatMap((s) => (s.header.shard ? [s.header.shard.index] : []));
    const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !seen.includes(i));
    const repeated = seen.filter((i, k) => seen.indexOf(i) !== k);
    return [
        ...(missing.length > 0
            ? [`shards ${missing.map((i) => `${i}/${n}`).join(', ')} are not among the files`]
            : []),
        ...(repeated.length > 0
            ? [`shards ${repeated.map((i) => `${i}/${n}`).join(', ')} are given twice`]
            : []),
    ];
}
