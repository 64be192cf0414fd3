// Comparable groups: scores rank together only for one kind of network with one input and one number
// of classes; the label says what the group is, and what only the model file knows.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
    comparableGroup,
    group,
    kindOfFamily,
} from '../../../../src/core/rankings/comparableGroup';
import type { ArchitectureSpec } from '../../../../src/core/spec/spec';

const nb201 = (classes: number, imageSize: number): ArchitectureSpec => ({
    family: 'nb201',
    name: 'c',
    cell: '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    classes,
    imageSize,
    channels: 16,
    cellsPerStage: 5,
});

const vit: ArchitectureSpec = {
    family: 'autoformer',
    name: 'vit',
    embedDim: 192,
    depth: 12,
    mlpRatio: [4],
    numHeads: [3],
    headDim: 64,
    patchSize: 16,
    imageSize: 224,
    inChannels: 3,
    classes: 1000,
    pool: 'mean',
};

test('cifarCellsShareAGroupAndOtherDatasetsDoNot', () => {
    const cifar10 = comparableGroup(nb201(10, 32));
    assert.equal(cifar10.key, comparableGroup({ ...nb201(10, 32), name: 'other' }).key);
    assert.equal(cifar10.label, 'NB201 3x32x32 / 10 classes');
    assert.deepEqual([cifar10.input, cifar10.classes], [[3, 32, 32], 10]);
    assert.notEqual(cifar10.key, comparableGroup(nb201(100, 32)).key, 'CIFAR-100 head');
    assert.notEqual(cifar10.key, comparableGroup(nb201(120, 16)).key, 'ImageNet16-120');
});

test('theKindOfNetworkSeparatesGroupsAtTheSameInputAndClasses', () => {
    const layers: ArchitectureSpec = {
        family: 'layers',
        name: 'cnn',
        input: [3, 32, 32],
        classes: 10,
        layers: [{ type: 'flatten' }, { type: 'linear', out: 10 }],
    };
    const cell = comparableGroup(nb201(10, 32));
    const list = comparableGroup(layers);
    assert.notEqual(cell.key, list.key);
    assert.equal(list.label, 'layer list 3x32x32 / 10 classes');
    // Why: a CIFAR CNN and an ImageNet ViT must never share "rank k/n".
    assert.equal(comparableGroup(vit).label, 'ViT 3x224x224 / 1000 classes');
    assert.notEqual(comparableGroup(vit).key, cell.key);
});

test('staticAndTracedPyTorchModelsAtOneInputCompareButOnnxFilesStayApart', () => {
    const graph: ArchitectureSpec = {
        family: 'graph',
        name: 'net',
        input: [3, 224, 224],
        inputFrom: 'comment',
        classes: 1000,
        nodes: [],
        output: 0,
    };
    const traced: ArchitectureSpec = {
        family: 'onnx',
        name: 'resnet',
        path: '/cache/resnet.onnx',
        keepWeights: false,
        weightsAsInputs: true,
        inputFrom: 'torchvision default',
        input: [3, 224, 224],
    };
    const file: ArchitectureSpec = {
        family: 'onnx',
        name: 'model',
        path: '/w/model.onnx',
        keepWeights: true,
    };
    assert.equal(comparableGroup(graph).label, 'PyTorch 3x224x224 / 1000 classes');
    assert.equal(comparableGroup(traced).label, 'PyTorch 3x224x224 / classes from the model');
    assert.equal(comparableGroup(traced).kind, 'pytorch');
    assert.equal(comparableGroup(file).label, 'ONNX input from the model / classes from the model');
    assert.equal(comparableGroup(file).key, 'onnx|?|?');
    assert.equal(comparableGroup(file).input, undefined);
});

test('groupsFromPartsMatchGroupsFromSpecs', () => {
    assert.deepEqual(group('nb201', [3, 32, 32], 10), comparableGroup(nb201(10, 32)));
    assert.equal(group('layers', [4], 3).label, 'layer list 4 / 3 classes');
    assert.equal(kindOfFamily('graph'), 'pytorch');
    assert.equal(kindOfFamily('autoformer'), 'vit');
});
