// A stand-in engine worker for supervisor tests that need a misbehaving peer; starts in ~50 ms.
// FAKE_WORKER_MODE: badVersion | malformedThenReady | crashAfterReady.
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
    } else if (m.type === 'shutdown') {
        process.exit(0);
    }
});
