// Exports, at test time, the small ResNet-style CNN with training-mode BatchNormalization of
// scripts/fixtures/exportTorchFixtures.py (--bn-probe) with Debian's PyTorch, and reads the float64
// per-mini-batch gradients PyTorch computed for it with one backward pass per mini-batch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Flat {
    readonly shape: number[];
    readonly values: number[];
}

export interface BnProbeFixture {
    /** The exported model (dynamic batch axis, training-mode BatchNormalization, opset 17). */
    readonly onnxPath: string;
    readonly batch: number;
    readonly batches: number;
    /** [batches * batch, 3, 8, 8]. */
    readonly input: Flat;
    readonly labels: number[];
    readonly params: number;
    readonly weight_layers: string[];
    /** Per parameter, [batches, ...shape]: d loss_i / d p from mini-batch i's own backward pass. */
    readonly grads: Record<string, Flat>;
    /** snip, plain, grad_norm (batch 1), zico and lswag's Lambda (all bins) from those gradients. */
    readonly proxies: Record<'snip' | 'plain' | 'grad_norm' | 'zico' | 'lswag_lambda', number>;
}

const script = path.join(__dirname, '../../../../scripts/fixtures/exportTorchFixtures.py');

/** Runs the exporter once per call into a fresh temporary folder (about 4 s). */
export function exportBnProbe(batch = 4, batches = 2): BnProbeFixture {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-bn-probe-'));
    // Why /usr/bin/python3: a pyenv python3 earlier on PATH has no torch.
    execFileSync('/usr/bin/python3', [script, '--bn-probe', dir, '--batch', String(batch), '--batches', String(batches)], { stdio: 'pipe' });
    const fx = JSON.parse(readFileSync(path.join(dir, 'bn_resnet.json'), 'utf8')) as Omit<BnProbeFixture, 'onnxPath'>;
    return { ...fx, onnxPath: path.join(dir, 'bn_resnet.onnx') };
}
