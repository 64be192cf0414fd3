// The default worker memory limit: 3/4 of the machine's memory or of the cgroup's limit, whichever
// is smaller; "max" and v1's huge "no limit" number mean no cgroup limit.
import assert from 'node:assert/strict';
import test from 'node:test';
import { cgroupMemoryBytes, defaultWorkerMemoryMb } from '../../../src/engine/memoryCap';

const GiB = 2 ** 30;

test('theDefaultIsThreeQuartersOfTheSmallerOfMachineAndCgroup', () => {
    assert.equal(defaultWorkerMemoryMb(24 * GiB, undefined), 18 * 1024);
    assert.equal(defaultWorkerMemoryMb(24 * GiB, 8 * GiB), 6 * 1024);
    assert.equal(defaultWorkerMemoryMb(4 * GiB, 8 * GiB), 3 * 1024);
    assert.equal(
        defaultWorkerMemoryMb(100 * 2 ** 20, undefined),
        256,
        'never below a usable floor',
    );
});

test('cgroupLimitsAreReadFromV2ThenV1AndNoLimitIsUndefined', () => {
    const files = (map: Record<string, string>) => (f: string) => {
        if (!(f in map)) throw new Error('ENOENT');
        return map[f];
    };
    assert.equal(
        cgroupMemoryBytes(files({ '/sys/fs/cgroup/memory.max': '4294967296\n' })),
        4 * GiB,
    );
    assert.equal(cgroupMemoryBytes(files({ '/sys/fs/cgroup/memory.max': 'max\n' })), undefined);
    assert.equal(
        cgroupMemoryBytes(
            files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712' }),
        ),
        undefined,
    );
    assert.equal(
        cgroupMemoryBytes(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '2147483648' })),
        2 * GiB,
    );
    assert.equal(cgroupMemoryBytes(files({})), undefined);
});
