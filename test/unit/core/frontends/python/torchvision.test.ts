// Acceptance: the installed torchvision model sources (Debian python3-torchvision, read in place,
// never copied) -- every builder and model class torch can build with defaults is found, and every
// one built statically has torch's own parameter count (counted in the test through Python).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileSystemWorkspace } from '../../../../../src/core/frontends/pythonSource';
import { modelCost } from '../../../../../src/core/spaces/index';
import { frontend } from './readPython';

const MODELS = '/usr/lib/python3/dist-packages/torchvision/models';
const PYTHON = '/usr/bin/python3';
const FILES = [
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

const hasTorchvision = existsSync(MODELS) && existsSync(PYTHON);

test(
    'torchvisionBuildersAreFoundAndStaticOnesMatchTorchParams',
    { skip: !hasTorchvision && 'python3-torchvision is not installed', timeout: 600_000 },
    async () => {
        const script = path.join(__dirname, 'torchParams.py');
        const modules = FILES.map((f) => `torchvision.models.${f}`);
        const torchCounts = JSON.parse(
            execFileSync(PYTHON, [script, 'modules', ...modules], {
                encoding: 'utf8',
                maxBuffer: 1 << 24,
            }),
        ) as Record<string, number>;
        const fe = await frontend();
        const workspace = fileSystemWorkspace();
        let isStatic = 0;
        let traced = 0;
        const missing: string[] = [];
        const wrong: string[] = [];
        for (const f of FILES) {
            const file = path.join(MODELS, `${f}.py`);
            const { specs } = fe.read(readFileSync(file, 'utf8'), file, { workspace });
            const byName = new Map(specs.map((s) => [s.name, s]));
            for (const [qualified, params] of Object.entries(torchCounts)) {
                if (!qualified.startsWith(`torchvision.models.${f}.`)) continue;
                const name = qualified.slice(`torchvision.models.${f}.`.length);
                const spec = byName.get(name);
                if (!spec) {
                    missing.push(qualified);
                    continue;
                }
                if (spec.family === 'graph') {
                    isStatic++;
                    const got = modelCost(spec).params;
                    if (got !== params)
                        wrong.push(`${qualified}: ${got} statically, torch ${params}`);
                } else {
                    assert.equal(spec.family, 'pytorch', `${qualified} is ${spec.family}`);
                    traced++;
                }
            }
        }
        const total = isStatic + traced;
        console.log(
            `torchvision: ${total} definitions found (of ${Object.keys(torchCounts).length} torch builds); ${isStatic} built statically (${((100 * isStatic) / total).toFixed(0)} %), ${traced} left to tracing`,
        );
        assert.deepEqual(missing, []);
        assert.deepEqual(wrong, []);
        assert.ok(isStatic >= 0.8 * total, `only ${isStatic} of ${total} built statically`);
    },
);
