// Every fuzz target, by name: the test suite runs each at a small size, bench/fuzz.ts for longer.
import type { FuzzTarget } from '../harness';
import { cifarTarget, imageTarget, npyTarget } from './data';
import { cliOptionsTarget } from './cliOptions';
import { onnxTarget } from './onnx';
import {
    hostMessageTarget,
    webviewMessageTarget,
    workerLoopTarget,
    workerMessageTarget,
} from './protocol';
import { runFileTarget } from './runFile';
import {
    archFileTarget,
    benchmarkCsvTarget,
    benchmarkJsonlTarget,
    nb201Target,
    pythonTarget,
} from './textFrontends';

export const FUZZ_TARGETS: readonly FuzzTarget<never>[] = [
    archFileTarget,
    pythonTarget,
    nb201Target,
    benchmarkCsvTarget,
    benchmarkJsonlTarget,
    onnxTarget,
    npyTarget,
    cifarTarget,
    imageTarget,
    hostMessageTarget,
    workerMessageTarget,
    workerLoopTarget,
    webviewMessageTarget,
    runFileTarget,
    cliOptionsTarget,
] as unknown as FuzzTarget<never>[];
