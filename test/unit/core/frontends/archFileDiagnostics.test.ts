// Every diagnostic kind of architecture files, at its exact position and covering the right text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readArchitectureFile } from '../../../../src/core/frontends/archFile';
import { CASES } from './archFileCases';
import { describeDiagnostics } from './sourceText';

for (const c of CASES) {
    test(`diagnostic ${c.name}`, () => {
        const result = readArchitectureFile(c.text, '/p/f.arch.yaml');
        assert.deepEqual(describeDiagnostics(c.text, result.diagnostics), c.expected);
    });
}

test('diagnosticRangesAreExactLineAndCharacterPairs', () => {
    const text =
        'family: autoformer\ncandidates:\n  - name: v\n    embed_dim: 1e9\n    depth: 2\n    mlp_ratio: 4\n    num_heads: 3\n';
    const [d] = readArchitectureFile(text, '/p/f.arch.yaml').diagnostics;
    assert.deepEqual(d.range, {
        file: '/p/f.arch.yaml',
        start: { line: 3, character: 15 },
        end: { line: 3, character: 18 },
    });
});

test('aCandidateWithOnlyWarningsIsStillRead', () => {
    const c = CASES.find((k) => k.name === 'unknownKeysWarnWithASuggestion')!;
    assert.equal(readArchitectureFile(c.text, '/p/f.arch.yaml').specs.length, 1);
});

test('internalErrorsBecomeADiagnosticAtTheFileStart', () => {
    const hostile = {
        length: 3,
        charCodeAt: () => {
            throw new Error('boom');
        },
    } as unknown as string;
    const result = readArchitectureFile(hostile, '/p/f.arch.yaml');
    assert.deepEqual(result.specs, []);
    assert.equal(result.diagnostics.length, 1);
    assert.match(result.diagnostics[0].message, /internal error/);
    assert.deepEqual(result.diagnostics[0].range.start, { line: 0, character: 0 });
});
