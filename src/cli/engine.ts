// Starts the engine worker for CLI commands: dist/worker.js next to the bundled CLI, or the
// TypeScript source through tsx when the CLI itself runs from source (tests, development).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineClient, type EngineClientOptions } from '../engine/engineClient';
import type { DeviceChoice } from '../protocol/worker';

/** `--max-worker-memory MB` (any command): the worker is killed and restarted above it; models estimated over it are refused. */
let workerMemoryLimitMb: number | undefined;

export function setWorkerMemoryLimit(mb: number | undefined): void {
    workerMemoryLimitMb = mb;
}

export function createEngine(device: DeviceChoice, threads: number | undefined, log?: EngineClientOptions['log']): EngineClient {
    const bundled = path.join(__dirname, 'worker.js');
    const fromSource = !existsSync(bundled) || __filename.endsWith('.ts');
    return new EngineClient({
        device,
        threads,
        log,
        workerPath: fromSource ? path.join(__dirname, '..', 'worker', 'main.ts') : bundled,
        execArgv: fromSource ? ['--import', 'tsx'] : [],
        ...(workerMemoryLimitMb !== undefined ? { rssLimitMb: workerMemoryLimitMb } : {}),
    });
}
