// The preset overwrite guard (#21): a free suggested name, and a question before a save replaces or
// hides any existing preset, shipped ones included.
import assert from 'node:assert/strict';
import test from 'node:test';
import { freePresetName, overwriteQuestion } from '../../../src/extension/presetNames';

const shipped = { name: 'nb201-cifar10', origin: 'shipped' } as const;

test('theSuggestedNameNeverCollides', () => {
    assert.equal(freePresetName('nb201-cifar10', []), 'nb201-cifar10');
    assert.equal(freePresetName('nb201-cifar10', [shipped]), 'nb201-cifar10-2');
    assert.equal(
        freePresetName('nb201-cifar10', [
            shipped,
            { name: 'nb201-cifar10-2', origin: 'workspace' },
        ]),
        'nb201-cifar10-3',
    );
});

test('aShippedNameNeedsConfirmation', () => {
    const q = overwriteQuestion('nb201-cifar10', 'global', [shipped]);
    assert.match(q!, /hides the preset 'nb201-cifar10' shipped with the extension\. Save anyway\?/);
    assert.match(
        overwriteQuestion('nb201-cifar10', 'workspace', [shipped])!,
        /in this workspace hides/,
    );
});

test('theSameNameInTheTargetFolderIsAReplacement', () => {
    const q = overwriteQuestion('mine', 'workspace', [{ name: 'mine', origin: 'workspace' }]);
    assert.match(q!, /replaces the preset 'mine' in this workspace/);
});

test('aGlobalSaveUnderAWorkspaceNameIsHiddenAndSaysSo', () => {
    const q = overwriteQuestion('mine', 'global', [
        { name: 'mine', origin: 'workspace' },
        { name: 'mine', origin: 'global' },
    ]);
    assert.match(
        q!,
        /is hidden by the preset 'mine' in this workspace and replaces the preset 'mine' in your global presets/,
    );
});

test('aFreeNameAsksNothing', () => {
    assert.equal(overwriteQuestion('new', 'workspace', [shipped]), undefined);
});
