// A panel search through the real worker (CPU, 1 thread, tiny batches): stopped midway it keeps every
// result, and resumed (by the panel, or by `lswag search --resume`) it scores each proposal exactly
// once; a CLI run cut short resumes in the panel; a run another process holds is refused. Progress
// reports counts, ETA and the chart.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { createEngine } from '../../../src/cli/engine';
import { runCli } from '../../../src/cli/main';
import { BudgetChecker } from '../../../src/core/search/constraints';
import { planGeneration } from '../../../src/core/search/planner';
import { readRunHeader } from '../../../src/core/search/runFile';
import { genomeKey } from '../../../src/core/search/spaces';
import { calibratedWindows } from '../../../src/host/calibrationStore';
import { proxyIds } from '../../../src/core/proxies/index';
import { FORM_DEFAULTS, headerFromForm } from '../../../src/extension/searchForm';
import { SearchSession, type SessionSnapshot } from '../../../src/extension/searchSession';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-session-'));
const engine = createEngine({ device: 'cpu', threads: 1 });
after(() => engine.stop());

const env = {
    data: { data: { kind: 'synthetic' as const } },
    batch: 4,
    batches: 2,
    psiSamples: 4,
    calibratedWindows: calibratedWindows(),
    presetDir: tmp,
    proxies: proxyIds,
};
const header = (samples: number, seed: number) =>
    headerFromForm(
        { ...FORM_DEFAULTS, algorithm: 'random', samples, seed, objective: 'synflow' },
        env,
    ).header;
const evalKeys = (file: string) =>
    readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{"kind":"eval"'))
        .map((l) => (JSON.parse(l) as { key: string }).key);
const planned = (file: string) => {
    const { settings } = readRunHeader(file);
    return planGeneration(settings, 0, [], new BudgetChecker(settings.budget))
        .genomes.map(genomeKey)
        .sort();
};

function session(
    onSnapshot: (s: SessionSnapshot, session: SearchSession) => void = () => undefined,
): { session: SearchSession; seen: SessionSnapshot[] } {
    const seen: SessionSnapshot[] = [];
    const s: SearchSession = new SearchSession({
        engine: async () => engine,
        onChange: (snap) => (seen.push(snap), onSnapshot(snap, s)),
    });
    return { session: s, seen };
}

/** A session that stops itself as soon as the first result is in the file. */
function stoppingAfterFirst() {
    return session((snap, s) => snap.state === 'running' && snap.evaluated >= 1 && s.stop());
}

test('aStoppedPanelSearchResumesInThePanelWithNothingLostOrRepeated', async () => {
    const file = path.join(tmp, 'panel.jsonl');
    const first = stoppingAfterFirst();
    assert.equal(await first.session.start(file, header(6, 5)), 'stopped');
    const before = evalKeys(file);
    assert.ok(before.length >= 1 && before.length < 6, `stopped midway: ${before.length} of 6`);
    const states = first.seen.map((s) => s.state);
    assert.deepEqual([...new Set(states)], ['starting', 'running', 'stopping', 'stopped']);
    assert.equal(first.seen.at(-1)!.evaluated, before.length);
    assert.match(
        first.seen.at(-1)!.messages.at(-1)!,
        /Stopped with \d of 6 architectures scored; Resume continues/,
    );
    assert.equal(first.session.runningFile, undefined);

    const second = session();
    assert.equal(await second.session.resume(file), 'complete');
    const after = evalKeys(file);
    assert.deepEqual(
        after.slice(0, before.length),
        before,
        'what was scored before the stop stays as it was',
    );
    assert.equal(new Set(after).size, after.length, 'no architecture scored twice');
    assert.deepEqual([...after].sort(), planned(file), 'every proposal scored');
    const last = second.seen.at(-1)!;
    assert.equal(last.state, 'complete');
    assert.deepEqual([last.evaluated, last.expected, last.generations], [6, 6, 1]);
    assert.equal(last.chart.length, 1);
    assert.equal(last.chart[0].isPartial, false);
    assert.ok(Number.isFinite(last.chart[0].best), 'the chart shows the best synflow');
    assert.ok(
        second.seen.some((s) => s.state === 'running' && s.etaSeconds !== null),
        'an ETA once results came in',
    );
});

test('aStoppedPanelSearchResumesInTheCliAndACliRunInThePanel', async () => {
    const file = path.join(tmp, 'shared.jsonl');
    assert.equal(await stoppingAfterFirst().session.start(file, header(5, 9)), 'stopped');
    const before = evalKeys(file);
    let err = '';
    const io: CliIo = { out: () => undefined, err: (t) => void (err += t) };
    assert.equal(
        await runCli(['search', '--resume', file, '--device', 'cpu', '--threads', '1'], io),
        0,
        err,
    );
    assert.match(err, new RegExp(`resuming: ${before.length} architectures already scored`));
    const done = evalKeys(file);
    assert.deepEqual(done.slice(0, before.length), before);
    assert.deepEqual([...done].sort(), planned(file));

    // The CLI's finished file, cut back to two results (an interrupted CLI run), resumes in the panel.
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`);
    const panel = session();
    assert.equal(await panel.session.resume(file), 'complete');
    const again = evalKeys(file);
    assert.deepEqual(again.slice(0, 2), done.slice(0, 2));
    assert.deepEqual([...again].sort(), planned(file));
});

test('oneSearchAtATimeAndAMissingFileFails', async () => {
    const s = session();
    const running = s.session.start(path.join(tmp, 'one.jsonl'), header(1, 1));
    await assert.rejects(
        s.session.start(path.join(tmp, 'two.jsonl'), header(1, 2)),
        /A search is running \(one.jsonl\); stop it first/,
    );
    assert.equal(await running, 'complete');
    assert.equal(await s.session.resume(path.join(tmp, 'none.jsonl')), 'failed');
    assert.match(s.seen.at(-1)!.messages.at(-1)!, /no run file/);
});

test('aRunAnotherProcessIsSearchingFailsNamingItAndIsLeftUntouched', async () => {
    const file = path.join(tmp, 'busy.jsonl');
    // Another window (or `lswag search`) holding the run: a real process with the real lock.
    const holder = spawn(
        process.execPath,
        [
            '--import',
            'tsx',
            path.join(__dirname, '..', 'core', 'search', 'lockHolder.ts'),
            file,
            'hold',
        ],
        {
            cwd: path.resolve(__dirname, '..', '..', '..'),
            stdio: ['ignore', 'pipe', 'inherit'],
        },
    );
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    try {
        await new Promise((resolve) => holder.stdout!.once('data', resolve));
        const s = session();
        assert.equal(await s.session.start(file, header(1, 3)), 'failed');
        assert.match(
            s.seen.at(-1)!.messages.at(-1)!,
            new RegExp(`is being searched by process ${holder.pid} since `),
        );
        assert.ok(!existsSync(file), 'the run file was not created');
        assert.equal(s.session.runningFile, undefined, 'the panel can start another search');
    } finally {
        holder.kill('SIGKILL');
    }
    await exited;
    const s = session();
    assert.equal(
        await s.session.start(file, header(1, 3)),
        'complete',
        "the dead holder's lock is taken over",
    );
    assert.ok(!existsSync(`${file}.lock`), 'released when the run completed');
});
