// Acceptance (tracing part): every builder function and model class of the listed torchvision
// model files that torch builds with defaults is traced, and the imported graph has torch's own
// parameter count. By default the smallest builder of five files whose exports differ (ReLU,
// HardSwish, channel split, aux outputs, fire modules: ~1 min); LSWAG_TORCHVISION_EACH_FILE=1 the
// smallest of every file (vit_b_16 alone takes ~2 min here); LSWAG_TORCHVISION_ALL=1 traces all.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { modelCost } from '../../../src/core/spaces/index';
import { resolvePytorchSpecs } from '../../../src/host/tracer/index';
import { PYTHON, pytorchSpec, requireTorch, tempCacheDir } from './pythonWorkspace';

const MODEL_FILES = [
    'resnet',
    'vgg',
    'alexnet',
    'mobilenetv2',
    'mobilenetv3',
    'squeezenet',
    'googlenet',
    'densenet',
    'efficientnet',
    'vision_transformer',
    'convnext',
    'regnet',
    'shufflenetv2',
    'mnasnet',
];
const isFullSweep = process.env.LSWAG_TORCHVISION_ALL === '1';
const isEachFile = process.env.LSWAG_TORCHVISION_EACH_FILE === '1';
/** The default run's files: statically every file builds already; these cover the export paths. */
const QUICK_FILES = ['resnet', 'mobilenetv3', 'shufflenetv2', 'googlenet', 'squeezenet'];

// Lists each module's public callables that build an nn.Module with no arguments, with torch's
// parameter count. Initialisers are skipped (only counts are needed), so even vit_h_14 is cheap.
const LIST_BUILDERS = `
import enum, importlib, inspect, json, sys
import torch.nn as nn
import torch
def skip(t, *a, **k):
    return t
for name in ("uniform_", "normal_", "trunc_normal_", "kaiming_uniform_", "kaiming_normal_",
             "xavier_uniform_", "xavier_normal_", "zeros_", "ones_", "constant_", "orthogonal_"):
    setattr(nn.init, name, skip)
torch.Tensor.uniform_ = skip
torch.Tensor.normal_ = skip
found = []
for mod in sys.argv[1:]:
    m = importlib.import_module("torchvision.models." + mod)
    for name in m.__all__:
        obj = getattr(m, name)
        if not callable(obj) or (inspect.isclass(obj) and issubclass(obj, enum.Enum)):
            continue
        try:
            model = obj()
        except Exception:
            continue
        if isinstance(model, nn.Module):
            found.append(dict(module=mod, file=m.__file__, name=name,
                              kind="class" if inspect.isclass(obj) else "function",
                              params=sum(p.numel() for p in model.parameters())))
        del model
print(json.dumps(found))
`;

interface Builder {
    module: string;
    file: string;
    name: string;
    kind: 'class' | 'function';
    params: number;
}

function listBuilders(): Builder[] {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-tv-'));
    const script = path.join(dir, 'list_torchvision_builders.py');
    writeFileSync(script, LIST_BUILDERS);
    const r = spawnSync(PYTHON, [script, ...MODEL_FILES], {
        encoding: 'utf8',
        cwd: dir,
        maxBuffer: 2 ** 24,
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Builder[];
}

function smallestPerFile(all: Builder[]): Builder[] {
    return (isEachFile ? MODEL_FILES : QUICK_FILES).map(
        (m) => all.filter((b) => b.module === m).sort((a, b) => a.params - b.params)[0],
    );
}

describe(
    'torchvision models trace with torch parameter counts',
    { timeout: isFullSweep ? 10_800_000 : 900_000 },
    () => {
        let builders: Builder[] = [];
        before(() => {
            requireTorch();
            builders = listBuilders();
        });

        it('everyListedFileHasBuildersThatTorchBuildsWithDefaults', () => {
            for (const m of MODEL_FILES)
                assert.ok(
                    builders.some((b) => b.module === m),
                    `no builder found in ${m}.py`,
                );
            assert.ok(
                builders.some((b) => b.kind === 'class'),
                'model classes with defaults (e.g. AlexNet) are found',
            );
        });

        it(
            isFullSweep
                ? 'everyBuilderTracesWithTorchsCount'
                : 'theSmallestBuilderOfEachFileTracesWithTorchsCount',
            async () => {
                const chosen = isFullSweep ? builders : smallestPerFile(builders);
                const root = mkdtempSync(path.join(os.tmpdir(), 'lswag-tv-ws-'));
                const cacheDir = tempCacheDir();
                const started = Date.now();
                const mismatches: string[] = [];
                let matched = 0;
                for (const b of chosen) {
                    const spec = pytorchSpec(
                        b.file,
                        { kind: b.kind, name: b.name },
                        { name: `${b.module}.${b.name}` },
                    );
                    const t = Date.now();
                    const r = await resolvePytorchSpecs([spec], {
                        workspaceRoot: root,
                        isPythonAllowed: true,
                        explicit: PYTHON,
                        cacheDir,
                        // Why 30 min: vit_h_14 (632M parameters) took over 10 min on a loaded 2-core machine.
                        timeoutMs: isFullSweep ? 1_800_000 : 600_000,
                    });
                    const trace = r.traces[0];
                    if (r.diagnostics.length > 0 || !trace?.ok) {
                        mismatches.push(r.diagnostics.map((d) => d.message).join('; '));
                        continue;
                    }
                    const imported = modelCost(r.specs[0]).params;
                    // Why two counts: with auxiliary heads (GoogLeNet) torch's count of the scored output
                    // is smaller than the module's; the note says so, and the rest must equal the module's.
                    const expected = trace.outputNote ? trace.torchParams : b.params;
                    const line = `${spec.name}: imported ${imported}, torch ${expected}${trace.outputNote ? ` (module ${b.params}; ${trace.outputNote})` : ''}, ${((Date.now() - t) / 1000).toFixed(1)} s`;
                    console.log(line);
                    if (imported === expected && trace.torchParams === expected) matched++;
                    else mismatches.push(line);
                }
                const seconds = ((Date.now() - started) / 1000).toFixed(0);
                console.log(
                    `torchvision: ${chosen.length} definitions, ${matched} traced with torch's count, 0 built statically here, ${seconds} s`,
                );
                assert.deepEqual(mismatches, []);
            },
        );
    },
);
