// Invalid architecture files, one per diagnostic kind: what the front end reports (severity,
// position, covered text, message) and whether the JSON Schema rejects the file too.

const CELL =
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';

/**
 * `schema`: 'rejects' when the schema catches the problem as well; 'accepts' for the checks only the
 * front end can make (cross-field and counting rules); 'notYaml' when the text does not parse.
 */
export interface InvalidCase {
    readonly name: string;
    readonly text: string;
    readonly expected: readonly string[];
    readonly schema: 'rejects' | 'accepts' | 'notYaml';
}

const layersFile = (layers: string): string =>
    `family: layers\ninput: [4]\nclasses: 4\ncandidates:\n  - {name: n, layers: [${layers}]}\n`;
const LAYER_TYPES =
    'conv, linear, maxpool, avgpool, residual, batchnorm, layernorm, relu, gelu, sigmoid, tanh, globalavgpool, flatten, identity';

export const CASES: readonly InvalidCase[] = [
    {
        name: 'wrongType',
        text: `family: nb201\ncandidates:\n  - {name: a, cell: "${CELL}", channels: wide}\n`,
        expected: [`error 2:129 "wide" 'channels' must be an integer, not the string "wide"`],
        schema: 'rejects',
    },
    {
        name: 'missingField',
        text: 'family: autoformer\ncandidates:\n  - name: v\n    embed_dim: 192\n    depth: 2\n    mlp_ratio: 4\n',
        expected: [`error 2:4 "name: v" missing required field 'num_heads' (family autoformer)`],
        schema: 'rejects',
    },
    {
        name: 'unknownFileFamily',
        text: 'family: resnet\ncandidates:\n  - {name: a}\n',
        expected: [
            `error 0:8 "resnet" 'family' must be one of nb201, nb101, darts, autoformer, layers, onnx, not the string "resnet"`,
        ],
        schema: 'rejects',
    },
    {
        name: 'unknownCandidateFamily',
        text: 'candidates:\n  - {name: a, family: vit}\n',
        expected: [
            `error 1:22 "vit" 'family' must be one of nb201, nb101, darts, autoformer, layers, onnx, not the string "vit"`,
        ],
        schema: 'rejects',
    },
    {
        name: 'noFamilyAnywhere',
        text: `candidates:\n  - {name: a, cell: "${CELL}"}\n`,
        expected: [
            `error 1:5 "name: a" no family: set 'family' on the candidate or at the top of the file`,
        ],
        schema: 'rejects',
    },
    {
        name: 'unknownLayerTypes',
        text: layersFile('relu, {type: dense, out: 2}, softmax'),
        expected: [
            `error 4:36 "dense" layers[1]: unknown layer type 'dense' (expected one of ${LAYER_TYPES})`,
            `error 4:52 "softmax" layers[2]: unknown layer type 'softmax' (expected one of ${LAYER_TYPES})`,
        ],
        schema: 'rejects',
    },
    {
        name: 'badCellOpIsReportedAtTheOp',
        text: 'family: nb201\ncandidates:\n  - name: a\n    cell: "|nor_conv_3x3~0|+|nor_conv_3x3~0|conv_5x5~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"\n',
        expected: [
            `error 3:44 "conv_5x5" bad cell string: unknown op 'conv_5x5' (expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)`,
        ],
        schema: 'rejects',
    },
    {
        name: 'badCellShape',
        text: "family: nb201\ncandidates:\n  - {name: a, cell: '|none~0|+|none~0|none~1|'}\n",
        expected: [
            `error 2:21 "|none~0|+|none~0|none~1|" bad cell string: expected 3 nodes separated by '+', found 2`,
        ],
        schema: 'rejects',
    },
    {
        name: 'unquotedCellGetsAQuotingHint',
        text: 'family: nb201\ncandidates:\n  - {name: a, cell: |none~0|+|none~0|none~1|+|none~0|none~1|none~2|}\n',
        expected: [
            `error 2:20 "|" YAML: Plain value cannot start with block scalar indicator | (quote cell strings: cell: "|op~0|+...")`,
        ],
        schema: 'notYaml',
    },
    {
        name: 'perLayerListLengthDiffersFromDepth',
        text: 'family: autoformer\ncandidates:\n  - {name: v, embed_dim: 192, depth: 3, mlp_ratio: [4, 4], num_heads: [3, 3, 3, 3]}\n',
        expected: [
            `error 2:51 "[4, 4]" 'mlp_ratio' has 2 entries but depth is 3; give one per layer or a single value`,
            `error 2:70 "[3, 3, 3, 3]" 'num_heads' has 4 entries but depth is 3; give one per layer or a single value`,
        ],
        schema: 'accepts',
    },
    {
        name: 'nonPositiveNumbers',
        text: 'family: autoformer\ncandidates:\n  - {name: v, embed_dim: 0, depth: -2, mlp_ratio: 0, num_heads: 3}\n',
        expected: [
            `error 2:25 "0" 'embed_dim' must be at least 1, not 0`,
            `error 2:35 "-2" 'depth' must be at least 1, not -2`,
            `error 2:50 "0" 'mlp_ratio' must be greater than 0, not 0`,
        ],
        schema: 'rejects',
    },
    {
        name: 'numbersOverTheLimits',
        text: 'family: autoformer\ncandidates:\n  - {name: v, embed_dim: 1e9, depth: 65, mlp_ratio: 1e308, num_heads: 3, image_size: 5000}\n',
        expected: [
            `error 2:25 "1e9" 'embed_dim' = 1000000000 is over the limit of 8192`,
            `error 2:37 "65" 'depth' = 65 is over the limit of 64`,
            `error 2:52 "1e308" 'mlp_ratio' = 1e+308 is over the limit of 16`,
            `error 2:85 "5000" 'image_size' = 5000 is over the limit of 4096`,
        ],
        schema: 'rejects',
    },
    {
        name: 'nonFiniteAndFractionalNumbers',
        text: 'family: autoformer\ncandidates:\n  - {name: v, embed_dim: .inf, depth: 2, mlp_ratio: .nan, num_heads: 2.5}\n',
        expected: [
            `error 2:25 ".inf" 'embed_dim' must be a finite number, not Infinity`,
            `error 2:52 ".nan" 'mlp_ratio' must be a finite number, not NaN`,
            `error 2:69 "2.5" 'num_heads' must be a whole number, not 2.5`,
        ],
        schema: 'rejects',
    },
    {
        name: 'patchLargerThanImage',
        text: 'family: autoformer\nimage_size: 8\ncandidates:\n  - {name: v, embed_dim: 8, depth: 1, mlp_ratio: 1, num_heads: 1}\n',
        expected: [`error 1:12 "8" 'patch_size' 16 is larger than 'image_size' 8`],
        schema: 'accepts',
    },
    {
        name: 'yamlSyntaxErrorAtItsPosition',
        text: 'family: nb201\ncandidates:\n  - name: a\n   cell: x\n',
        expected: [`error 3:0 " " YAML: Sequence item without - indicator`],
        schema: 'notYaml',
    },
    {
        name: 'unknownKeysWarnWithASuggestion',
        text: 'family: autoformer\ncandidates:\n  - {name: v, embed_dims: 1, embed_dim: 8, depth: 1, mlp_ratio: 1, num_heads: 1, colour: red}\n',
        expected: [
            `warning 2:14 "embed_dims" unknown field 'embed_dims' for family autoformer (did you mean 'embed_dim'?); it is ignored`,
            `warning 2:81 "colour" unknown field 'colour' for family autoformer; it is ignored`,
        ],
        schema: 'rejects',
    },
    {
        name: 'bothListKeys',
        text: `family: nb201\ncandidates: [{name: a, cell: "${CELL}"}]\narchitectures: []\n`,
        expected: [
            `error 2:0 "architectures" use either 'candidates' or 'architectures', not both`,
        ],
        schema: 'rejects',
    },
    {
        name: 'noCandidateList',
        text: 'family: nb201\n',
        expected: [`error 0:0 "family" missing 'candidates': the list of architectures`],
        schema: 'rejects',
    },
    {
        name: 'topLevelIsNotAMapping',
        text: '- a\n- b\n',
        expected: [
            `error 0:0 "- a\n- b" expected a mapping with 'family' and 'candidates' at the top, not a list`,
        ],
        schema: 'rejects',
    },
    {
        name: 'emptyFile',
        text: '# nothing yet\n',
        expected: [`error 0:0 "" empty file: expected 'family' and a list of 'candidates'`],
        schema: 'rejects',
    },
    {
        name: 'twoYamlDocuments',
        text: `family: nb201\ncandidates: [{name: a, cell: "${CELL}"}]\n---\nfamily: nb201\n`,
        expected: [
            'error 2:0 "---\nfamily: nb201\n" only one YAML document per file (remove the second `---`)',
        ],
        schema: 'notYaml',
    },
    {
        name: 'nestingTooDeep',
        text: `family: nb201\ncandidates: ${'['.repeat(100)}\n`,
        expected: [`error 1:75 "[" nesting deeper than 64 levels; the file was not read`],
        schema: 'notYaml',
    },
    {
        name: 'invalidFileDefaultIsReportedOnceAndAtEachCandidateUsingIt',
        text: `family: nb201\nchannels: -4\ncandidates:\n  - {name: a, cell: "${CELL}"}\n  - {name: b, cell: "${CELL}", channels: 8}\n`,
        expected: [
            `error 1:10 "-4" 'channels' must be at least 1, not -4`,
            `error 3:5 "name: a" inherits the file's invalid 'channels'; fix it at the top of the file`,
        ],
        schema: 'rejects',
    },
    {
        name: 'spaceOutsideAutoformerFiles',
        text: `family: nb201\nspace: autoformer-t\ncandidates: [{name: a, cell: "${CELL}"}]\n`,
        expected: [`warning 1:0 "space" 'space' applies only to files with 'family: autoformer'`],
        schema: 'rejects',
    },
    {
        name: 'topLevelFieldWithoutFileFamily',
        text: `dataset: cifar10\ncandidates: [{name: a, family: nb201, cell: "${CELL}"}]\n`,
        expected: [
            `warning 0:0 "dataset" 'dataset' at the top needs 'family: nb201' there; it is ignored`,
        ],
        schema: 'rejects',
    },
    {
        name: 'perCandidateFieldAtTheTop',
        text: `family: nb201\ncell: "${CELL}"\ncandidates: [{name: a, cell: "${CELL}"}]\n`,
        expected: [
            `warning 1:0 "cell" 'cell' must be set on each candidate, not at the top; it is ignored`,
        ],
        schema: 'rejects',
    },
    {
        name: 'moreThanAThousandLayers',
        text: layersFile(Array(1001).fill('relu').join(', ')),
        expected: [`error 4:6023 "relu" more than 1000 layers (nested blocks included)`],
        schema: 'rejects',
    },
    {
        name: 'residualNestedTooDeep',
        text: layersFile(`${'{type: residual, layers: ['.repeat(17)}relu${']}'.repeat(17)}`),
        expected: [
            `error 4:439 "{type: residual, layers: [relu]}" ${'layers[0]'.repeat(17).replace(/\]l/g, '].l')}: residual blocks nested deeper than 16`,
        ],
        schema: 'accepts',
    },
    {
        name: 'inputOfTwoNumbersAndLayerMissingItsWidth',
        text: 'family: layers\ncandidates:\n  - {name: n, input: [3, 4], classes: 2, layers: [{type: linear}]}\n',
        expected: [
            `error 2:21 "[3, 4]" 'input' must be [channels, height, width] or [features], not two numbers`,
            `error 2:50 "{type: linear}" layers[0]: a linear layer needs 'out'`,
        ],
        schema: 'rejects',
    },
    {
        name: 'parameterisedShorthandAndLayerWithoutType',
        text: 'family: layers\ncandidates:\n  - {name: n, input: [3], classes: 2, layers: [conv, {out: 3}]}\n',
        expected: [
            `error 2:47 "conv" layers[0]: 'conv' has parameters; write {type: conv, ...}`,
            `error 2:53 "{out: 3}" layers[1]: a layer needs a 'type'`,
        ],
        schema: 'rejects',
    },
    {
        name: 'missingName',
        text: `family: nb201\ncandidates:\n  - cell: "${CELL}"\n`,
        expected: [`error 2:4 "cell" missing required field 'name'`],
        schema: 'rejects',
    },
    {
        name: 'aliasWithoutAnchor',
        text: 'family: autoformer\ncandidates:\n  - {name: v, embed_dim: *dim, depth: 1, mlp_ratio: 1, num_heads: 1}\n',
        expected: [`error 2:25 "*dim" alias *dim has no earlier anchor &dim`],
        schema: 'notYaml',
    },
    {
        name: 'autoformerConfigKeysAreNotFileKeys',
        text: 'family: autoformer\ncandidates:\n  - {name: v, embed_dim: 8, layer_num: 1, depth: 1, mlp_ratio: 1, num_heads: 1}\n',
        expected: [
            `warning 2:28 "layer_num" unknown field 'layer_num' for family autoformer; it is ignored`,
        ],
        schema: 'rejects',
    },
    {
        name: 'badAccuracies',
        text: `family: nb201\ncandidates:\n  - {name: a, cell: "${CELL}", accuracy: {cifar10: high, "": 3}}\n`,
        expected: [
            `error 2:139 "high" 'accuracy.cifar10' must be a number, not the string "high"`,
            `error 2:145 """" accuracy column names must not be empty`,
        ],
        schema: 'rejects',
    },
    {
        name: 'emptyCandidateList',
        text: 'family: nb201\ncandidates: []\n',
        expected: [`warning 1:0 "candidates: []" 'candidates' is empty`],
        schema: 'rejects',
    },
    {
        name: 'candidateThatIsNotAMapping',
        text: 'family: nb201\ncandidates:\n  - just-a-name\n',
        expected: [
            `error 2:4 "just-a-name" a candidate must be a mapping with 'name' and its family's fields, not the string "just-a-name"`,
        ],
        schema: 'rejects',
    },
];
