// A static page that hosts dist/search.js as VS Code would: the extension's own HTML (strict CSP with
// a nonce), VS Code's theme variables for a light or a dark theme, and an acquireVsCodeApi stub that
// records what the page posts in `window.posted`. Used by the headless-Chromium checks of the panel.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeNonce, webviewHtml } from '../../../src/extension/webviewHtml';
import type { RunProgress, RunSummary, SearchFormOptions } from '../../../src/protocol/searchView';

export type Theme = 'light' | 'dark';

/** A subset of VS Code's Default Light/Dark Modern colours: what the panel and the toolkit read. */
const THEMES: Readonly<Record<Theme, Readonly<Record<string, string>>>> = {
    dark: {
        foreground: '#cccccc',
        descriptionForeground: '#9d9d9d',
        errorForeground: '#f85149',
        'editor-background': '#1f1f1f',
        'sideBar-background': '#181818',
        focusBorder: '#0078d4',
        'button-background': '#0078d4',
        'button-foreground': '#ffffff',
        'button-hoverBackground': '#026ec1',
        'button-secondaryBackground': '#313131',
        'button-secondaryForeground': '#cccccc',
        'button-secondaryHoverBackground': '#3c3c3c',
        'button-border': '#ffffff12',
        'dropdown-background': '#313131',
        'dropdown-border': '#3c3c3c',
        'dropdown-foreground': '#cccccc',
        'input-background': '#313131',
        'input-foreground': '#cccccc',
        'input-placeholderForeground': '#989898',
        'checkbox-background': '#313131',
        'checkbox-border': '#3c3c3c',
        'checkbox-foreground': '#cccccc',
        'badge-background': '#616161',
        'badge-foreground': '#f8f8f8',
        'progressBar-background': '#0078d4',
        'charts-blue': '#3794ff',
        'charts-orange': '#d18616',
        'charts-lines': 'rgba(204,204,204,0.5)',
        'widget-border': '#313131',
        'inputValidation-warningBackground': '#352a05',
        'inputValidation-warningBorder': '#b89500',
        'inputValidation-errorBackground': '#5a1d1d',
        'inputValidation-errorBorder': '#be1100',
    },
    light: {
        foreground: '#3b3b3b',
        descriptionForeground: '#717171',
        errorForeground: '#f85149',
        'editor-background': '#ffffff',
        'sideBar-background': '#f8f8f8',
        focusBorder: '#005fb8',
        'button-background': '#005fb8',
        'button-foreground': '#ffffff',
        'button-hoverBackground': '#0258a8',
        'button-secondaryBackground': '#e5e5e5',
        'button-secondaryForeground': '#3b3b3b',
        'button-secondaryHoverBackground': '#cccccc',
        'button-border': '#0000001a',
        'dropdown-background': '#ffffff',
        'dropdown-border': '#cecece',
        'dropdown-foreground': '#3b3b3b',
        'input-background': '#ffffff',
        'input-foreground': '#3b3b3b',
        'input-placeholderForeground': '#767676',
        'checkbox-background': '#f8f8f8',
        'checkbox-border': '#cecece',
        'checkbox-foreground': '#3b3b3b',
        'badge-background': '#cccccc',
        'badge-foreground': '#3b3b3b',
        'progressBar-background': '#005fb8',
        'charts-blue': '#1a85ff',
        'charts-orange': '#d18616',
        'charts-lines': 'rgba(0,0,0,0.25)',
        'widget-border': '#e5e5e5',
        'inputValidation-warningBackground': '#f6f5d2',
        'inputValidation-warningBorder': '#b89500',
        'inputValidation-errorBackground': '#f2dede',
        'inputValidation-errorBorder': '#be1100',
    },
};

/** Writes the page for `theme` into `dir` and returns its file URL. */
export function writeHarness(dir: string, theme: Theme, bundle: string): string {
    mkdirSync(dir, { recursive: true });
    const nonce = makeNonce();
    const vars = Object.entries(THEMES[theme])
        .map(([k, v]) => `--vscode-${k}: ${v};`)
        .join(' ');
    const fonts =
        "--vscode-font-family: 'Segoe WPC', 'Segoe UI', 'DejaVu Sans', sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;";
    const html = webviewHtml({
        webview: { cspSource: 'file:' },
        scriptUri: pathToFileURL(bundle).toString(),
        nonce,
        title: 'L-SWAG Search',
    })
        .replace('<body>', `<body class="vscode-${theme}">`)
        .replace('</head>', `<style nonce="${nonce}">body { ${vars} ${fonts} }</style>\n</head>`)
        .replace(
            '<script nonce',
            `<script nonce="${nonce}">
window.posted = [];
window.savedState = undefined;
window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.savedState,
    setState: (s) => { window.savedState = s; },
});
</script>
<script nonce`,
        );
    const file = path.join(dir, `search-${theme}.html`);
    writeFileSync(file, html);
    return pathToFileURL(file).toString();
}

export const OPTIONS: SearchFormOptions = {
    spaces: ['nb201', 'autoformer-t', 'autoformer-s', 'autoformer-b'],
    proxies: ['lswag', 'params', 'flops', 'synflow', 'zico', 'swap', 'nwot'],
    presets: [{ name: 'nb201-c10', space: 'nb201', picks: ['synflow', 'jacov', 'params'] }],
    dataSetting: { label: 'data/cifar10', usable: true },
    defaultBudgets: {
        nb201: { min: null, max: null },
        'autoformer-t': { min: null, max: null },
        'autoformer-s': { min: 18, max: 23 },
        'autoformer-b': { min: null, max: null },
    },
    defaults: {
        space: 'nb201',
        data: 'synthetic',
        objective: 'synflow',
        algorithm: 'evolution',
        population: 50,
        generations: 20,
        samples: 1000,
        width: 8,
        cells: 5,
        paramsMin: null,
        paramsMax: null,
        seed: 0,
    },
};

export const RUNNING: RunProgress = {
    id: 'nb201-evolution-synflow-20250301-142233',
    label: '.lswag/runs/nb201-evolution-synflow-20250301-142233.jsonl',
    state: 'running',
    space: 'nb201',
    objective: 'synflow',
    algorithm: 'evolution 50 x 5',
    evaluated: 137,
    expected: 250,
    generation: 2,
    generations: 5,
    etaSeconds: 412,
    device: 'cpu, 4 threads',
    chart: [
        { generation: 0, best: 98.76, mean: 61.2, isPartial: false },
        { generation: 1, best: 113.7, mean: 84.9, isPartial: false },
        { generation: 2, best: 121.3, mean: 95.1, isPartial: true },
    ],
    messages: [
        'generation 1: 2 children found no new architecture (every one drawn was already scored or proposed)',
    ],
};

export const HISTORY: readonly RunSummary[] = [
    {
        id: RUNNING.id,
        label: RUNNING.label,
        state: 'running',
        space: 'nb201',
        objective: 'synflow',
        algorithm: 'evolution 50 x 5',
        evaluated: 137,
        expected: 250,
        best: { value: 121.3, key: 'k1' },
        modified: 3,
    },
    {
        id: 'autoformer-s-random-libra-af-20250228-101500',
        label: '.lswag/runs/autoformer-s-random-libra-af-20250228-101500.jsonl',
        state: 'interrupted',
        space: 'autoformer-s',
        objective: 'libra:af',
        algorithm: 'random 1000',
        evaluated: 412,
        expected: 1000,
        best: { value: -1.386, key: 'k2' },
        modified: 2,
    },
    {
        id: 'nb201-evolution-lswag-20250227-090000',
        label: '.lswag/runs/nb201-evolution-lswag-20250227-090000.jsonl',
        state: 'complete',
        space: 'nb201',
        objective: 'lswag',
        algorithm: 'evolution 50 x 20',
        evaluated: 1000,
        expected: 1000,
        best: { value: 9.564e7, key: 'k3' },
        modified: 1,
    },
];
