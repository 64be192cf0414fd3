// Forks the engine worker given as argv[2], waits until it is ready, prints its pid and exits
// without stopping it: the worker must notice its parent is gone and exit by itself.
const { fork } = require('node:child_process');

const worker = fork(process.argv[2], [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
});
worker.on('message', (m) => {
    if (m.type !== 'ready') return;
    process.stdout.write(`${worker.pid}\n`, () => process.exit(0));
});
worker.send({ type: 'hello', version: 1, device: 'cpu', threads: 1 });
