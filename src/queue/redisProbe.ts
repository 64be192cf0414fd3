// Checks that a queue's Redis answers before anything is enqueued or awaited: BullMQ's clients retry
// a refused connection forever, which from a terminal looks like a hang. The error names the redacted
// URL and the driver's reason with any credential scrubbed.
import { Redis } from 'ioredis';
import { UserInputError } from '../host/errors';
import type { RedisTarget } from './redisUrl';

const PROBE_TIMEOUT_MS = 5000;

export async function probeRedis(target: RedisTarget): Promise<void> {
    const client = new Redis({
        ...target.connection,
        lazyConnect: true,
        connectTimeout: PROBE_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
    });
    let lastError = '';
    client.on('error', (e: Error) => (lastError = e.message));
    try {
        await client.connect();
        await client.ping();
    } catch (e) {
        // Why the error event's message first: after a refused AUTH, connect() only says the connection closed.
        const reason = lastError || (e instanceof Error ? e.message : String(e));
        throw new UserInputError(
            `cannot reach the queue at ${target.redacted}: ${target.redact(reason)}`,
        );
    } finally {
        client.disconnect();
    }
}
