// Webview and workspace-trust promises, checked on the real builders and sources: the CSP is strict
// (nothing remote, no inline code, scripts only by nonce), every webview page comes from the one
// builder with local resource roots, every message handler validates what it receives, and the
// manifest declares the limited mode for untrusted workspaces.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { makeNonce, webviewHtml } from '../../../src/extension/webviewHtml';

const root = path.resolve(__dirname, '../../..');
const extensionSources = readdirSync(path.join(root, 'src/extension'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(path.join(root, 'src/extension', f), 'utf8') }));

test('theCspAllowsNothingRemoteNothingInlineAndScriptsOnlyByNonce', () => {
    const nonce = makeNonce();
    const html = webviewHtml({
        webview: { cspSource: 'vscode-webview://abc' },
        scriptUri: 'vscode-webview://abc/dist/x.js',
        nonce,
        title: '<script>alert(1)</script>',
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
    const directives = new Map(
        csp
            .split(';')
            .map((d) => d.trim())
            .filter(Boolean)
            .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)] as const),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('style-src'), ['vscode-webview://abc', `'nonce-${nonce}'`]);
    for (const [name, sources] of directives) {
        for (const s of sources)
            assert.doesNotMatch(
                s,
                /^(\*|https?:|wss?:|data:|blob:|'unsafe-|'strict-dynamic')/,
                `${name} allows ${s}`,
            );
    }
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
    assert.equal(scripts[0][2], '', 'no inline script body');
    assert.doesNotMatch(html, /\son\w+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /(src|href)="https?:/, 'nothing loaded from the network');
});

test('everyWebviewPageComesFromTheBuilderWithLocalResourceRootsOnly', () => {
    const assignments = extensionSources.flatMap(({ file, text }) =>
        [...text.matchAll(/\bwebview\.html\s*=\s*([^;]*)/g)].map((m) => ({ file, rhs: m[1] })),
    );
    assert.ok(assignments.length >= 1, 'found where pages are set');
    for (const { file, rhs } of assignments)
        assert.match(rhs, /^webviewHtml\(/, `${file}: html not from webviewHtml`);
    // Every panel and view gets its options from bundleOptions, which confines resources to dist/.
    const optionSites = extensionSources.flatMap(({ file, text }) => [
        ...[...text.matchAll(/createWebviewPanel\(([^;]*?)\);/g)].map((m) => ({
            file,
            where: m[1],
        })),
        ...[...text.matchAll(/webview\.options\s*=\s*([^;]*)/g)].map((m) => ({
            file,
            where: m[1],
        })),
    ]);
    assert.ok(optionSites.length >= 2, 'found the rankings panel and the search view');
    for (const { file, where } of optionSites)
        assert.match(where, /bundleOptions\(/, `${file}: webview options not from bundleOptions`);
    const page = extensionSources.find((s) => s.file === 'webviewPage.ts')!.text;
    assert.match(
        page,
        /bundleOptions[\s\S]*enableScripts: true, localResourceRoots: \[vscode\.Uri\.file\(distDir\)\]/,
    );
});

test('everyWebviewMessageHandlerValidatesWhatItReceives', () => {
    const handlers = extensionSources.filter((s) => /onDidReceiveMessage/.test(s.text));
    assert.ok(handlers.length >= 1, 'found the message handlers');
    for (const { file, text } of handlers) {
        assert.match(
            text,
            /\(m: unknown\)|\(raw: unknown\)|: unknown\)\s*=>/,
            `${file}: messages must arrive as unknown`,
        );
        assert.match(text, /validate\w*Message\(/, `${file}: no validator call`);
        assert.match(
            text,
            /from '\.\.\/protocol\/\w*[vV]alidate'/,
            `${file}: the validator comes from src/protocol`,
        );
    }
});

test('untrustedWorkspacesGetTheLimitedModeWithTheDataSettingRestricted', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        capabilities: {
            untrustedWorkspaces: {
                supported: unknown;
                restrictedConfigurations?: string[];
                description?: string;
            };
        };
    };
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.restrictedConfigurations?.includes('lswag.data'));
    assert.match(untrusted.description ?? '', /ONNX/);
});
