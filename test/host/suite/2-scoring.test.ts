/// <reference types="mocha" />
// Scoring the fixture workspace through the command, on the CPU with the real worker, and the
// CodeLens titles that follow: "L-SWAG <value> · rank k/n in <comparable group>" with consistent ranks
// within each group (the NB201 cells apart from the layer-list CNNs at 16x16).
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

// The LIBRA part of a lens appears only for a preset the user saved (the fixture has none).
const TITLE =
    /^L-SWAG (-?\d[\d.,]*(?:e[+-]\d+)?) \u00b7 rank (\d+)\/(\d+) in (.+?)(?: \u00b7 LIBRA rank (\d+)\/(\d+))?$/;

/** The fixture's comparable groups: every NB201 cell is CIFAR-sized, the layer lists 3x16x16. */
const GROUPS: Readonly<Record<string, string>> = {
    'cells.arch.yaml': 'NB201 3x32x32 / 10 classes',
    'broken.arch.yaml': 'NB201 3x32x32 / 10 classes',
    'models/tiny-cnns.arch.json': 'layer list 3x16x16 / 10 classes',
};

interface ScoredLens {
    readonly name: string;
    readonly value: number;
    readonly rank: number;
    readonly total: number;
    readonly group: string;
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
            group: m[4],
            libra: m[5] === undefined ? undefined : { rank: Number(m[5]), total: Number(m[6]) },
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
                assert.equal(lens.group, GROUPS[file], `group of ${lens.name}`);
            }
            all.push(...lenses);
        }
        const n = all.length;
        assert.equal(n, 6);
        assert.ok(all.every((l) => Number.isFinite(l.value)));
        // Why: L-SWAG multiplies positive factors, and the fixture's networks differ 250-fold in size,
        // so zeros or one shared value mean the proxy did not run, however consistent the ranks.
        assert.ok(
            all.every((l) => l.value > 0),
            `values ${all.map((l) => l.value).join(', ')}`,
        );
        assert.ok(new Set(all.map((l) => l.value)).size > 1, 'the values differ');
        // Within each group the ranks are 1..size and follow the values (rank 1 is the largest).
        for (const group of new Set(Object.values(GROUPS))) {
            const members = all.filter((l) => l.group === group);
            assert.ok(
                members.every((l) => l.total === members.length),
                group,
            );
            const byRank = [...members].sort((a, b) => a.rank - b.rank);
            assert.deepEqual(
                byRank.map((l) => l.rank),
                members.map((_, i) => i + 1),
                group,
            );
            for (let i = 1; i < byRank.length; i++)
                assert.ok(
                    byRank[i - 1].value >= byRank[i].value,
                    `${group}: rank ${i} >= ${i + 1}`,
                );
        }
        assert.deepEqual(
            [...new Set(all.map((l) => l.total))].sort(),
            [2, 4],
            'four NB201 cells and two layer lists',
        );
        // No LIBRA rank until the user saves a combination: shipped presets never reach the lenses (#21).
        assert.deepEqual(
            all.filter((l) => l.libra !== undefined).map((l) => l.name),
            [],
            'no LIBRA rank without a preset the user chose',
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
