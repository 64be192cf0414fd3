/// <reference types="mocha" />
// The rankings panel after a workspace run: one webview tab, showing every scored architecture.
// (Its rendered table is checked in Chromium by test/host/ui.)
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SCORABLE, activatedApi, scoreWorkspaceOnce, waitFor } from './hostFixture';

function rankingsTabs(): vscode.Tab[] {
    return vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter(
            (t) =>
                t.input instanceof vscode.TabInputWebview &&
                t.input.viewType.endsWith('lswag.rankingsPanel'),
        );
}

suite('rankings panel', () => {
    test('opensOnceWithEveryArchitectureOfTheLastRun', async function () {
        this.timeout(180_000);
        const api = await activatedApi();
        await scoreWorkspaceOnce();
        await vscode.commands.executeCommand('lswag.openRankings');
        await vscode.commands.executeCommand('lswag.openRankings');
        const tabs = await waitFor('the rankings tab', () => {
            const found = rankingsTabs();
            return found.length > 0 ? found : undefined;
        });
        assert.equal(tabs.length, 1, 'opening twice reveals the same panel');
        assert.equal(tabs[0].label, 'L-SWAG Rankings');
        const view = api.rankingsView();
        assert.ok(view, 'the panel has a view');
        assert.match(
            view.heading,
            /6 architectures in 2 comparable groups \(last: workspace run\)/,
        );
        const expected = Object.values(SCORABLE).flat().sort();
        assert.deepEqual(view.rows.map((r) => r.result.name).sort(), expected);
        assert.ok(
            view.rows.every((r) => r.result.device === 'cpu' && r.result.errors.length === 0),
        );
    });
});
