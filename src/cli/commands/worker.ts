// `lswag worker --queue URL`: scores architectures that `lswag score|eval|search --queue` (or the
// extension) enqueue, with this machine's engine and data, until stopped. A job whose data or version
// differs from this machine's goes back to the queue and the worker exits 1, naming the difference.
import os from 'node:os';
import { version } from '../../../package.json';
import { QueueWorker } from '../../queue/queueWorker';
import { probeRedis } from '../../queue/redisProbe';
import { parseRedisUrl } from '../../queue/redisUrl';
import { checkPositiveInt } from '../../host/optionChecks';
import { engineSettings } from '../../host/scoreOptions';
import { UserInputError } from '../../host/errors';
import { defineCommand } from '../command';
import { dataFromOptions } from '../dataOption';
import { createEngine } from '../engine';
import { engineLog } from '../engineLog';
import { ENGINE_OPTIONS } from '../optionGroups';
import { UsageError } from '../options';

export const workerCommand = defineCommand({
    summary: "Score architectures enqueued by 'lswag score|eval|search --queue' on a Redis queue.",
    usage: 'lswag worker --queue redis://HOST:PORT[/DB] [--concurrency K] [--data PATH] [options]',
    options: {
        own: {
            queue: {
                type: 'string',
                value: 'redis://HOST:PORT[/DB]',
                help: 'The Redis the coordinators enqueue on (rediss:// for TLS; a password in the URL is never printed).',
            },
            concurrency: {
                type: 'number',
                value: 'K',
                help: 'Architectures scored at once, each in its own engine process (default 1).',
            },
            name: {
                type: 'string',
                value: 'NAME',
                help: 'How progress names this worker (default HOST:PID).',
            },
            'stall-seconds': {
                type: 'number',
                value: 'S',
                help: "A job whose worker stops answering for S seconds is given to another worker (default 30, BullMQ's).",
            },
        },
        shared: ['data', 'labels', ...ENGINE_OPTIONS],
    },
    async run(o, io) {
        if (o.positional.length > 0)
            throw new UsageError(`unexpected argument '${o.positional[0]}'`);
        if (!o.queue) throw new UsageError('--queue redis://HOST:PORT[/DB] is required');
        const concurrency = checkPositiveInt(o.concurrency ?? 1, '--concurrency');
        const stallSeconds = checkPositiveInt(o['stall-seconds'] ?? 30, '--stall-seconds');
        let target: ReturnType<typeof parseRedisUrl>;
        try {
            target = parseRedisUrl(o.queue);
        } catch (e) {
            throw e instanceof UserInputError ? new UsageError(e.message) : e;
        }
        const localData = dataFromOptions(o.values);
        try {
            await probeRedis(target);
        } catch (e) {
            if (!(e instanceof UserInputError)) throw e;
            io.err(`lswag worker: ${e.message}\n`);
            return 1;
        }
        const name = o.name ?? `${os.hostname()}:${process.pid}`;
        const log = engineLog(io);
        const worker = new QueueWorker({
            target,
            name,
            concurrency,
            localData,
            version,
            stallSeconds,
            createEngine: () => createEngine(engineSettings(o.values), log),
            log: (line) => io.err(`worker ${name}: ${line}\n`),
        });
        await worker.ready();
        const data =
            localData.kind === 'synthetic'
                ? 'synthetic data'
                : `${localData.kind} data ${localData.path}`;
        io.err(
            `worker ${name}: connected to ${target.redacted}; concurrency ${concurrency}; ${data}; waiting for jobs\n`,
        );
        // Why wait for a refusal: nothing else ends a worker but a signal, which ends the process
        // (its jobs in flight return to the queue by BullMQ's stalled-job check).
        const reason = await worker.refused;
        await worker.close();
        io.err(
            `lswag worker: stopped after refusing a job: ${reason}. Give this worker the coordinator's data (--data) and lswag version.\n`,
        );
        return 1;
    },
});
