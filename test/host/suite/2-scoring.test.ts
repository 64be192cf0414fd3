/// <reference types="mocha" />
// Scoring the fixture workspace through the command, on the CPU with the real worker, and the
// CodeLens titles that follow: "L-SWAG <value> - rank k/n in workspace" with consistent ranks.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
    LENS_FILE,
    SCORABLE,
    activatedApi,
    lineOf,
    loadedModules,
    resolvedLenses,
    scoreWorkspaceOnce,
    workspaceFile,
} from './hostFixture';

// The LIBRA part appears because the shipped preset nb201-cifar10 (lswag + nwot + synflow) applies.
const TITLE =
    /^L-SWAG (-?\d[\d.,]*(?:e[+-]\d+)?) - rank (\d+)\/(\d+) in workspace(?: \u00b7 LIBRA rank (\d+)\/(\d+))?$/;

interface ScoredLens {
    readonly name: string;
    readonly value: number;
    readonly rank: number;
    readonly total: number;
    readonly line: number;
    readonly tooltip: string;
    readonly libra: { readonly rank: number; readonly total: number } | undefined;
}

async function scoredLenses(relative: string): Promise<ScoredLens[]> {
    const lenses = await resolvedLenses(workspaceFile(relative));
    return lenses.map((lens) => {
        const title = lens.command?.title ?? '';
        const m = TITLE.exec(title);
        assert.ok(m, `lens title '${title}' in ${relative}`);
        assert.equal(lens.command?.command, 'lswag.openRankings');
        const target = lens.command?.arguments?.[0] as { name: string; file: string };
        assert.equal(target.file, workspaceFile(relative).fsPath);
        return {
            name: target.name,
            value: Number(m[1].replace(/,/g, '')),
            rank: Number(m[2]),
            total: Number(m[3]),
            libra: m[4] === undefined ? undefined : { rank: Number(m[4]), total: Number(m[5]) },
            line: lens.range.start.line,
            tooltip: lens.command?.tooltip ?? '',
        };
    });
}

suite('scoring the workspace', () => {
    test('lensesSayScoreBeforeAnyRun', async function () {
        this.timeout(180_000);
        const { lensesBefore } = await scoreWorkspaceOnce();
        assert.deepEqual(
            lensesBefore.map((l) => [l.command?.title, l.command?.command]),
            SCORABLE[LENS_FILE].map(() => ['Score', 'lswag.scoreArchitecture']),
        );
    });

    test('scoreWorkspaceCommandScoresEveryDefinitionOnTheCpuWorker', async function () {
        this.timeout(180_000);
        const api = await activatedApi();
        await scoreWorkspaceOnce();
        assert.equal(api.isEngineCreated(), true);
        // Why: the engine runs onnxruntime in its worker process, never in the extension host.
        assert.deepEqual(loadedModules('onnxruntime-node'), []);
        const all: ScoredLens[] = [];
        for (const [file, names] of Object.entries(SCORABLE)) {
            const lenses = await scoredLenses(file);
            assert.deepEqual(lenses.map((l) => l.name).sort(), [...names].sort(), file);
            for (const lens of lenses) {
                assert.match(lens.tooltip, /' on cpu in \d/, `tooltip of ${lens.name}`);
            }
            all.push(...lenses);
        }
        const n = all.length;
        assert.equal(n, 6);
        assert.ok(all.every((l) => l.total === n && Number.isFinite(l.value)));
        // Why: L-SWAG multiplies positive factors, and the fixture's networks differ 250-fold in size,
        // so zeros or one shared value mean the proxy did not run, however consistent the ranks.
        assert.ok(
            all.every((l) => l.value > 0),
            `values ${all.map((l) => l.value).join(', ')}`,
        );
        assert.ok(new Set(all.map((l) => l.value)).size > 1, 'the values differ');
        assert.deepEqual(
            all.map((l) => l.rank).sort((a, b) => a - b),
            [1, 2, 3, 4, 5, 6],
        );
        // Ranks follow the values: rank 1 is the largest L-SWAG score.
        const byRank = [...all].sort((a, b) => a.rank - b.rank);
        for (let i = 1; i < n; i++)
            assert.ok(byRank[i - 1].value >= byRank[i].value, `rank ${i} >= rank ${i + 1}`);
        // The NB201 lenses add their rank under the shipped LIBRA preset for NB201.
        const libra = all.filter((l) => l.libra !== undefined);
        assert.ok(libra.length > 0, 'a shipped preset applies to the NB201 cells');
        assert.ok(
            libra.every(
                (l) => l.libra!.rank >= 1 && l.libra!.rank <= l.libra!.total && l.libra!.total <= n,
            ),
        );
    });

    test('eachLensSitsOnItsDefinition', async function () {
        this.timeout(180_000);
        await scoreWorkspaceOnce();
        for (const [file, names] of Object.entries(SCORABLE)) {
            const document = await vscode.workspace.openTextDocument(workspaceFile(file));
            const lenses = await scoredLenses(file);
            for (const name of names) {
                const lens = lenses.find((l) => l.name === name);
                const nameLine = lineOf(
                    document,
                    file.endsWith('.json') ? `"${name}"` : `name: ${name}`,
                );
                assert.ok(lens, `${name} has a lens`);
                assert.ok(
                    Math.abs(lens.line - nameLine) <= 1,
                    `${name}'s lens at line ${lens.line}, its name at ${nameLine}`,
                );
            }
        }
    });
});
