/// <reference types="mocha" />
// A malformed architecture file: the bad definition becomes a diagnostic at its line; the good one
// in the same file still gets a lens.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, lineOf, resolvedLenses, waitFor, workspaceFile } from './hostFixture';

suite('diagnostics', () => {
    test('malformedCellIsAnErrorAtItsLineAndTheGoodCandidateKeepsItsLens', async () => {
        await activatedApi();
        const uri = workspaceFile('broken.arch.yaml');
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document);
        const diagnostics = await waitFor('diagnostics of broken.arch.yaml', () => {
            const found = vscode.languages.getDiagnostics(uri);
            return found.length > 0 ? found : undefined;
        });
        assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('; '));
        const [d] = diagnostics;
        assert.equal(d.source, 'lswag');
        assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
        assert.equal(d.range.start.line, lineOf(document, 'conv_5x5_typo'));
        assert.match(d.message, /unknown op 'conv_5x5_typo'/);
        const lenses = await resolvedLenses(uri);
        assert.equal(lenses.length, 1, 'only the valid candidate has a lens');
        assert.equal(lenses[0].range.start.line, lineOf(document, 'name: fine'));
    });

    test('validFilesHaveNoDiagnostics', async () => {
        await activatedApi();
        for (const file of ['cells.arch.yaml', 'models/tiny-cnns.arch.json']) {
            const uri = workspaceFile(file);
            await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
            // Why wait: diagnostics are computed after a quiet period; an empty list must be the settled one.
            await new Promise((resolve) => setTimeout(resolve, 1000));
            assert.deepEqual(
                vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lswag'),
                [],
                file,
            );
        }
    });
});
