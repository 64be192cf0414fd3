// Seeded fuzzing of the message boundaries: malformed host and worker messages through the
// validators, random (malformed, out-of-order) sequences through the worker loop, webview messages.
import test from 'node:test';
import {
    hostMessageTarget,
    webviewMessageTarget,
    workerLoopTarget,
    workerMessageTarget,
} from '../../fuzz/targets/protocol';
import { fuzzTarget } from './fuzzRun';

test('hostMessageValidationFuzzKeepsItsContract', (t) => fuzzTarget(t, hostMessageTarget, 2000));
test('workerMessageValidationFuzzKeepsItsContract', (t) =>
    fuzzTarget(t, workerMessageTarget, 2000));
test('workerLoopSurvivesMalformedAndOutOfOrderSequences', (t) =>
    fuzzTarget(t, workerLoopTarget, 300));
test('webviewMessageValidationFuzzKeepsItsContract', (t) =>
    fuzzTarget(t, webviewMessageTarget, 2000));
