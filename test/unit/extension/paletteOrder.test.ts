// The command palette's order for "Score architecture" (VS Code 1.100's CommandsQuickAccess: among
// commands not used recently, matches sort by label), and the manifest's menus and when-clauses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
type Command = { command: string; title: string; category?: string };
const commands: Command[] = manifest.contributes.commands;
const label = (c: Command) => (c.category ? `${c.category}: ${c.title}` : c.title);

/** VS Code's word match: each typed word starts a later word of the label, in order. */
function matchesWords(query: string, text: string): boolean {
    const words = text
        .toLowerCase()
        .split(/[\s:()\-.]+/)
        .filter(Boolean);
    let at = 0;
    for (const q of query.toLowerCase().split(/\s+/).filter(Boolean)) {
        while (at < words.length && !words[at].startsWith(q)) at++;
        if (at === words.length) return false;
        at++;
    }
    return true;
}

test('scoreArchitectureIsTheFirstPaletteMatchForItsOwnName', () => {
    const matches = commands
        .map(label)
        .filter((l) => matchesWords('Score architecture', l))
        .sort((a, b) => a.localeCompare(b));
    assert.ok(matches.length >= 2, `the workspace command matches too: ${matches.join(' | ')}`);
    assert.equal(matches[0], 'L-SWAG: Score Architecture');
    assert.ok(matches.includes('L-SWAG: Score Workspace (all architecture files)'));
});

test('scoreArchitectureHasMenusOnScorableFilesAndIsHiddenElsewhere', () => {
    const menus = manifest.contributes.menus;
    const entry = (menu: string) =>
        menus[menu].find((m: { command: string }) => m.command === 'lswag.scoreArchitecture');
    const explorer = entry('explorer/context').when as string;
    for (const ext of ['py', 'ipynb', 'onnx']) assert.match(explorer, new RegExp(`\\b${ext}\\b`));
    assert.ok(explorer.includes('\\.arch\\.(ya?ml|json)'), explorer);
    assert.ok(entry('editor/context').when.includes('editorLangId == python'));
    assert.ok(entry('editor/title').when.includes('.ipynb'));
    assert.ok(entry('commandPalette').when.includes('editorLangId == python'));
    const workspace = menus.commandPalette.find(
        (m: { command: string }) => m.command === 'lswag.scoreWorkspace',
    );
    assert.equal(workspace.when, 'workspaceFolderCount > 0');
    for (const menu of Object.values(menus) as { command: string }[][])
        for (const m of menu)
            assert.ok(
                commands.some((c) => c.command === m.command),
                `${m.command} is a contributed command`,
            );
});

test('deviceThreadsAndMemorySettingsBelongToTheMachine', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of ['lswag.device', 'lswag.threads', 'lswag.maxWorkerMemoryMb'])
        assert.equal(props[key].scope, 'machine-overridable', key);
});
