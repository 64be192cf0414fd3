// A stand-in engine worker for supervisor tests that need a misbehaving peer; starts in ~50 ms.
// FAKE_WORKER_MODE: badVersion | malformedThenReady | crashAfterReady | hog (a score job's spec named
// 'hog' makes it grow until the host's memory watchdog kills it; other specs get a plain result) |
// dieOnCancel (a score job scores its first spec, starts the second and dies when a cancel comes).
const mode = process.env.FAKE_WORKER_MODE;
const device = { device: 'cpu', skipped: [], threads: 1 };
const send = (m) => process.send(m);

process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
    if (m.type === 'hello') {
        if (mode === 'badVersion') return send({ type: 'ready', version: 99, device });
        if (mode === 'malformedThenReady') {
            send({ type: 'nonsense' });
            send({ type: 'progress', done: 1 });
        }
        send({ type: 'ready', version: 1, device });
        if (mode === 'crashAfterReady') {
            send({ type: 'fatal', message: 'boom' });
            setTimeout(() => process.exit(1), 10);
        }
    } else if (m.type === 'selftest') {
        send({ type: 'progress', jobId: m.jobId, done: 0, total: 1, message: 'about to fail' });
        send({ type: 'fatal', message: 'out of cheese' });
        setTimeout(() => process.exit(1), 10);
    } else if (m.type === 'score' && mode === 'hog') {
        scoreHogging(m);
    } else if (m.type === 'score' && mode === 'dieOnCancel') {
        const progress = (done) =>
            send({ type: 'progress', jobId: m.jobId, done, total: m.specs.length });
        progress(0);
        send({ type: 'result', jobId: m.jobId, index: 0, result: resultOf(m.specs[0], m.options) });
        progress(1);
    } else if (m.type === 'cancel' && mode === 'dieOnCancel') {
        process.exit(1); // As if the spec in flight took the worker down after the cancel came.
    } else if (m.type === 'shutdown') {
        process.exit(0);
    }
});

const held = [];
function scoreHogging(m) {
    m.specs.forEach((spec, index) => {
        send({
            type: 'progress',
            jobId: m.jobId,
            done: index,
            total: m.specs.length,
            message: `scoring '${spec.name}' (1.0 k params, ~150 MiB at batch ${m.options.batch} x ${m.options.batches})`,
            estimateMiB: 150,
        });
        if (spec.name === 'hog') {
            // Touched pages count in the resident size; the watchdog kills well before this ends.
            for (let i = 0; i < 64; i++) held.push(Buffer.alloc(32 * 2 ** 20, 1));
            const end = Date.now() + 10_000;
            while (Date.now() < end); // Blocked, as in a long onnxruntime run.
            process.exit(1);
        }
        send({ type: 'result', jobId: m.jobId, index, result: resultOf(spec, m.options) });
    });
    send({ type: 'jobDone', jobId: m.jobId, cancelled: false });
}

/** A plain result: every proxy scores 1. */
function resultOf(spec, options) {
    return {
        name: spec.name,
        source: spec.name,
        family: spec.family,
        params: 1,
        flops: 1,
        scores: Object.fromEntries(options.proxies.map((p) => [p, 1])),
        errors: [],
        device: 'cpu',
        seconds: 0,
    };
}
