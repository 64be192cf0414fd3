// The "inline constant" quick fix's rule: a literal assigned once in the scope that owns the name.
import assert from 'node:assert/strict';
import test from 'node:test';
import { inlineConstant } from '../../../../../src/core/frontends/python/inlineConstant';

const at = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

test('aModuleLevelLiteralAssignedOnceIsInlinedIntoASequential', () => {
    const text = [
        'import torch.nn as nn',
        '',
        'hidden = 64  # width',
        'net = nn.Sequential(',
        '    nn.Conv2d(3, hidden, 3),',
        ')',
    ].join('\n');
    assert.deepEqual(inlineConstant(text, at(text, 'Conv2d'), 'hidden'), { value: '64', line: 2 });
});

test('aLocalLiteralInAMethodWinsOverTheModuleAndMustComeBeforeTheUse', () => {
    const text = [
        'width = 8',
        'class Net(nn.Module):',
        '    def __init__(self):',
        '        super().__init__()',
        '        width = 32',
        '        self.fc = nn.Linear(width, 10)',
        '',
        'def later():',
        '    nn.Linear(width, 2)',
        '    width = 4',
    ].join('\n');
    assert.deepEqual(inlineConstant(text, at(text, 'self.fc'), 'width'), { value: '32', line: 4 });
    assert.equal(inlineConstant(text, at(text, 'nn.Linear(width, 2)'), 'width'), undefined);
});

test('aFunctionWithoutItsOwnBindingSeesTheModuleConstant', () => {
    const text = ['C = 16', 'def f():', '    return nn.Conv2d(3, C, 3)'].join('\n');
    assert.deepEqual(inlineConstant(text, 2, 'C'), { value: '16', line: 0 });
});

test('nothingIsInlinedWhenTheNameIsNotAConstant', () => {
    const cases: [string, string][] = [
        ['hidden = 64\nhidden = 128\nnn.Linear(hidden, 1)', 'reassigned'],
        ['hidden = 64\nhidden += 1\nnn.Linear(hidden, 1)', 'augmented'],
        ['hidden = width * 2\nnn.Linear(hidden, 1)', 'not a literal'],
        ['for hidden in (1, 2):\n    pass\nnn.Linear(hidden, 1)', 'a loop variable'],
        ['a, hidden = 1, 2\nnn.Linear(hidden, 1)', 'a tuple target'],
        ['def f(hidden=64):\n    return nn.Linear(hidden, 1)', 'a parameter'],
        ['nn.Linear(hidden, 1)', 'never assigned'],
    ];
    for (const [text, why] of cases) {
        assert.equal(inlineConstant(text, at(text, 'nn.Linear'), 'hidden'), undefined, why);
    }
});

test('stringsBooleansAndTuplesOfNumbersAreLiterals', () => {
    const text = "mode = 'bilinear'\nk = (3, 3)\nok = True\nuse(mode, k, ok)";
    assert.equal(inlineConstant(text, 3, 'mode')?.value, "'bilinear'");
    assert.equal(inlineConstant(text, 3, 'k')?.value, '(3, 3)');
    assert.equal(inlineConstant(text, 3, 'ok')?.value, 'True');
});
