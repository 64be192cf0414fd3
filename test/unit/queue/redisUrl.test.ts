import assert from 'node:assert/strict';
import test from 'node:test';
import { parseRedisUrl, redactedUrl } from '../../../src/queue/redisUrl';
import { UserInputError } from '../../../src/host/errors';

test('plainUrlGivesHostPortAndDatabase', () => {
    const t = parseRedisUrl('redis://queue.lab:6380/2');
    assert.deepEqual(t.connection, { host: 'queue.lab', port: 6380, db: 2 });
    assert.equal(t.redacted, 'redis://queue.lab:6380/2');
    assert.equal(t.hasPassword, false);
});

test('defaultsArePort6379AndDatabase0', () => {
    assert.deepEqual(parseRedisUrl('redis://localhost').connection, {
        host: 'localhost',
        port: 6379,
        db: 0,
    });
});

test('passwordAndTlsComeFromTheUrlAndNeverShow', () => {
    const url = 'rediss://lab:s3cr%40t@queue.lab:6390/1';
    const t = parseRedisUrl(url);
    assert.deepEqual(t.connection, {
        host: 'queue.lab',
        port: 6390,
        db: 1,
        username: 'lab',
        password: 's3cr@t',
        tls: { servername: 'queue.lab' },
    });
    assert.equal(t.hasPassword, true);
    assert.equal(t.redacted, 'rediss://***:***@queue.lab:6390/1');
    assert.equal(
        t.redact(`WRONGPASS for s3cr@t at ${url} (s3cr%40t)`),
        'WRONGPASS for *** at rediss://***:***@queue.lab:6390/1 (***)',
    );
    assert.equal(redactedUrl(url), 'rediss://***:***@queue.lab:6390/1');
});

test('badUrlsAreUserErrorsThatDoNotEchoThePassword', () => {
    for (const bad of [
        'http://:pw123@host:1',
        'redis://:pw123@host:1/db',
        'redis://:pw123@host:1/99',
        'redis://:pw123@host:1/0?x=1',
        'not a url pw123',
    ]) {
        assert.throws(
            () => parseRedisUrl(bad),
            (e: unknown) => e instanceof UserInputError && !e.message.includes('pw123'),
            bad,
        );
    }
});
