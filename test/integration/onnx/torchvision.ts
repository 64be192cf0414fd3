// Exports torchvision models at test time with Debian's PyTorch (scripts/fixtures/exportTorchvision.py)
// and scores them as the CLI does (the file's weights, the real onnxruntime session).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { syntheticBatches } from '../../../src/core/data/synthetic';
import { tensor } from '../../../src/core/ir/tensor';
import { proxyIds } from '../../../src/core/proxies/index';
import { scoreSpec } from '../../../src/core/proxies/score';
import type { ScoreResult } from '../../../src/core/spec/scoreResult';
import { createSession } from '../../../src/worker/ortSession';

const script = path.join(__dirname, '../../../scripts/fixtures/exportTorchvision.py');

export interface Reference {
    readonly batch: number;
    readonly batches: number;
    readonly input: { shape: number[]; values: number[] };
    readonly labels: number[];
    readonly proxies: Record<string, number>;
    /** Where a proxy's terms cancel, the scale its rounding is judged on (plain: snip; grasp: Σ|w·Hg|). */
    readonly scales: Record<string, number>;
}

/** Exports `names` at `size` x `size` into `dir` (model.onnx and model.json with torch's params). */
export function exportModels(dir: string, size: number, names: readonly string[]): void {
    // Why /usr/bin/python3: a pyenv python3 earlier on PATH has no torch.
    execFileSync('/usr/bin/python3', [script, dir, String(size), ...names], {
        stdio: 'pipe',
        timeout: 600_000,
    });
}

/** Exports `name` and computes docs/proxies.md's proxies in PyTorch on the rows it writes. */
export function exportReference(
    dir: string,
    size: number,
    batch: number,
    batches: number,
    name: string,
): Reference {
    execFileSync(
        '/usr/bin/python3',
        [script, '--reference', dir, String(size), String(batch), String(batches), name],
        { stdio: 'pipe', timeout: 600_000 },
    );
    return JSON.parse(readFileSync(path.join(dir, `${name}.ref.json`), 'utf8')) as Reference;
}

export const torchParams = (dir: string, name: string): number =>
    JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')).params;

/**
 * The proxies (default: every one) of `name` at `batch` x `batches` rows, on the reference's rows
 * when given (else synthetic data).
 */
export function scoreExport(
    dir: string,
    name: string,
    batch: number,
    batches: number,
    rows?: Reference,
    proxies: readonly string[] = proxyIds,
): Promise<ScoreResult> {
    return scoreSpec(
        { family: 'onnx', name, path: path.join(dir, `${name}.onnx`), keepWeights: true },
        {
            compile: (m) => createSession(m, { threads: 1 }),
            data: async (req) =>
                rows
                    ? {
                          x: tensor('float32', rows.input.shape, rows.input.values),
                          labels: rows.labels,
                          description: 'PyTorch reference rows',
                          warnings: [],
                      }
                    : syntheticBatches(req),
            options: {
                proxies: [...proxies],
                data: { kind: 'synthetic' },
                batch,
                batches,
                seed: 0,
                psiSamples: batch,
                gradientMode: 'batches',
            },
            device: 'cpu',
        },
    );
}

/** The proxies that got neither a finite number nor a reason that names them. */
export function unexplained(r: ScoreResult): string[] {
    return Object.entries(r.scores)
        .filter(
            ([id, v]) =>
                !(typeof v === 'number' && Number.isFinite(v)) &&
                !r.errors.some((e) => e.startsWith(`${id}: `) && e.length > id.length + 10),
        )
        .map(([id]) => id);
}
