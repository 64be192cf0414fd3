// Every way a trace fails comes back as one diagnostic at the definition that names the cause;
// a stopped tracer leaves no process behind.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { PytorchSpec } from '../../../src/core/spec/spec';
import { type ResolveOptions, resolvePytorchSpecs } from '../../../src/host/tracer/index';
import {
    PYTHON,
    countingSpawn,
    makeWorkspace,
    pytorchSpec,
    requireTorch,
    tempCacheDir,
} from './pythonWorkspace';

async function failure(
    files: Record<string, string>,
    spec: (root: string) => PytorchSpec,
    extra: Partial<ResolveOptions> = {},
) {
    const root = makeWorkspace(files);
    const r = await resolvePytorchSpecs([spec(root)], {
        workspaceRoot: root,
        isPythonAllowed: true,
        explicit: PYTHON,
        explicitFrom: '--python',
        cacheDir: tempCacheDir(),
        ...extra,
    });
    assert.deepEqual(r.specs, [], 'a failed trace must not become a spec');
    assert.equal(r.diagnostics.length, 1);
    const [d] = r.diagnostics;
    assert.equal(d.severity, 'error');
    assert.equal(d.range.start.line, 2, 'the diagnostic sits at the definition');
    return d.message;
}

/** Processes of a process group that are still running (zombies waiting for a reaper are not). */
function livingInGroup(pgid: number): string[] {
    const living: string[] = [];
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        let stat: string;
        try {
            stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        } catch {
            continue;
        }
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(pgrp) === pgid && state !== 'Z') living.push(`${pid} ${state}`);
    }
    return living;
}

const cls = (name: string) => (root: string) =>
    pytorchSpec(path.join(root, 'm.py'), { kind: 'class', name });

describe('trace failures name their cause', { timeout: 300_000 }, () => {
    before(requireTorch);

    it('aMissingModuleNamesTheModuleAndTheInterpreter', async () => {
        const message = await failure(
            {
                'm.py': 'import torch.nn as nn\nimport lswag_no_such_module\nclass Net(nn.Module):\n    pass\n',
            },
            cls('Net'),
        );
        assert.match(
            message,
            /module 'lswag_no_such_module' is not installed for \/usr\/bin\/python3 \(--python\)/,
        );
    });

    it('requiredArgumentsAreListedWithTheCommentToAdd', async () => {
        const message = await failure(
            {
                'm.py': 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self, depth, width, act=None):\n        super().__init__()\n',
            },
            cls('Net'),
        );
        assert.match(
            message,
            /Net needs arguments without defaults: depth, width; give them with `# lswag: args=depth=\.\.\., width=\.\.\.`/,
        );
    });

    it('anExportFailureShowsTorchsOwnMessage', async () => {
        const net =
            'import torch, torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
            '        self.c = nn.Conv2d(3, 4, 3)\n        self.f = nn.Linear(4, 10)\n    def forward(self, x):\n' +
            '        y = self.c(x).mean((2, 3))\n        return self.f(torch.fft.rfft(y, n=8).abs()[:, :4])\n';
        const message = await failure({ 'm.py': net }, cls('Net'));
        assert.match(message, /^Net: tracing failed: torch\.onnx\.export failed: .*fft/);
    });

    it('anErrorInTheUsersCodeNamesTheLine', async () => {
        const net =
            'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        raise ValueError("bad width")\n';
        const message = await failure({ 'm.py': net }, cls('Net'));
        assert.match(message, /ValueError while building class Net \(m\.py line 5\): bad width/);
    });

    it('anErrorInTheForwardIsTheUsersNotAnExportFailure', async () => {
        const net =
            'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
            '        self.c = nn.Conv2d(3, 4, 3)\n        self.f = nn.Linear(5, 10)\n    def forward(self, x):\n' +
            '        return self.f(self.c(x).mean((2, 3)))\n';
        const message = await failure({ 'm.py': net }, cls('Net'));
        assert.match(
            message,
            /RuntimeError while running the model on an input of shape \[2, 3, 32, 32\] \(m\.py line 8\): mat1 and mat2/,
        );
    });

    it('theTimeoutStopsTheWholeProcessTree', async () => {
        const spawn = countingSpawn();
        const started = Date.now();
        const message = await failure(
            {
                'm.py': 'import subprocess, time\nsubprocess.Popen(["sleep", "120"])\ntime.sleep(120)\n',
            },
            cls('Net'),
            { timeoutMs: 4000, spawn },
        );
        assert.match(message, /tracing took longer than 4 s and was stopped/);
        assert.ok(Date.now() - started < 20_000, 'the tracer was not stopped in time');
        const tracer = spawn.calls.find((c) => c.args.some((a) => a.endsWith('lswag_trace.py')))!;
        // Why a process group check: the grandchild `sleep` must be gone too.
        assert.deepEqual(livingInGroup(tracer.child.pid!), []);
    });

    it('theMemoryCapStopsAHugeModelWithAMemoryError', async () => {
        const net =
            'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.f = nn.Linear(50000, 50000)\n';
        const message = await failure({ 'm.py': net }, cls('Net'), { memoryBytes: 2 * 2 ** 30 });
        assert.match(message, /tracing ran out of memory/);
    });

    it('anUndecidableInputShapeAsksForTheComment', async () => {
        const net =
            'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = nn.Conv2d(3, 4, 3)\n        self.f = nn.Linear(4, 7)\n';
        const message = await failure({ 'm.py': net }, cls('Net'));
        assert.match(message, /cannot tell the input shape.*# lswag: input=CxHxW/);
    });

    it('aMissingInterpreterSaysHowToChooseOne', async () => {
        const message = await failure({ 'm.py': '' }, cls('Net'), {
            explicit: '/nonexistent/python3',
        });
        assert.match(
            message,
            /Python interpreter '\/nonexistent\/python3' \(--python\) was not found; set lswag\.python/,
        );
    });
});
