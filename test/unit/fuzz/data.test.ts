// Seeded fuzzing of the data loaders: `.npy` files (bytes and header text), CIFAR binary batches and
// PNG/JPEG images load, or fail with DataError naming the file (images: a plain Error), within 1 s.
import test from 'node:test';
import { cifarTarget, imageTarget, npyTarget } from '../../fuzz/targets/data';
import { fuzzTarget } from './fuzzRun';

test('npyFuzzKeepsItsContract', (t) => fuzzTarget(t, npyTarget, 250));
test('cifarBinaryFuzzKeepsItsContract', (t) => fuzzTarget(t, cifarTarget, 150));
test('imageDecodeFuzzKeepsItsContract', (t) => fuzzTarget(t, imageTarget, 400));
