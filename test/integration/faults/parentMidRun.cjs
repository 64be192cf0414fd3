// Forks the engine worker given as argv[2], starts a score job of the model in argv[3] (JSON), and
// prints the worker's pid once the model is being scored; then waits to be killed. The test SIGKILLs
// this process mid-run: the worker must notice and exit by itself.
const { fork } = require('node:child_process');

const worker = fork(process.argv[2], [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
});
const spec = JSON.parse(process.argv[3]);
const options = {
    proxies: ['params', 'nwot', 'lswag'],
    data: { kind: 'synthetic' },
    batch: 8,
    batches: 2,
    seed: 0,
    psiSamples: 2,
    gradientMode: 'batches',
};
worker.on('message', (m) => {
    if (m.type === 'ready') worker.send({ type: 'score', jobId: 'long', specs: [spec], options });
    if (m.type === 'progress' && m.message) process.stdout.write(`${worker.pid}\n`);
    if (m.type === 'result') process.stdout.write('finished\n');
});
worker.send({ type: 'hello', version: 1, device: 'cpu', threads: 1 });
setInterval(() => undefined, 1000);
