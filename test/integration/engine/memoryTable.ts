// Measures the memory estimate against the real worker's peak resident size (VmHWM) on a table of
// models: NAS-Bench-201 cells, AutoFormer T/S/B at 224, torchvision resnet18/50 and vgg11 (exported
// to ONNX here with Debian's torch), and a deep ViT. Each model gets a fresh worker. Not a test (it
// takes minutes): `npx tsx test/integration/engine/memoryTable.ts [name...]`; prints a Markdown table.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSources } from '../../../src/core/frontends/sources';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import { EngineClient } from '../../../src/engine/engineClient';
import type { ScoreOptions } from '../../../src/protocol/worker';
import { estimateScoreMemory, withWorkerMiB } from '../../../src/worker/memoryEstimate';
import { buildWorker, removeWorker } from './workerBundle';

const root = path.resolve(__dirname, '../../..');
const DEFAULT_PROXIES = ['lswag', 'params', 'flops', 'zico', 'swap', 'nwot', 'synflow'];

/** The peak resident size of a process in MiB (Linux). */
function peakMiB(pid: number): number {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
}

function exportTorchvision(dir: string, names: readonly string[]): void {
    const script = `
import sys, torch, torchvision
for name in sys.argv[2:]:
    m = getattr(torchvision.models, name)(weights=None).train()
    torch.onnx.export(m, torch.randn(1, 3, 224, 224), f"{sys.argv[1]}/{name}.onnx", opset_version=17,
        training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False,
        dynamic_axes={'input': {0: 'batch'}}, input_names=['input'])
`;
    execFileSync('/usr/bin/python3', ['-c', script, dir, ...names], { stdio: 'inherit' });
}

function specsOf(file: string): ArchitectureSpec[] {
    return readSources([file], {}).flatMap((s) => s.specs);
}

async function main(): Promise<void> {
    const only = new Set(process.argv.slice(2));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-memory-'));
    const torchModels = ['resnet18', 'resnet50', 'vgg11'].filter(
        (n) => only.size === 0 || only.has(n),
    );
    if (torchModels.length > 0) exportTorchvision(dir, torchModels);
    const autoformer = specsOf(path.join(root, 'examples/autoformer.arch.yaml'));
    const nb201 = specsOf(path.join(root, 'examples/nb201-cells.arch.yaml'));
    const byName = (specs: ArchitectureSpec[], name: string) => specs.find((s) => s.name === name)!;
    const t = byName(autoformer, 'AutoFormer-T');
    const deepVit = {
        ...t,
        name: 'deep ViT (d=24, 384)',
        depth: 24,
        embedDim: 384,
        mlpRatio: Array(24).fill(4),
        numHeads: Array(24).fill(6),
    } as ArchitectureSpec;
    const rows: { spec: ArchitectureSpec; batch: number }[] = [
        { spec: nb201[0], batch: 64 },
        { spec: t, batch: 16 },
        { spec: byName(autoformer, 'AutoFormer-S'), batch: 8 },
        { spec: byName(autoformer, 'AutoFormer-B'), batch: 4 },
        { spec: deepVit, batch: 4 },
        ...torchModels.map((n) => ({
            spec: specsOf(path.join(dir, `${n}.onnx`))[0],
            batch: n === 'vgg11' ? 2 : 4,
        })),
    ].filter(
        (r) =>
            only.size === 0 ||
            only.has(r.spec.name) ||
            torchModels.some((n) => r.spec.name.startsWith(n)),
    );
    const workerPath = await buildWorker();
    console.log(
        '| model | batch | params | activations (MiB) | estimate (MiB) | measured peak (MiB) | estimate / measured |',
    );
    console.log('|---|---|---|---|---|---|---|');
    try {
        for (const { spec, batch } of rows) {
            const options: ScoreOptions = {
                proxies: DEFAULT_PROXIES,
                data: { kind: 'synthetic' },
                batch,
                batches: 2,
                seed: 0,
                psiSamples: Math.min(16, batch),
                gradientMode: 'batches',
            };
            const e = estimateScoreMemory(spec, options);
            const estimate = withWorkerMiB(e);
            const client = new EngineClient({
                workerPath,
                threads: 2,
                maxWorkerMemoryMb: 20_000,
                recycleAfterSessions: 0,
            });
            await client.start();
            const pid = client.pid!;
            const start = Date.now();
            const out = await client.score([spec], options);
            const peak = peakMiB(pid);
            await client.stop();
            const errors = out.results[0].errors.join('; ');
            console.log(
                `| ${spec.name} | ${batch} x 2 | ${(e.params / 1e6).toFixed(2)} M | ${Math.round(e.activationBytes / 2 ** 20)} | ${Math.round(estimate)} | ${Math.round(peak)} | ${(estimate / peak).toFixed(2)} |${errors ? ` errors: ${errors}` : ''} (${((Date.now() - start) / 1000).toFixed(0)} s)`,
            );
        }
    } finally {
        removeWorker(workerPath);
    }
}

void main();
