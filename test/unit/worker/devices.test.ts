// Device probing: auto takes the first provider that compiles and runs a tiny model, an explicit
// one that fails falls back to cpu with a warning, and every skipped provider keeps a short reason.
import assert from 'node:assert/strict';
import test from 'node:test';
import { tensor } from '../../../src/core/ir/tensor';
import type { RunnableModel } from '../../../src/core/onnx/runnable';
import type { DeviceName } from '../../../src/protocol/worker';
import {
    AUTO_ORDER,
    type CreateSession,
    probeDevices,
    shortenReason,
} from '../../../src/worker/devices';

/** Sessions that compute the probe's answer on `working` devices and throw elsewhere. */
function fakeCreate(working: readonly DeviceName[], tried: DeviceName[] = []): CreateSession {
    return async (_model, device) => {
        tried.push(device);
        if (!working.includes(device))
            throw new Error(`/src/ep_${device}.cc:12 Init() ${device} is absent\nsecond line`);
        const session: RunnableModel = {
            inputNames: ['x'],
            outputNames: ['y'],
            run: async () => ({ y: tensor('float32', [2], [2, 0]) }),
            release: async () => undefined,
        };
        return session;
    };
}

test('shortenReasonDropsOnnxruntimeSourceLocationsAndAssertions', () => {
    const webgpu =
        '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters';
    assert.equal(
        shortenReason(new Error(webgpu)),
        'Failed to get a WebGPU adapter: No supported adapters',
    );
    const cuda = 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library';
    assert.equal(shortenReason(new Error(cuda)), cuda);
    assert.equal(shortenReason('x'.repeat(300), 20), `${'x'.repeat(19)}…`);
    assert.equal(shortenReason(new Error('\n\nfirst\nsecond')), 'first');
});

test('autoTakesTheFirstWorkingProviderAndListsTheOnesBefore', async () => {
    const tried: DeviceName[] = [];
    const report = await probeDevices('auto', {
        threads: 3,
        create: fakeCreate(['webgpu', 'cpu'], tried),
    });
    assert.deepEqual(report, {
        device: 'webgpu',
        skipped: [{ device: 'cuda', reason: 'Init() cuda is absent' }],
        threads: 3,
    });
    assert.deepEqual(tried, ['cuda', 'webgpu']);
});

test('anExplicitDeviceThatFailsFallsBackToCpuWithAWarning', async () => {
    const warnings: string[] = [];
    const report = await probeDevices('cuda', {
        threads: 1,
        create: fakeCreate(['webgpu', 'cpu']),
        warn: (m) => warnings.push(m),
    });
    assert.deepEqual(report, {
        device: 'cpu',
        skipped: [{ device: 'cuda', reason: 'Init() cuda is absent' }],
        threads: 1,
    });
    assert.deepEqual(warnings, [
        "device 'cuda' failed to load (Init() cuda is absent); using cpu instead",
    ]);
    const explicitCpu = await probeDevices('cpu', {
        threads: 1,
        create: fakeCreate(['cuda', 'cpu']),
    });
    assert.deepEqual(explicitCpu.skipped, []);
});

test('aFailingCpuIsAnErrorNotASilentResult', async () => {
    await assert.rejects(
        probeDevices('auto', { threads: 1, create: fakeCreate([]) }),
        /the CPU execution provider failed to run a probe model: Init\(\) cpu is absent/,
    );
});

test('realOnnxruntimeProbeChoosesAWorkingProviderAndExplainsTheSkippedOnes', async () => {
    const report = await probeDevices('auto', { threads: 1 });
    const at = AUTO_ORDER.indexOf(report.device);
    assert.deepEqual(
        report.skipped.map((s) => s.device),
        AUTO_ORDER.slice(0, at),
    );
    for (const s of report.skipped)
        assert.ok(s.reason.length > 0 && s.reason.length <= 160 && !s.reason.includes('\n'));
});
