// Seeded fuzzing of the text front ends through the shared harness (the long runs of bench/fuzz.ts
// use the same targets): architecture files, Python, NB201 strings, CSV and JSON-lines benchmarks.
import test from 'node:test';
import {
    archFileTarget,
    benchmarkCsvTarget,
    benchmarkJsonlTarget,
    nb201Target,
    pythonTarget,
} from '../../fuzz/targets/textFrontends';
import { fuzzTarget } from './fuzzRun';

// The fixed inputs (valid files and pathological texts such as 10,000 `[` or 5,000 `: :` lines) run
// first; yamlTree.ts bounds the YAML read by a token budget and an early nesting stop.
test('archFileFuzzKeepsItsContract', (t) => fuzzTarget(t, archFileTarget, 150));
test('pythonFuzzKeepsItsContract', (t) => fuzzTarget(t, pythonTarget, 150));
test('nb201StringsFuzzKeepsItsContract', (t) => fuzzTarget(t, nb201Target, 300, false));
test('benchmarkCsvFuzzKeepsItsContract', (t) => fuzzTarget(t, benchmarkCsvTarget, 300, false));
test('benchmarkJsonlFuzzKeepsItsContract', (t) => fuzzTarget(t, benchmarkJsonlTarget, 300, false));
