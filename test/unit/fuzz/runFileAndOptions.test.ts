// Seeded fuzzing of the files and arguments a user hands the CLI: mutated and hostile run-file lines
// through `search --resume`'s reader, and hostile argv through every command's option parser.
import test from 'node:test';
import { cliOptionsTarget } from '../../fuzz/targets/cliOptions';
import { runFileTarget } from '../../fuzz/targets/runFile';
import { fuzzTarget } from './fuzzRun';

test('runFileReaderFuzzKeepsOnlyTrustworthyRecords', (t) => fuzzTarget(t, runFileTarget, 400));
test('cliOptionParserFuzzGivesCheckedValuesOrAUsageError', (t) =>
    fuzzTarget(t, cliOptionsTarget, 1500));
