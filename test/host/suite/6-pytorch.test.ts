/// <reference types="mocha" />
// PyTorch code in the real host: a file with nn.Module classes gets a lens on each model class, and
// a notebook's code cell gets a lens on the model it defines (ranges within the cell). The files
// are written at test time outside the fixture workspace, so the workspace run's ranks are unchanged.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { activatedApi, waitFor } from './hostFixture';

const MODELS_PY = `import torch.nn as nn


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return x + self.conv(x).relu()


class Net(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.blocks = nn.ModuleList([Block(16) for _ in range(2)])
        self.head = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x.mean((2, 3)))
`;

const NOTEBOOK = {
    cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# A model'] },
        {
            cell_type: 'code',
            metadata: {},
            execution_count: null,
            outputs: [],
            source: ['import torch.nn as nn\n'],
        },
        {
            cell_type: 'code',
            metadata: {},
            execution_count: null,
            outputs: [],
            source: [
                'class TinyMlp(nn.Module):\n',
                '    def __init__(self):\n',
                '        super().__init__()\n',
                '        self.fc1 = nn.Linear(784, 64)\n',
                '        self.fc2 = nn.Linear(64, 10)\n',
                '\n',
                '    def forward(self, x):\n',
                '        return self.fc2(self.fc1(x).relu())\n',
            ],
        },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
};

/** The lenses VS Code shows for `uri`, once the Python parser has loaded (the first ask may be empty). */
function lensesOf(uri: vscode.Uri, count: number): Promise<vscode.CodeLens[]> {
    return waitFor(`${count} lenses on ${uri.toString()}`, async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
            'vscode.executeCodeLensProvider',
            uri,
            10,
        );
        return lenses && lenses.length >= count ? lenses : undefined;
    });
}

suite('pytorch', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-host-pytorch-'));

    test('aModelClassFileGetsALensOnEachModelClass', async () => {
        await activatedApi();
        const file = path.join(dir, 'models.py');
        writeFileSync(file, MODELS_PY);
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
        await vscode.window.showTextDocument(document);
        const lenses = await lensesOf(document.uri, 1);
        const lines = lenses.map((l) => l.range.start.line);
        const netLine = MODELS_PY.split('\n').findIndex((l) => l.startsWith('class Net('));
        assert.ok(lines.includes(netLine), `a lens on class Net (line ${netLine}), got ${lines}`);
        // Why not Block: it needs a constructor argument, so it is a block, not a model.
        const blockLine = MODELS_PY.split('\n').findIndex((l) => l.startsWith('class Block('));
        assert.ok(!lines.includes(blockLine), 'no lens on the block that needs arguments');
        assert.ok(lenses.every((l) => l.command?.command === 'lswag.scoreArchitecture'));
    });

    test('aNotebookCodeCellGetsALensOnItsModelWithinTheCell', async () => {
        await activatedApi();
        const file = path.join(dir, 'explore.ipynb');
        writeFileSync(file, JSON.stringify(NOTEBOOK));
        const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
        // Why shown: cell documents get text models in the workbench (which the lens command asks
        // for) only once the notebook is open in an editor.
        await vscode.window.showNotebookDocument(notebook);
        const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
        const modelCell = cells[1];
        assert.equal(modelCell.document.uri.scheme, 'vscode-notebook-cell');
        const lenses = await lensesOf(modelCell.document.uri, 1);
        assert.deepEqual(
            lenses.map((l) => l.range.start.line),
            [0],
            'one lens, on the class line of its own cell',
        );
        const importCell = await vscode.commands.executeCommand<vscode.CodeLens[]>(
            'vscode.executeCodeLensProvider',
            cells[0].document.uri,
            10,
        );
        assert.deepEqual(importCell ?? [], [], 'the import cell defines no model');
    });
});
