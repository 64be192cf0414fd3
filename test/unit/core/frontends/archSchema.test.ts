// The JSON Schema (schemas/architecture.schema.json) and the architecture-file front end agree:
// on the examples, on every invalid case, and on seeded single-value mutations of the examples.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse, parseDocument, isMap, isSeq, type Node } from 'yaml';
import {
    AUTOFORMER_SPACES,
    FAMILY_NAMES,
    readArchitectureFile,
} from '../../../../src/core/frontends/archFile';
import { ARCH_LIMITS } from '../../../../src/core/frontends/archLimits';
import { LAYER_TYPES, PARAMETERLESS_LAYERS } from '../../../../src/core/frontends/layerListFields';
import { NB201_DATASETS } from '../../../../src/core/spec/defaults';
import { Rng } from '../../../../src/core/util/rng';
import { CASES } from './archFileCases';

const ROOT = path.join(__dirname, '../../../..');
const SCHEMA = JSON.parse(
    readFileSync(path.join(ROOT, 'schemas/architecture.schema.json'), 'utf8'),
);
const EXAMPLES = readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => /\.arch\.(yaml|yml|json)$/.test(f))
    .map((f) => ({
        file: path.join(ROOT, 'examples', f),
        text: readFileSync(path.join(ROOT, 'examples', f), 'utf8'),
    }));

/** Ajv's strict schema checks stay on; strictTypes would demand a `type` beside every keyword. */
const validate: ValidateFunction = new Ajv({ allErrors: true, strictTypes: false }).compile(SCHEMA);

/** True when the front end reports neither an error nor a warning. */
function frontEndAccepts(text: string): boolean {
    return readArchitectureFile(text, '/p/f.arch.yaml').diagnostics.every(
        (d) => d.severity === 'info',
    );
}

function schemaAccepts(text: string): boolean {
    return validate(parse(text)) === true;
}

test('theExamplesAreValidForTheSchemaAndReadWithoutDiagnostics', () => {
    assert.ok(EXAMPLES.length >= 3);
    for (const { file, text } of EXAMPLES) {
        assert.ok(schemaAccepts(text), `${file}: ${JSON.stringify(validate.errors)}`);
        const result = readArchitectureFile(text, file);
        assert.deepEqual(result.diagnostics, [], file);
        assert.equal(
            result.specs.length,
            (parse(text).candidates ?? parse(text).architectures).length,
            file,
        );
    }
});

test('theSchemaRejectsEveryInvalidCaseItCanSee', () => {
    for (const c of CASES.filter((k) => k.schema !== 'notYaml')) {
        assert.equal(schemaAccepts(c.text), c.schema === 'accepts', c.name);
        assert.equal(frontEndAccepts(c.text), false, c.name);
    }
});

test('theSchemaAcceptsMinimalFilesOfEveryFamily', () => {
    const cell = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';
    const files = [
        `family: nb201\ncandidates: [{name: a, cell: "${cell}"}]`,
        `family: nb201\ncandidates: [{name: a, cell: "${cell.replace('none~0|+', 'none~00|+')}"}]`,
        'family: autoformer\nspace: autoformer-s\narchitectures: [{name: a, embed_dim: 8, depth: 1, mlp_ratio: 1, num_heads: 1}]',
        'family: layers\ninput: [3]\ncandidates: [{name: a, classes: 2, layers: [flatten, {type: linear, out: 2}]}]',
        'family: onnx\nkeep_weights: false\ncandidates: [{name: a, path: m.onnx}]',
        'candidates: [{name: a, family: onnx, path: m.onnx}, {name: b, family: nb201, cell: "' +
            cell +
            '"}]',
    ];
    for (const text of files) {
        assert.ok(schemaAccepts(text), `${text}: ${JSON.stringify(validate.errors)}`);
        assert.ok(frontEndAccepts(text), text);
    }
});

test('schemaLimitsAndEnumsEqualTheFrontEndConstants', () => {
    const d = SCHEMA.definitions;
    const max = (name: string): number => d[name].maximum;
    assert.deepEqual(
        [
            max('autoformer.embed_dim'),
            max('autoformer.depth'),
            max('autoformer.head_dim'),
            max('classes'),
            max('image_size'),
        ],
        [
            ARCH_LIMITS.embedDim,
            ARCH_LIMITS.depth,
            ARCH_LIMITS.headDim,
            ARCH_LIMITS.classes,
            ARCH_LIMITS.imageSize,
        ],
    );
    assert.deepEqual(
        [max('nb201.channels'), max('nb201.cells_per_stage'), max('autoformer.in_channels')],
        [ARCH_LIMITS.nb201Channels, ARCH_LIMITS.cellsPerStage, ARCH_LIMITS.inChannels],
    );
    assert.equal(d['autoformer.mlp_ratio'].oneOf[0].maximum, ARCH_LIMITS.mlpRatio);
    assert.equal(d['autoformer.num_heads'].oneOf[0].maximum, ARCH_LIMITS.numHeads);
    assert.equal(d['layers.input'].items.maximum, ARCH_LIMITS.inputDim);
    assert.equal(d['layers.layers'].maxItems, ARCH_LIMITS.layers);
    assert.equal(d.name.maxLength, ARCH_LIMITS.nameLength);
    assert.equal(d.candidateList.maxItems, ARCH_LIMITS.candidates);
    const conv = d.layerObject.allOf.find(
        (rule: { if: { properties: { type: { const: string } } } }) =>
            rule.if.properties.type.const === 'conv',
    );
    assert.deepEqual(
        [conv.then.properties.out.maximum, conv.then.properties.kernel.maximum],
        [ARCH_LIMITS.width, ARCH_LIMITS.window],
    );
    assert.deepEqual(d['nb201.dataset'].enum, Object.keys(NB201_DATASETS));
    assert.deepEqual(d.family.enum, FAMILY_NAMES);
    assert.deepEqual(SCHEMA.properties.space.enum, [...AUTOFORMER_SPACES]);
    assert.deepEqual(d.layerObject.properties.type.enum, LAYER_TYPES);
    assert.deepEqual(d.layer.then.enum, [...PARAMETERLESS_LAYERS]);
});

/** Every key/index path to a value in the document, the root excluded. */
function valuePaths(
    node: unknown,
    prefix: Array<string | number> = [],
): Array<Array<string | number>> {
    const out: Array<Array<string | number>> = [];
    if (isMap(node)) {
        for (const pair of node.items) {
            const key = String((pair.key as Node & { value?: unknown }).value);
            out.push([...prefix, key], ...valuePaths(pair.value, [...prefix, key]));
        }
    } else if (isSeq(node)) {
        node.items.forEach((item, i) =>
            out.push([...prefix, i], ...valuePaths(item, [...prefix, i])),
        );
    }
    return out;
}

const BAD_VALUES: readonly unknown[] = [-1, 0, 1e9, 2.5, 'x', true, null, [], {}];

/** Distinct seeded picks; LSWAG_FUZZ_ITERATIONS raises the count (all ~3,300 take about 15 s). */
const MUTATIONS = Number(process.env.LSWAG_FUZZ_ITERATIONS ?? 300);

test('schemaAndFrontEndAgreeOnSeededSingleValueMutationsOfTheExamples', () => {
    const rng = new Rng(20250101);
    const mutations = EXAMPLES.flatMap(({ text }) => {
        const doc = parseDocument(text);
        return valuePaths(doc.contents).flatMap((p) =>
            BAD_VALUES.map((value) => ({ doc, path: p, value })),
        );
    });
    const runs = Math.min(mutations.length, MUTATIONS);
    for (let k = 0; k < runs; k++) {
        const pick = k + rng.int(mutations.length - k);
        [mutations[k], mutations[pick]] = [mutations[pick], mutations[k]];
        const { doc, path: at, value } = mutations[k];
        const copy = doc.clone();
        copy.setIn(at, copy.createNode(value));
        const text = copy.toString();
        assert.equal(
            schemaAccepts(text),
            frontEndAccepts(text),
            `${at.join('.')} = ${JSON.stringify(value)}`,
        );
    }
});
