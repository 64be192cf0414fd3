// A child process for concurrentAppend.test.ts: opens a run file and a results file with the real
// RunFile and ResultLog, waits for the go file (so two writers start together), appends N records.
import { existsSync, writeFileSync } from 'node:fs';
import { ResultLog } from '../../../src/cli/resultLog';
import { RunFile, RUN_FILE_VERSION } from '../../../src/core/search/runFile';
import type { ScoreOptions, ScoreResult } from '../../../src/protocol/worker';

const [runFile, resultsFile, who, count, go] = process.argv.slice(2);
const options: ScoreOptions = {
    proxies: ['params'],
    data: { kind: 'synthetic' },
    batch: 2,
    batches: 1,
    seed: 0,
    psiSamples: 1,
    gradientMode: 'batches',
};
const run = RunFile.open(runFile, {
    kind: 'lswag-search',
    version: RUN_FILE_VERSION,
    settings: {
        space: 'nb201',
        objective: { kind: 'proxy', proxy: 'params' },
        seed: 0,
        budget: {},
        dataset: 'cifar10',
        algorithm: { kind: 'random', options: { samples: 1, batchSize: 50 } },
    },
    score: options,
});
const log = new ResultLog(resultsFile, options);
// Why a long payload: a line over a page would show an interleaving if an append were not whole.
const pad = 'x'.repeat(5000);
writeFileSync(`${go}.${who}.ready`, '');
while (go && !existsSync(go));
for (let i = 0; i < Number(count); i++) {
    const key = `${who}-${i}`;
    const result: ScoreResult = {
        name: key,
        source: key,
        family: 'nb201',
        params: i,
        flops: i,
        scores: { params: i },
        errors: [pad],
        device: 'cpu',
        seconds: 0,
    };
    run.appendEval({
        kind: 'eval',
        key,
        genome: { space: 'nb201', ops: [0, 0, 0, 0, 0, 0] },
        generation: 0,
        result,
    });
    log.append(key, result);
}
