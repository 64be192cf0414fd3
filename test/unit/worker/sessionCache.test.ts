// The compiled-session cache: one onnxruntime session per distinct ONNX bytes, LRU eviction that
// releases sessions (never one in use), and GPU sessions retried on the CPU when they fail.
import assert from 'node:assert/strict';
import test from 'node:test';
import { GraphBuilder } from '../../../src/core/ir/builder';
import { tensor } from '../../../src/core/ir/tensor';
import { exportModel } from '../../../src/core/onnx/export';
import type { RunnableModel } from '../../../src/core/onnx/runnable';
import type { DeviceName } from '../../../src/protocol/worker';
import { type CreateSession, createOrtSession } from '../../../src/worker/devices';
import { SessionCache } from '../../../src/worker/sessionCache';

/** y = relu(x + x) with x: [width], input named `x<width>` so a session names its graph. */
function model(width: number): Uint8Array {
    const b = new GraphBuilder();
    const x = b.input(`x${width}`, 'float32', [width]);
    b.output(b.relu(b.add(x, x)), 'y');
    return exportModel(b.graph);
}

/** Real onnxruntime sessions whose releases are recorded by graph name. */
function recordingCreate(released: string[]): CreateSession {
    return async (bytes, device, threads) => {
        const s = await createOrtSession(bytes, device, threads);
        return { ...s, release: async () => (released.push(s.inputNames[0]), s.release()) };
    };
}

async function runOnce(session: RunnableModel, width: number): Promise<number[]> {
    const out = await session.run({
        [`x${width}`]: tensor(
            'float32',
            [width],
            Array.from({ length: width }, (_, i) => i - 1),
        ),
    });
    return [...(out.y.data as Float32Array)];
}

test('identicalGraphsShareOneRealSession', async () => {
    const cache = new SessionCache({ device: 'cpu', threads: 1 });
    const first = await cache.compile(model(3));
    const second = await cache.compile(model(3));
    assert.deepEqual(await runOnce(first, 3), [0, 0, 2]);
    assert.deepEqual(await runOnce(second, 3), [0, 0, 2]);
    await first.release();
    await second.release();
    const other = await cache.compile(model(4));
    await other.release();
    assert.deepEqual(cache.stats(), { created: 2, hits: 1, evicted: 0, cpuFallbacks: 0, size: 2 });
    await cache.clear();
    assert.equal(cache.stats().size, 0);
});

test('lruEvictionReleasesTheLeastRecentlyUsedSession', async () => {
    const released: string[] = [];
    const cache = new SessionCache({
        device: 'cpu',
        threads: 1,
        capacity: 2,
        create: recordingCreate(released),
    });
    for (const w of [2, 3, 2, 4]) await (await cache.compile(model(w))).release(); // 2 was used after 3
    assert.deepEqual(released, ['x3']);
    assert.deepEqual(cache.stats(), { created: 3, hits: 1, evicted: 1, cpuFallbacks: 0, size: 2 });
    const again = await cache.compile(model(3));
    assert.deepEqual(await runOnce(again, 3), [0, 0, 2], 'an evicted graph compiles afresh');
    assert.equal(cache.stats().created, 4);
    await again.release();
    await cache.clear();
});

test('aSessionInUseIsNeverEvictedAndAReleasedHandleRefusesToRun', async () => {
    const released: string[] = [];
    const cache = new SessionCache({
        device: 'cpu',
        threads: 1,
        capacity: 1,
        create: recordingCreate(released),
    });
    const held = await cache.compile(model(2));
    const other = await cache.compile(model(3));
    assert.equal(cache.stats().size, 2, 'both in use: the bound waits');
    assert.deepEqual(await runOnce(held, 2), [0, 0]);
    await held.release();
    assert.deepEqual(released, ['x2']);
    await assert.rejects(held.run({}), /run\(\) on a released session/);
    await held.release(); // Twice is harmless.
    assert.equal(cache.stats().size, 1);
    await other.release();
    await cache.clear();
});

test('concurrentCompilesOfOneGraphCreateOneSessionAndFailuresAreNotCached', async () => {
    let calls = 0;
    const flaky: CreateSession = async (bytes, device, threads) => {
        if (++calls === 1) throw new Error('transient');
        return createOrtSession(bytes, device, threads);
    };
    const cache = new SessionCache({ device: 'cpu', threads: 1, create: flaky });
    await assert.rejects(cache.compile(model(2)), /transient/);
    assert.equal(cache.stats().size, 0);
    const [a, b] = await Promise.all([cache.compile(model(2)), cache.compile(model(2))]);
    assert.deepEqual(cache.stats(), { created: 1, hits: 1, evicted: 0, cpuFallbacks: 0, size: 1 });
    await a.release();
    await b.release();
    await cache.clear();
});

/** A "GPU" that cannot compile graphs of width 2 and cannot run graphs of width 3; cpu is real. */
const flakyGpu: CreateSession = async (bytes, device, threads) => {
    const s = await createOrtSession(bytes, 'cpu', threads);
    if (device === 'cpu') return s;
    if (s.inputNames[0] === 'x2') throw new Error('/src/gpu.cc:1 Compile() missing kernel');
    if (s.inputNames[0] === 'x3')
        return { ...s, run: async () => Promise.reject(new Error('out of GPU memory')) };
    return s;
};

test('gpuSessionsThatFailToCompileOrRunAreRetriedOnCpuWithWarnings', async () => {
    const warnings: string[] = [];
    const cache = new SessionCache({
        device: 'webgpu',
        threads: 1,
        create: flakyGpu,
        warn: (m) => warnings.push(m),
    });
    const used = (): DeviceName[] => [...cache.takeUsedDevices()];
    const fine = await cache.compile(model(4));
    await runOnce(fine, 4);
    assert.deepEqual(used(), ['webgpu']);
    const noKernel = await cache.compile(model(2));
    assert.deepEqual(await runOnce(noKernel, 2), [0, 0]);
    assert.deepEqual(used(), ['cpu']);
    const noMemory = await cache.compile(model(3));
    assert.deepEqual(await runOnce(noMemory, 3), [0, 0, 2]);
    assert.deepEqual(await runOnce(noMemory, 3), [0, 0, 2], 'later runs stay on the cpu');
    assert.deepEqual(used(), ['cpu']);
    assert.deepEqual(warnings, [
        'a session failed to compile on webgpu (Compile() missing kernel); retrying on cpu',
        'a session failed to run on webgpu (out of GPU memory); retrying on cpu',
    ]);
    assert.equal(cache.stats().cpuFallbacks, 2);
    for (const s of [fine, noKernel, noMemory]) await s.release();
    await cache.clear();
});
