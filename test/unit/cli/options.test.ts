// The CLI option parser: values, inline values, flags, positionals, and clear usage errors.
import assert from 'node:assert/strict';
import test from 'node:test';
import { UsageError, parseOptions } from '../../../src/cli/options';

const spec = { batch: 'number', data: 'string', json: 'boolean' } as const;

test('parsesSeparateAndInlineValuesFlagsAndPositionals', () => {
    const o = parseOptions(['a.yaml', '--batch', '32', '--data=x=y', '--json', 'b.onnx'], spec);
    assert.deepEqual(o, {
        batch: 32,
        data: 'x=y',
        json: true,
        positional: ['a.yaml', 'b.onnx'],
        values: {},
    });
});

test('sharedOptionsArriveCheckedUnderTheirKeys', () => {
    const args = [
        '--json',
        '--psi-samples=4',
        '--device',
        'cpu',
        '--gradient-mode',
        'per-sample',
        '--window',
        '2-5',
        '--proxies',
        'zico,lswag,zico',
    ];
    const o = parseOptions(args, { json: 'boolean' }, [
        'psiSamples',
        'device',
        'gradientMode',
        'window',
        'proxies',
    ]);
    assert.deepEqual(o, {
        json: true,
        positional: [],
        values: {
            psiSamples: 4,
            device: 'cpu',
            gradientMode: 'perSample',
            window: [2, 5],
            proxies: ['zico', 'lswag'],
        },
    });
});

test('aBadSharedValueIsAUsageErrorNamingTheFlagAndWhatIsAllowed', () => {
    const shared = ['device', 'batch', 'window', 'seed', 'proxies'] as const;
    const cases: [string[], RegExp][] = [
        [['--device', 'gpu0'], /^--device must be one of auto, cpu, cuda, webgpu, not 'gpu0'$/],
        [['--batch', '0'], /^--batch must be a positive integer, not 0$/],
        [['--batch', '1.5'], /^--batch must be a positive integer, not 1.5$/],
        [['--window', '5-2'], /^--window must look like 0-9/],
        [['--seed', '-1'], /^--seed must be an integer of at least 0, not -1$/],
        [['--proxies', 'lswag,nope'], /^--proxies: unknown proxy 'nope' \(known: .*, or 'all'\)$/],
    ];
    for (const [args, message] of cases) {
        assert.throws(
            () => parseOptions(args, {}, shared),
            (e: Error) => e instanceof UsageError && message.test(e.message),
            args.join(' '),
        );
    }
    assert.throws(
        () => parseOptions(['--device', 'cpu'], {}),
        /unknown option '--device'/,
        'only the shared options a command takes',
    );
});

test('rejectsUnknownOptionsMissingValuesAndNonNumbers', () => {
    assert.throws(
        () => parseOptions(['--nope'], spec),
        (e: Error) => e instanceof UsageError && /unknown option '--nope'/.test(e.message),
    );
    assert.throws(() => parseOptions(['--batch'], spec), /needs a value/);
    assert.throws(() => parseOptions(['--batch', 'x'], spec), /needs a number, got 'x'/);
});
