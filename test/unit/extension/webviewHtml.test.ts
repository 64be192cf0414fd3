// The webview HTML builder: the CSP of docs/rankings-panel.md, with a nonce on the script and no
// 'unsafe-inline'.
import assert from 'node:assert/strict';
import test from 'node:test';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../../src/extension/webviewHtml';

const webview = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net' };
const page = (nonce = 'abcDEF012+/=') =>
    webviewHtml({
        webview,
        scriptUri: 'https://x/dist/rankings.js?a=1&b=2',
        nonce,
        title: 'A <b>',
    });

test('cspIsExactlyTheNotesPolicyWithTheNonce', () => {
    assert.equal(
        contentSecurityPolicy(webview.cspSource, 'N0'),
        `default-src 'none'; style-src ${webview.cspSource} 'nonce-N0'; script-src 'nonce-N0';`,
    );
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page())?.[1];
    assert.equal(csp, contentSecurityPolicy(webview.cspSource, 'abcDEF012+/='));
});

test('theScriptCarriesTheNonceAndTheMetaNamesIt', () => {
    const html = page();
    assert.match(
        html,
        /<script nonce="abcDEF012\+\/=" src="https:\/\/x\/dist\/rankings\.js\?a=1&amp;b=2"><\/script>/,
    );
    assert.match(html, /<meta property="csp-nonce" content="abcDEF012\+\/=">/);
    assert.equal(html.match(/<script/g)?.length, 1, 'one script, no inline code');
});

test('noUnsafeInlineOrEvalAndStylesComeFromTheWebviewOrigin', () => {
    const html = page();
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.match(html, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net 'nonce-/);
    assert.match(html, /<title>A &lt;b&gt;<\/title>/, 'the title is escaped');
});

test('noncesAreRandomBase64OfSixteenBytesAndOthersAreRefused', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(a, makeNonce());
    assert.throws(() => page('x" onload="evil'), /base64/);
});
