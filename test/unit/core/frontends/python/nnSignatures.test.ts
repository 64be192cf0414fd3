// The torch.nn signature table both Python readers bind by, against torch's own constructors
// (inspect.signature in Debian's /usr/bin/python3): the same parameter order and the same defaults.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { NN_SIGNATURES } from '../../../../../src/core/frontends/python/nnSignatures';

const PYTHON = '/usr/bin/python3';

/** Per class: its named parameters in order, each with its default (absent when required). */
const INSPECT = `
import inspect, json, sys
import torch.nn as nn
out = {}
for name in sys.argv[1:]:
    params = inspect.signature(getattr(nn, name).__init__).parameters.values()
    named = [p for p in params if p.name != 'self' and p.kind == p.POSITIONAL_OR_KEYWORD]
    out[name] = [[p.name] + ([] if p.default is p.empty else [p.default]) for p in named]
print(json.dumps(out))
`;

function hasTorch(): boolean {
    if (!existsSync(PYTHON)) return false;
    try {
        execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

test('everyDefaultNamesOneOfItsLayersParameters', () => {
    for (const [name, sig] of Object.entries(NN_SIGNATURES)) {
        for (const param of Object.keys(sig.defaults))
            assert.ok(sig.params.includes(param), `${name} default for unknown '${param}'`);
    }
});

test(
    'signaturesMatchTorchsConstructorsInOrderAndDefaults',
    { skip: !hasTorch() && 'no PyTorch at /usr/bin/python3' },
    () => {
        const names = Object.keys(NN_SIGNATURES);
        const torch = JSON.parse(
            execFileSync(PYTHON, ['-c', INSPECT, ...names], { encoding: 'utf8' }),
        ) as Record<string, ([string] | [string, unknown])[]>;
        for (const [name, sig] of Object.entries(NN_SIGNATURES)) {
            // Why a prefix: torch ends most lists with device/dtype, which no reader looks at.
            const theirs = torch[name].slice(0, sig.params.length);
            assert.deepEqual(
                sig.params,
                theirs.map(([p]) => p),
                `${name} parameter order`,
            );
            for (const [param, ...hasDefault] of theirs) {
                const ours = Object.hasOwn(sig.defaults, param) ? [sig.defaults[param]] : [];
                assert.deepEqual(ours, hasDefault, `${name} ${param} default`);
            }
        }
    },
);
