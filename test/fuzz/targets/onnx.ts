// Fuzz target of the ONNX importer: valid models (our exporter's, PyTorch's) truncated, bit-flipped,
// and edited structurally (huge dims, cycles, absurd attributes, odd opsets). importOnnx must return
// diagnostics, never throw, never hit its internal-error net, and a graph only when it reports no error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importOnnx } from '../../../src/core/frontends/onnxImport';
import { initParams } from '../../../src/core/ir/init';
import { exportModel } from '../../../src/core/onnx/export';
import {
    AttributeProtoSchema,
    type ModelProto,
    ModelProtoSchema,
    create,
    fromBinary,
    toBinary,
} from '../../../src/core/onnx/proto';
import { buildModel } from '../../../src/core/spaces/index';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import type { Rng } from '../../../src/core/util/rng';
import type { FuzzTarget } from '../harness';
import { mutateBytes, pick } from '../mutators';

const root = path.resolve(__dirname, '../../..');

const SPECS: ArchitectureSpec[] = [
    {
        family: 'layers',
        name: 'cnn',
        input: [3, 8, 8],
        classes: 4,
        layers: [
            { type: 'conv', out: 4, kernel: 3, padding: 1 },
            { type: 'batchnorm' },
            { type: 'relu' },
            {
                type: 'residual',
                layers: [{ type: 'conv', out: 4, kernel: 3, padding: 1 }, { type: 'gelu' }],
            },
            { type: 'maxpool', kernel: 2 },
            { type: 'flatten' },
            { type: 'linear', out: 4 },
        ],
    },
    {
        family: 'autoformer',
        name: 'vit',
        embedDim: 8,
        depth: 1,
        mlpRatio: [2],
        numHeads: [2],
        headDim: 4,
        patchSize: 4,
        imageSize: 8,
        inChannels: 3,
        classes: 3,
        pool: 'cls',
    },
];

let seeds: Uint8Array[] | undefined;

/** Our exporter's models (weights embedded as initialisers) and PyTorch's exports from the fixtures. */
function seedModels(): Uint8Array[] {
    if (seeds) return seeds;
    const exported = SPECS.map((spec) => {
        const { graph } = buildModel(spec, { batch: 2 });
        return exportModel(graph, { embedParams: initParams(graph, 1) });
    });
    const files = [
        'test/fixtures/torch/small_cnn.onnx',
        'test/fixtures/torch/small_vit_block.onnx',
    ].map((f) => new Uint8Array(readFileSync(path.join(root, f))));
    seeds = [...exported, ...files];
    return seeds;
}

const HUGE = [2n ** 40n, 2n ** 31n, 1_000_000_000n, 65_536n, -5n, 0n, 2n ** 63n - 1n];

/** One structural edit of a decoded model; each is something a hostile or broken file may hold. */
function editModel(rng: Rng, m: ModelProto): void {
    const g = m.graph!;
    const nodes = g.node;
    const node = () => pick(rng, nodes);
    switch (rng.int(10)) {
        case 0: {
            // Huge or negative dimension on a graph input.
            const input = pick(rng, g.input);
            const t = input?.type?.value;
            if (t?.case === 'tensorType' && t.value.shape && t.value.shape.dim.length > 0) {
                const d = pick(rng, t.value.shape.dim);
                d.value = { case: 'dimValue', value: pick(rng, HUGE) };
            }
            return;
        }
        case 1: {
            // Huge dims on an initialiser whose data stays small.
            const init = pick(rng, g.initializer);
            if (init && init.dims.length > 0)
                init.dims[rng.int(init.dims.length)] = pick(rng, HUGE);
            return;
        }
        case 2: {
            // A cycle: a node reads its own output or a later node's.
            const i = rng.int(nodes.length);
            const j = i + rng.int(nodes.length - i);
            if (nodes[i] && nodes[j]?.output[0] && nodes[i].input.length > 0)
                nodes[i].input[0] = nodes[j].output[0];
            return;
        }
        case 3: {
            // Absurd attribute values on an existing attribute.
            const n = node();
            const a = n && pick(rng, n.attribute);
            if (!a) return;
            const big = pick(rng, [2n ** 40n, -(2n ** 40n), 0n, -1n, 1_000_000n]);
            if (a.ints.length > 0) a.ints = a.ints.map(() => big);
            else a.i = big;
            a.f = pick(rng, [NaN, Infinity, -1e38, 0]);
            return;
        }
        case 4: {
            // Attributes that should not be there: wrong types, huge lists, unknown names.
            const n = node();
            if (!n) return;
            const name = pick(rng, [
                'kernel_shape',
                'strides',
                'pads',
                'perm',
                'axis',
                'axes',
                'group',
                'dilations',
                'epsilon',
                'value',
                'to',
                'mode',
                'bogus',
            ]);
            const type = pick(rng, [1, 2, 3, 4, 5, 6, 7, 8, 11, 99]);
            const length = pick(rng, [0, 1, 3, 1_000]);
            n.attribute.push(
                create(AttributeProtoSchema, {
                    name,
                    type,
                    i: 7n,
                    f: 0.5,
                    ints: Array.from({ length }, (_, k) => BigInt(k)),
                    floats: Array.from({ length: Math.min(length, 10) }, () => 1),
                    s: new TextEncoder().encode('SAME_UPPER'),
                }),
            );
            return;
        }
        case 5:
            m.opsetImport.forEach(
                (o) => (o.version = pick(rng, [1n, 12n, 23n, 99n, 2n ** 40n, -1n])),
            );
            return;
        case 6: {
            // Nodes out of order.
            const i = rng.int(nodes.length);
            const j = rng.int(nodes.length);
            [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
            return;
        }
        case 7: {
            // Lost initialiser, or one duplicated under a name nodes already produce.
            if (rng.int(2) === 0) g.initializer.splice(rng.int(g.initializer.length), 1);
            else if (g.initializer[0] && nodes[0]?.output[0])
                g.initializer.push({ ...g.initializer[0], name: nodes[0].output[0] });
            return;
        }
        case 8: {
            // An op the importer does not know, or one from another domain.
            const n = node();
            if (!n) return;
            if (rng.int(2) === 0)
                n.opType = pick(rng, ['Loop', 'If', 'Scan', 'NonZero', 'Frobnicate', '']);
            else n.domain = pick(rng, ['com.microsoft', 'ai.onnx.ml', 'x']);
            return;
        }
        default: {
            // Many copies of a node (a big graph from a small file); at most a few thousand nodes, so
            // inputs stay small files (import time grows with size: a 77 MB file of attribute lists took 27 s).
            const n = node();
            if (n && nodes.length < 2000)
                for (let k = 0; k < 200; k++) nodes.push({ ...n, name: `${n.name}_${k}` });
        }
    }
}

function structural(rng: Rng, bytes: Uint8Array): Uint8Array {
    const m = fromBinary(ModelProtoSchema, bytes);
    for (let k = 1 + rng.int(3); k > 0; k--) editModel(rng, m);
    return toBinary(ModelProtoSchema, m);
}

const isClear = (message: string) =>
    message.length > 0 &&
    !/internal error|\[object Object\]|undefined is not|Cannot read properties/.test(message);

export const onnxTarget: FuzzTarget<Uint8Array> = {
    name: 'onnx',
    setup: async () => void seedModels(),
    fixed: () => [...seedModels(), new Uint8Array(0), new Uint8Array(1000).fill(0xff)],
    draw: (rng) => {
        const seed = pick(rng, seedModels());
        const mode = rng.int(3);
        if (mode === 0) return mutateBytes(rng, seed);
        if (mode === 1) return structural(rng, seed);
        return mutateBytes(rng, structural(rng, seed));
    },
    check: (bytes) => {
        const r = importOnnx(bytes, {
            batchSize: 2,
            keepWeights: bytes.length % 2 === 0,
            fileName: 'fuzz.onnx',
        });
        const errors = r.diagnostics.filter((d) => d.severity === 'error');
        for (const d of r.diagnostics)
            if (!isClear(d.message))
                throw new Error(`unclear diagnostic: ${d.message.slice(0, 300)}`);
        if (r.graph && errors.length > 0) throw new Error('a graph came back with errors');
        if (!r.graph && errors.length === 0) throw new Error('no graph and no error');
    },
    describe: (bytes) => `${bytes.length} bytes`,
};
