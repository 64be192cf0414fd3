// The rankings page's stylesheet, adopted as a constructable stylesheet (no inline styles under CSP).
// Every colour is a VS Code theme variable, so light, dark and high-contrast themes all apply.

export const PAGE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
    color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; }
[hidden] { display: none !important; }
.top { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
.heading { font-size: 1.1em; font-weight: 600; margin: 12px 0; }
h2 { font-size: 1.05em; font-weight: 600; margin: 0; }
h3 { font-size: 1em; font-weight: 600; margin: 0; }
.actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); grid-auto-flow: dense; gap: 12px; margin-bottom: 12px; }
.card { margin: 0; padding: 10px 12px; border: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, rgba(128,128,128,0.35)));
    border-radius: 4px; background: var(--vscode-editorWidget-background, transparent); min-width: 0; }
.card-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; flex-wrap: wrap; margin-bottom: 6px; }
.card-tools:empty { display: none; }
.card-body { overflow-x: auto; }
.card.wide { grid-column: 1 / -1; }
.grid.has-wide { grid-template-columns: repeat(auto-fit, minmax(max(320px, 40%), 1fr)); }
p.note { margin: 4px 0 8px; padding: 6px 10px; border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700);
    background: var(--vscode-textBlockQuote-background, transparent); }
figcaption, .muted { color: var(--vscode-descriptionForeground); font-size: 0.92em; margin-top: 6px; }
.chart { position: relative; height: 240px; }
.section-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin: 6px 0 10px; }
.accuracy { margin-bottom: 16px; }
.chooser { display: inline-flex; align-items: center; gap: 6px; }
.chooser vscode-dropdown { min-width: 140px; }
table { border-collapse: collapse; }
table.rankings { width: 100%; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35));
    text-align: left; white-space: nowrap; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.rankings th { position: sticky; top: 0; background: var(--vscode-editor-background); z-index: 1; }
table.heatmap { font-size: 0.92em; }
table.heatmap td { min-width: 2.4em; padding: 3px 3px; text-align: center;
    border: 1px solid var(--vscode-editor-background); }
table.heatmap th { font-weight: 600; padding: 3px 4px; }
table.heatmap thead th { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left;
    vertical-align: bottom; padding: 4px 2px; }
table.heatmap th.rank-by { color: var(--vscode-textLink-foreground); }
table.picks td.why { white-space: normal; min-width: 240px; }
td.strong { font-weight: 600; }
.badge { display: inline-block; padding: 0 5px; margin-left: 4px; border-radius: 8px; font-size: 0.85em;
    background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.libra .summary { font-weight: 600; margin: 10px 0 4px; }
.libra .notes { margin: 6px 0; padding-left: 20px; }
.libra .notes li { margin: 2px 0; }
.libra .actions { margin-top: 10px; }
.libra .warning { color: var(--vscode-editorWarning-foreground); font-weight: 600; }
.libra .legend dt { font-weight: 600; float: left; clear: left; width: 9em; }
.libra .legend dd { margin: 0 0 2px 9.5em; }
button.sort, button.link { font: inherit; background: none; border: none; padding: 0; cursor: pointer; }
button.sort { color: var(--vscode-foreground); font-weight: 600; }
button.link { color: var(--vscode-textLink-foreground); text-align: left; }
button.link:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
tr.selected td { background: var(--vscode-list-activeSelectionBackground);
    color: var(--vscode-list-activeSelectionForeground); }
tr.selected button.link { color: inherit; }
table.rankings tbody tr:hover:not(.selected) td { background: var(--vscode-list-hoverBackground); }
.empty { color: var(--vscode-descriptionForeground); }
`;
