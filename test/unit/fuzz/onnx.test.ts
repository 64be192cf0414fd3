// Seeded fuzzing of the ONNX importer: our exporter's and PyTorch's models truncated, bit-flipped,
// with huge dims, cycles, absurd attributes and odd opsets; plus the size bounds, checked exactly.
import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { MAX_ONNX_BYTES, importOnnx, readOnnxFile } from '../../../src/core/frontends/onnxImport';
import { MAX_TENSOR_ELEMENTS, decodeTensor } from '../../../src/core/onnx/tensorProto';
import { TensorProtoSchema, create } from '../../../src/core/onnx/proto';
import { onnxTarget } from '../../fuzz/targets/onnx';
import { fuzzTarget } from './fuzzRun';

test('onnxImportFuzzKeepsItsContract', (t) => fuzzTarget(t, onnxTarget, 600));

test('anOnnxFileOverTheLimitIsRefusedBeforeItIsRead', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lswag-onnx-')), 'big.onnx');
    writeFileSync(file, '');
    truncateSync(file, MAX_ONNX_BYTES + 1); // Sparse: no gigabyte is written.
    assert.throws(
        () => readOnnxFile(file),
        /big\.onnx: 1024 MiB; ONNX files over 1024 MiB are refused/,
    );
    writeFileSync(file, Uint8Array.of(8, 7));
    assert.deepEqual([...readOnnxFile(file)], [8, 7]);
    assert.throws(() => readOnnxFile(file, 1), /refused/);
});

test('aTensorThatClaimsHugeDimsIsRefusedBeforeAllocation', () => {
    const lie = create(TensorProtoSchema, {
        name: 'w',
        dims: [2n ** 40n],
        dataType: 1,
        rawData: new Uint8Array(4),
    });
    assert.throws(
        () => decodeTensor(lie),
        new RegExp(`tensor 'w': ${2 ** 40} elements is over the limit of ${MAX_TENSOR_ELEMENTS}`),
    );
    const negative = create(TensorProtoSchema, { name: 'v', dims: [-3n], dataType: 1 });
    assert.throws(() => decodeTensor(negative), /tensor 'v': bad dimensions \[-3\]/);
    const short = create(TensorProtoSchema, {
        name: 'u',
        dims: [3n],
        dataType: 1,
        rawData: new Uint8Array(8),
    });
    assert.throws(() => decodeTensor(short), /tensor 'u': 8 bytes for 3 float32/);
    assert.match(
        importOnnx(new Uint8Array(16).fill(0xff)).diagnostics[0].message,
        /not a readable ONNX model/,
    );
});
