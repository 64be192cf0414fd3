// Seeded fuzzing of the text front ends through the shared harness (the long runs of scripts/fuzz.ts
// use the same targets): architecture files, Python, NB201 strings, CSV and JSON-lines benchmarks.
import test from 'node:test';
import { archFileTarget, benchmarkCsvTarget, benchmarkJsonlTarget, nb201Target, pythonTarget } from '../../fuzz/targets/textFrontends';
import { fuzzTarget } from './fuzzRun';

// Why without the fixed pathological texts: test/unit/core/frontends/*Fuzz.test.ts run those already.
test('archFileFuzzKeepsItsContract', (t) => fuzzTarget(t, archFileTarget, 150, false));
test('pythonFuzzKeepsItsContract', (t) => fuzzTarget(t, pythonTarget, 150, false));
test('nb201StringsFuzzKeepsItsContract', (t) => fuzzTarget(t, nb201Target, 300, false));
test('benchmarkCsvFuzzKeepsItsContract', (t) => fuzzTarget(t, benchmarkCsvTarget, 300, false));
test('benchmarkJsonlFuzzKeepsItsContract', (t) => fuzzTarget(t, benchmarkJsonlTarget, 300, false));
