// The search panel's messages: a valid one passes as a fresh object of exactly its fields; anything
// malformed, oversized, or naming a path instead of a run is rejected with a reason.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { SearchForm } from '../../../src/protocol/searchView';
import { MAX_RUN_NAME, validateSearchViewMessage } from '../../../src/protocol/searchViewValidate';

const form: SearchForm = {
    space: 'nb201',
    data: 'synthetic',
    objective: 'libra:nb201-c10',
    algorithm: 'evolution',
    population: 50,
    generations: 20,
    samples: 1000,
    width: 8,
    cells: 5,
    paramsMin: 0.5,
    paramsMax: null,
    seed: 3,
};

const reason = (m: unknown) => {
    const r = validateSearchViewMessage(m);
    assert.equal(r.ok, false, `rejected: ${JSON.stringify(m)}`);
    return (r as { reason: string }).reason;
};

test('validMessagesPassAsCopiesOfTheirFields', () => {
    for (const m of [
        { type: 'ready' },
        { type: 'stop' },
        { type: 'refresh' },
        { type: 'resume', run: 'nb201 run (2)' },
        { type: 'openBest', run: 'a' },
        { type: 'openRunFile', run: 'a.b' },
    ]) {
        assert.deepEqual(validateSearchViewMessage(m), { ok: true, message: m });
    }
    const r = validateSearchViewMessage({ type: 'start', form });
    assert.ok(r.ok);
    assert.deepEqual(r.message, { type: 'start', form });
    assert.notEqual(
        (r.message as { form: SearchForm }).form,
        form,
        'the form is copied, not passed through',
    );
});

test('shapesThatAreNotMessagesAreRejected', () => {
    assert.match(reason(null), /must be an object, not null/);
    assert.match(reason([{ type: 'ready' }]), /not an array/);
    assert.match(reason('ready'), /not 'ready'/);
    assert.match(reason({}), /unknown message type undefined/);
    assert.match(reason({ type: 'openSource', source: 'x' }), /unknown message type 'openSource'/);
    assert.match(reason({ type: '__proto__' }), /unknown message type/);
    assert.match(reason({ type: 'stop', run: 'x' }), /stop: unexpected field run/);
    assert.match(reason({ type: 'ready', extra: 1 }), /unexpected field extra/);
});

test('runNamesThatCouldLeaveTheRunsFolderAreRejected', () => {
    for (const type of ['resume', 'openBest', 'openRunFile']) {
        assert.match(
            reason({ type }),
            new RegExp(`${type}: run must be a non-empty string, not undefined`),
        );
        assert.match(reason({ type, run: '' }), /non-empty string/);
        assert.match(reason({ type, run: 7 }), /not 7/);
        assert.match(reason({ type, run: '../../etc/passwd' }), /path separator/);
        assert.match(reason({ type, run: 'a\\b' }), /path separator/);
        assert.match(reason({ type, run: '..' }), /starts with a dot/);
        assert.match(reason({ type, run: '.hidden' }), /starts with a dot/);
        assert.match(reason({ type, run: 'a\u0000b' }), /control character/);
        assert.match(reason({ type, run: 'x'.repeat(MAX_RUN_NAME + 1) }), /longer than/);
    }
});

test('formsWithMissingExtraOrOutOfRangeFieldsAreRejected', () => {
    const bad = (change: Record<string, unknown>) =>
        reason({ type: 'start', form: { ...form, ...change } });
    assert.match(reason({ type: 'start' }), /form must be an object, not undefined/);
    assert.match(reason({ type: 'start', form: [] }), /form must be an object, not an array/);
    const { seed: _seed, ...withoutSeed } = form;
    assert.match(reason({ type: 'start', form: withoutSeed }), /missing field seed/);
    assert.match(bad({ script: 'x' }), /unexpected field script/);
    assert.match(bad({ space: 'NB201; rm -rf' }), /space is not valid/);
    assert.match(bad({ space: 5 }), /space is not valid/);
    assert.match(bad({ data: '/etc' }), /data must be 'synthetic' or 'setting'/);
    assert.match(bad({ objective: 'libra:../x' }), /objective is not valid/);
    assert.match(bad({ objective: '' }), /objective is not valid/);
    assert.match(bad({ algorithm: 'bayes' }), /algorithm must be/);
    assert.match(bad({ population: 0 }), /population must be a whole number from 1/);
    assert.match(bad({ generations: 2.5 }), /generations must be a whole number/);
    assert.match(bad({ samples: '10' }), /samples must be a whole number.*'10'/);
    assert.match(bad({ samples: 1e9 }), /samples must be a whole number from 1 to 1000000/);
    assert.match(bad({ paramsMin: -1 }), /paramsMin must be null or millions/);
    assert.match(bad({ paramsMax: Number.NaN }), /paramsMax must be null or millions/);
    assert.match(bad({ paramsMax: '23' }), /paramsMax must be null/);
    assert.match(bad({ seed: -1 }), /seed must be a whole number from 0/);
    assert.match(bad({ seed: 2 ** 40 }), /seed must be a whole number/);
});
