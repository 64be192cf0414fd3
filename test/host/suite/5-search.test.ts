/// <reference types="mocha" />
// The search side panel's session in the real host: a search started with the page's "start"
// message scores architectures with the real worker into .lswag/runs, "stop" ends it after the one in
// flight (the run file keeps every scored record and reads as interrupted), and "resume" finishes it.
// (The same flow through clicks in the rendered panel is checked in Chromium by test/host/ui.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SessionSnapshot } from '../../../src/extension/searchSession';
import { activatedApi, waitFor, workspaceFile } from './hostFixture';

/** A random search of one generation, large enough that "stop" always lands before its end. */
const SAMPLES = 16;

const FORM = {
    space: 'nb201',
    data: 'synthetic',
    objective: 'synflow',
    algorithm: 'random',
    population: 50,
    generations: 20,
    samples: SAMPLES,
    width: 8,
    cells: 5,
    paramsMin: null,
    paramsMax: null,
    seed: 7,
};

interface RunFileContent {
    readonly settings: {
        readonly algorithm: {
            readonly kind: string;
            readonly options: { readonly samples?: number };
        };
    };
    /** Eval records with their objective's score, first of each key (as the run file counts them). */
    readonly scored: ReadonlyMap<string, number>;
    readonly generations: readonly number[];
}

function readRun(file: string): RunFileContent {
    const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
    const header = JSON.parse(lines[0]) as { kind: string; settings: RunFileContent['settings'] };
    assert.equal(header.kind, 'lswag-search');
    const scored = new Map<string, number>();
    const generations: number[] = [];
    for (const line of lines.slice(1)) {
        const r = JSON.parse(line) as {
            kind: string;
            key?: string;
            index?: number;
            result?: { scores?: Record<string, number> };
        };
        if (r.kind === 'eval' && r.key !== undefined && !scored.has(r.key))
            scored.set(r.key, r.result?.scores?.synflow ?? NaN);
        if (r.kind === 'generation' && r.index !== undefined) generations.push(r.index);
    }
    return { settings: header.settings, scored, generations };
}

async function snapshotWhere(
    what: string,
    ok: (s: SessionSnapshot) => boolean,
    timeoutMs: number,
): Promise<SessionSnapshot> {
    const api = await activatedApi();
    return waitFor(
        what,
        async () => {
            const s = await api.searchSnapshot();
            return s && ok(s) ? s : undefined;
        },
        timeoutMs,
    );
}

suite('search side panel', () => {
    test('startStopAndResumeARandomSearchKeepEveryScoredRecord', async function () {
        this.timeout(300_000);
        const api = await activatedApi();
        await vscode.commands.executeCommand('lswag.runSearch');
        await api.searchPanelMessage({ type: 'start', form: FORM });

        const running = await snapshotWhere(
            'the search to score an architecture',
            (s) => s.state === 'running' && s.evaluated >= 1,
            120_000,
        );
        assert.equal(running.expected, SAMPLES);
        assert.equal(running.objective, 'synflow');
        assert.equal(running.algorithm, `random ${SAMPLES}`);
        const file = workspaceFile(`.lswag/runs/${running.id}.jsonl`).fsPath;

        await api.searchPanelMessage({ type: 'stop' });
        const stopped = await snapshotWhere(
            'the search to stop',
            (s) => !['starting', 'running', 'stopping'].includes(s.state),
            120_000,
        );
        assert.equal(stopped.state, 'stopped', `messages: ${stopped.messages.join(' | ')}`);
        assert.ok(
            stopped.evaluated >= 1 && stopped.evaluated < SAMPLES,
            `stopped after ${stopped.evaluated} of ${SAMPLES}`,
        );
        assert.match(
            stopped.messages.at(-1) ?? '',
            /^Stopped with \d+ of 16 architectures scored; Resume continues/,
        );

        const partial = readRun(file);
        assert.equal(partial.settings.algorithm.kind, 'random');
        assert.equal(
            partial.scored.size,
            stopped.evaluated,
            'the file holds every architecture the panel counted',
        );
        for (const [key, value] of partial.scored)
            assert.ok(Number.isFinite(value), `synflow of ${key} is ${value}`);
        assert.deepEqual(
            partial.generations,
            [],
            'an interrupted run has no summary of its only generation',
        );

        await api.searchPanelMessage({ type: 'refresh' });
        await api.searchPanelMessage({ type: 'resume', run: running.id });
        const done = await snapshotWhere(
            'the resumed search to end',
            (s) => s.state !== 'stopped' && !['starting', 'running', 'stopping'].includes(s.state),
            240_000,
        );
        assert.equal(done.state, 'complete', `messages: ${done.messages.join(' | ')}`);
        assert.equal(done.evaluated, SAMPLES);

        const complete = readRun(file);
        assert.equal(complete.scored.size, SAMPLES);
        assert.deepEqual(complete.generations, [0]);
        for (const [key, value] of partial.scored)
            assert.equal(complete.scored.get(key), value, `${key} kept, not rescored`);
    });
});
