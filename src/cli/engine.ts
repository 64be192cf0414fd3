// Starts the engine worker for CLI commands: dist/worker.js next to the bundled CLI, or the
// TypeScript source through tsx when the CLI itself runs from source (tests, development).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineClient, type EngineClientOptions } from '../engine/engineClient';
import type { EngineSettings } from '../host/scoreOptions';

/** An engine with the command's --device, --threads and --max-worker-memory. */
export function createEngine(
    settings: EngineSettings,
    log?: EngineClientOptions['log'],
): EngineClient {
    const bundled = path.join(__dirname, 'worker.js');
    const fromSource = !existsSync(bundled) || __filename.endsWith('.ts');
    return new EngineClient({
        device: settings.device,
        threads: settings.threads,
        log,
        workerPath: fromSource ? path.join(__dirname, '..', 'worker', 'main.ts') : bundled,
        execArgv: fromSource ? ['--import', 'tsx'] : [],
        ...(settings.maxWorkerMemoryMb !== undefined
            ? { maxWorkerMemoryMb: settings.maxWorkerMemoryMb }
            : {}),
    });
}
