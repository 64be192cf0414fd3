// The hover's text from cached data: the scores and rank when scored, the input and why, the data;
// and which definition a position is about.
import './vscodeMock';
import assert from 'node:assert/strict';
import test from 'node:test';
import { comparableGroup } from '../../../src/core/rankings/comparableGroup';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import { definitionAt, hoverMarkdown } from '../../../src/extension/definitionHover';
import type { RankedScore } from '../../../src/extension/scoreCache';

const range = (from: number, to: number) => ({
    file: '/w/a.arch.yaml',
    start: { line: from, character: 2 },
    end: { line: to, character: 0 },
});
const cell = (name: string, from: number, to: number): ArchitectureSpec => ({
    family: 'nb201',
    name,
    cell: '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    classes: 100,
    imageSize: 32,
    channels: 16,
    cellsPerStage: 5,
    source: range(from, to),
});

test('hoverShowsEveryCachedProxyTheRankTheInputAndTheData', () => {
    const scored: RankedScore = {
        result: {
            name: 'best',
            source: '/w/a.arch.yaml:3',
            family: 'nb201',
            params: 1000,
            flops: 2000,
            scores: { lswag: 12345, synflow: null },
            errors: ['synflow: not finite'],
            device: 'cpu',
            seconds: 1.5,
        },
        proxy: 'lswag',
        value: 12345,
        rank: 2,
        total: 7,
        group: comparableGroup(cell('best_[1]', 2, 4)),
        isStale: false,
    };
    const text = hoverMarkdown(cell('best_[1]', 2, 4), scored, {
        data: 'synthetic',
        scoreLink: 'command:x',
    });
    assert.match(text, /^\*\*best\\_\\\[1\\\]\*\* \(nb201\)/, 'names are escaped');
    assert.match(text, /Input 3x32x32: the NB201 dataset setting \(100 classes\)/);
    assert.match(text, /Data: synthetic/);
    assert.match(text, /rank 2\/7 by lswag in NB201 3x32x32 \/ 100 classes/);
    assert.match(text, /\| lswag \| 12,345 \|/);
    assert.match(text, /\| synflow \| .* \|/);
    assert.match(text, /Error: synflow: not finite/);
    assert.doesNotMatch(text, /Not scored yet/);
});

test('anUnscoredDefinitionOffersScoreAndATracedOneSaysWhy', () => {
    const traced: ArchitectureSpec = {
        family: 'pytorch',
        name: 'Net',
        file: '/w/m.py',
        target: { kind: 'class', name: 'Net' },
        staticReason: "'some_lib' is not defined statically",
        source: range(0, 9),
    };
    const text = hoverMarkdown(traced, undefined, { data: 'synthetic', scoreLink: 'command:s' });
    assert.match(text, /Not scored yet\. \[Score\]\(command:s\)/);
    assert.match(text, /Needs tracing with Python: 'some\\_lib' is not defined statically/);
    assert.match(text, /Input decided when traced/);
});

test('definitionAtPrefersTheInnermostAndOnlyTheFirstLineOutsideArchitectureFiles', () => {
    const outer = cell('outer', 0, 10);
    const inner = cell('inner', 3, 4);
    assert.equal(definitionAt([outer, inner], { line: 3, character: 0 }, true)?.name, 'inner');
    assert.equal(definitionAt([outer, inner], { line: 7, character: 0 }, true)?.name, 'outer');
    assert.equal(definitionAt([outer], { line: 5, character: 0 }, false), undefined);
    assert.equal(definitionAt([outer], { line: 0, character: 9 }, false)?.name, 'outer');
});
