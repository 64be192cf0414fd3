/// <reference types="mocha" />
// Activation in the real host: VS Code activates the extension for the fixture workspace, every
// contributed command is registered, and nothing heavy (engine, onnxruntime) was loaded for it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import {
    activatedApi,
    activationSnapshot,
    expectedInstall,
    extension,
    loadedModules,
} from './hostFixture';

suite('activation', () => {
    test('activatesByItselfWithoutStartingTheEngineOrLoadingOnnxruntime', async () => {
        const snapshot = await activationSnapshot();
        assert.equal(snapshot.isEngineCreated, false, 'activation created the engine');
        assert.deepEqual(snapshot.onnxruntimeModules, [], 'activation loaded onnxruntime-node');
        // Why again now: the engine runs onnxruntime in its worker process, never in this one.
        assert.deepEqual(loadedModules('onnxruntime-node'), []);
    });

    test('registersEveryContributedCommand', async () => {
        await activatedApi();
        const contributed: { command: string }[] = extension().packageJSON.contributes.commands;
        assert.ok(contributed.length >= 7, 'the manifest lists the commands');
        const registered = new Set(await vscode.commands.getCommands(true));
        const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
        assert.deepEqual(missing, []);
    });

    test('runsFromTheInstallTheRunnerAskedFor', () => {
        const root = extension().extensionPath;
        assert.ok(
            fs.existsSync(path.join(root, 'dist', 'extension.js')),
            'dist/extension.js exists',
        );
        const isSourceTree = fs.existsSync(path.join(root, 'src', 'extension', 'main.ts'));
        // Why: a VSIX test that silently ran the source tree would prove nothing about the package.
        assert.equal(isSourceTree, expectedInstall === 'source', `extension loaded from ${root}`);
    });
});
