// Inline sources for extension tests, one per file kind, with the 0-based line of each definition.
export const CELL =
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';

/** Two NB201 cells and an ONNX model (a file that need not exist: front ends only parse). */
export const ARCH_YAML = [
    'family: nb201',
    'candidates:',
    '  - name: a',
    `    cell: "${CELL}"`,
    '',
    '  - name: b',
    `    cell: "${CELL.replace('skip_connect', 'none')}"`,
    '  - name: c',
    '    family: onnx',
    '    path: model.onnx',
    '',
].join('\n');
export const ARCH_YAML_LINES = { a: 2, b: 5, c: 7 };

export const ARCH_JSON = [
    '{',
    '  "family": "layers",',
    '  "input": [4],',
    '  "classes": 3,',
    '  "candidates": [',
    '    {"name": "mlp", "layers": [{"type": "linear", "out": 8}, "relu", {"type": "linear", "out": 3}]},',
    '    {"name": "wide", "layers": [{"type": "linear", "out": 3}]}',
    '  ]',
    '}',
    '',
].join('\n');
export const ARCH_JSON_LINES = { mlp: 5, wide: 6 };

/** One valid cell (line 2) and a broken one (an error at line 4, characters 19-60). */
export const NOTES_MD = [
    '# Notes',
    '',
    `A cell: \`${CELL}\``,
    '',
    'and a broken one: `|nor_conv_3x3~0|+|bogus~0|nor_conv_3x3~1|`',
    '',
].join('\n');
export const NOTES_MD_LINES = { 'nb201:3': 2 };

export const MODEL_PY = [
    'import torch.nn as nn',
    '',
    '# lswag: input=3x8x8 classes=10',
    'net = nn.Sequential(',
    '    nn.Conv2d(3, 4, 3, padding=1),',
    '    nn.ReLU(),',
    '    nn.AdaptiveAvgPool2d(1),',
    '    nn.Flatten(),',
    '    nn.Linear(4, 10),',
    ')',
    '',
].join('\n');
export const MODEL_PY_LINES = { net: 3 };
