// The run-file lock with real processes: a second opener is refused while the first holds the lock
// (naming its pid and start time), a lock whose process died is taken over, and the lock is removed
// on release, on process.exit and on a crash, but never when another process owns it meanwhile.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after } from 'node:test';
import { RunFileError } from '../../../../src/core/search/runFile';
import { RunLock, RunLockedError, lockPathOf } from '../../../../src/core/search/runLock';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-lock-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const holder = path.join(__dirname, 'lockHolder.ts');

/** Starts lockHolder.ts; resolves once it holds the lock (or rejects with what it printed). */
function startHolder(
    file: string,
    how: 'hold' | 'exit' | 'crash',
): { child: ChildProcess; locked: Promise<void>; exited: Promise<number | null> } {
    const child = spawn(process.execPath, ['--import', 'tsx', holder, file, how], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
    );
    const locked = new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d) => ((out += d), out.includes('locked') && resolve()));
        child.stderr!.on('data', (d) => (err += d));
        void exited.then(() =>
            out.includes('locked')
                ? resolve()
                : reject(new Error(`holder exited before locking: ${err}`)),
        );
    });
    return { child, locked, exited };
}

const ownerOf = (file: string) =>
    JSON.parse(readFileSync(lockPathOf(file), 'utf8')) as {
        pid: number;
        hostname: string;
        started: string;
    };

test('theLockNamesItsOwnerAndASecondOpenerInTheSameProcessIsRefused', () => {
    const file = path.join(tmp, 'a', 'same.jsonl');
    const lock = RunLock.acquire(file);
    const owner = ownerOf(file);
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.hostname, os.hostname());
    assert.ok(Math.abs(Date.parse(owner.started) - Date.now()) < 60_000, owner.started);
    assert.throws(
        () => RunLock.acquire(file),
        (e: Error) => {
            assert.ok(e instanceof RunLockedError && e instanceof RunFileError);
            assert.equal(
                e.message,
                `run ${file} is being searched by process ${process.pid} since ${owner.started}; stop that search first`,
            );
            return true;
        },
    );
    lock.release();
    assert.ok(!existsSync(lockPathOf(file)), 'released');
    lock.release(); // a second release is harmless
    RunLock.acquire(file).release();
});

test('aLiveProcessHoldingTheLockRefusesOthersUntilItDiesThenItIsTakenOver', async () => {
    const file = path.join(tmp, 'live.jsonl');
    const h = startHolder(file, 'hold');
    try {
        await h.locked;
        assert.throws(
            () => RunLock.acquire(file),
            new RegExp(`is being searched by process ${h.child.pid} since `),
        );
    } finally {
        h.child.kill('SIGKILL');
    }
    await h.exited;
    assert.equal(ownerOf(file).pid, h.child.pid, 'a SIGKILL leaves the lock behind');
    const lock = RunLock.acquire(file);
    assert.equal(ownerOf(file).pid, process.pid, 'the stale lock was taken over');
    lock.release();
    assert.ok(!existsSync(lockPathOf(file)));
});

test('processExitAndACrashRemoveTheLock', async () => {
    for (const how of ['exit', 'crash'] as const) {
        const file = path.join(tmp, `${how}.jsonl`);
        const h = startHolder(file, how);
        await h.locked;
        assert.notEqual(await h.exited, 0, `${how}: the holder ended abnormally`);
        assert.ok(!existsSync(lockPathOf(file)), `${how}: the exit handler removed the lock`);
    }
});

test('aLockFromAnotherHostIsNeverTakenOver', () => {
    const file = path.join(tmp, 'remote.jsonl');
    writeFileSync(
        lockPathOf(file),
        JSON.stringify({
            pid: 1,
            hostname: `${os.hostname()}-elsewhere`,
            started: '2025-01-02T03:04:05.000Z',
        }),
    );
    assert.throws(
        () => RunLock.acquire(file),
        /by process 1 on .*-elsewhere \(delete .*remote\.jsonl\.lock if that process is gone\) since 2025-01-02T03:04:05\.000Z/,
    );
});

test('anUnreadableLockIsLeftAloneBrieflyThenTakenOver', () => {
    const file = path.join(tmp, 'torn.jsonl');
    writeFileSync(lockPathOf(file), '{"pid": 12'); // a writer between create and write, or one killed there
    assert.throws(() => RunLock.acquire(file), /is being opened by another process/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathOf(file), old, old);
    const lock = RunLock.acquire(file);
    assert.equal(ownerOf(file).pid, process.pid);
    lock.release();
});

test('releaseLeavesALockThatAnotherProcessTookOver', () => {
    const file = path.join(tmp, 'taken.jsonl');
    const lock = RunLock.acquire(file);
    const other = JSON.stringify({
        pid: process.pid + 1,
        hostname: os.hostname(),
        started: new Date().toISOString(),
    });
    writeFileSync(lockPathOf(file), other);
    lock.release();
    assert.equal(readFileSync(lockPathOf(file), 'utf8'), other);
});

test('aFolderThatCannotHoldTheLockIsARunFileError', () => {
    const notAFolder = path.join(tmp, 'plain-file');
    writeFileSync(notAFolder, '');
    assert.throws(
        () => RunLock.acquire(path.join(notAFolder, 'run.jsonl')),
        (e: Error) =>
            e instanceof RunFileError &&
            !(e instanceof RunLockedError) &&
            /^cannot write the run file .*run\.jsonl: /.test(e.message),
    );
});
