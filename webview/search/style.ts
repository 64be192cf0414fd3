// The search panel's stylesheet, adopted as a constructable stylesheet (no inline styles under the
// CSP). Every colour is a VS Code theme variable, so light, dark and high-contrast themes all apply;
// the layout is one column, for a side bar a few hundred pixels wide.

export const PAGE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
    color: var(--vscode-foreground); background: var(--vscode-sideBar-background, var(--vscode-editor-background));
    padding: 4px 12px 16px; margin: 0; }
[hidden] { display: none !important; }
h2 { font-size: 1em; font-weight: 600; margin: 0; }
p { margin: 2px 0; }
section { margin: 10px 0 14px; }
.muted { color: var(--vscode-descriptionForeground); }
.section-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 6px; }
details.form > summary { font-weight: 600; cursor: pointer; padding: 4px 0; }
details.form > summary:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.fields { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 10px; align-items: center; margin: 6px 0 8px; }
.field { display: contents; }
.field[hidden] { display: none !important; }
.field-label { color: var(--vscode-foreground); }
.fields vscode-dropdown, .fields vscode-text-field { width: 100%; min-width: 0; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin-top: 6px; }
.error { color: var(--vscode-errorForeground); margin: 4px 0; }
.error:empty { display: none; }
progress { display: block; width: 100%; height: 6px; margin: 6px 0 4px; appearance: none; -webkit-appearance: none; border: none;
    background: transparent; }
progress::-webkit-progress-bar { background: color-mix(in srgb, var(--vscode-foreground) 15%, transparent); border-radius: 3px; }
progress::-webkit-progress-value { background: var(--vscode-progressBar-background, #0e70c0); border-radius: 3px; }
.counts { font-variant-numeric: tabular-nums; }
.run-name { font-weight: 600; overflow-wrap: anywhere; }
.genotype { font-family: var(--vscode-editor-font-family, monospace); font-size: 0.9em; overflow-wrap: anywhere; }
.chart { position: relative; height: 180px; margin: 8px 0; }
.badge { display: inline-block; padding: 1px 6px; border-radius: 8px; font-size: 0.85em; white-space: nowrap;
    background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.badge.state-interrupted, .badge.state-stopped, .badge.state-incomplete, .badge.state-stopping {
    background: var(--vscode-inputValidation-warningBackground, #5a4a0a); color: var(--vscode-foreground);
    border: 1px solid var(--vscode-inputValidation-warningBorder, transparent); }
.badge.state-failed, .badge.state-unreadable {
    background: var(--vscode-inputValidation-errorBackground, #5a1d1d); color: var(--vscode-foreground);
    border: 1px solid var(--vscode-inputValidation-errorBorder, transparent); }
.badge.state-running, .badge.state-starting { background: var(--vscode-progressBar-background, #0e70c0); color: var(--vscode-button-foreground, #fff); }
.messages { margin: 6px 0 0; padding-left: 18px; color: var(--vscode-descriptionForeground); }
.messages:empty { display: none; }
.runs { list-style: none; margin: 0; padding: 0; }
.run { padding: 8px 0; border-top: 1px solid var(--vscode-widget-border, var(--vscode-sideBarSectionHeader-border, rgba(128,128,128,0.35))); }
.run-title { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.run .actions vscode-button { font-size: 0.95em; }
`;
