// Helpers for the tracer tests: Debian's real Python with torch, temporary workspaces, and a
// spawn wrapper that counts process starts.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PytorchSpec, PytorchTarget } from '../../../src/core/spec/spec';
import type { SpawnFn } from '../../../src/host/tracer/index';

/** Debian's interpreter: a pyenv `python3` earlier on PATH has no torch. */
export const PYTHON = '/usr/bin/python3';

/** Fails (never skips) when torch is missing, saying how CI gets it. */
export function requireTorch(): void {
    const r = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
    assert.equal(
        r.status,
        0,
        `${PYTHON} cannot import torch and torchvision (${r.stderr?.trim().split('\n').pop()}); ` +
            'CI installs them with `apt-get install python3-torch python3-torchvision`',
    );
}

/** A fresh folder holding `files` (relative path -> text). */
export function makeWorkspace(files: Readonly<Record<string, string>>): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lswag-trace-ws-'));
    for (const [rel, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), text);
    }
    return root;
}

export const tempCacheDir = () => mkdtempSync(path.join(os.tmpdir(), 'lswag-trace-cache-'));

/** node's spawn, recording every start (command, args, child). */
export function countingSpawn(): SpawnFn & {
    calls: { command: string; args: readonly string[]; child: ChildProcess }[];
} {
    const calls: { command: string; args: readonly string[]; child: ChildProcess }[] = [];
    const fn = ((command, args, options) => {
        const child = spawn(command, args, options);
        calls.push({ command, args, child });
        return child;
    }) as SpawnFn & { calls: typeof calls };
    fn.calls = calls;
    return fn;
}

/** Starts of the tracer script itself (not the version probe). */
export const tracerStarts = (s: ReturnType<typeof countingSpawn>) =>
    s.calls.filter((c) => c.args.some((a) => a.endsWith('lswag_trace.py'))).length;

export function pytorchSpec(
    file: string,
    target: PytorchTarget,
    extra: Partial<PytorchSpec> = {},
): PytorchSpec {
    return {
        family: 'pytorch',
        name: target.kind === 'expression' ? target.code : target.name,
        file,
        target,
        staticReason: 'test: built by tracing',
        source: { file, start: { line: 2, character: 0 }, end: { line: 2, character: 10 } },
        ...extra,
    };
}

/** torch's own parameter count of a Python expression, computed by Python. */
export function torchParams(setup: string, expression: string, cwd?: string): number {
    const code = `${setup}\nm = ${expression}\nprint(sum(p.numel() for p in m.parameters()))`;
    const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', cwd });
    assert.equal(r.status, 0, r.stderr);
    return Number(r.stdout.trim().split('\n').pop());
}
