// The rankings page's stylesheet, adopted as a constructable stylesheet (no inline styles under CSP).

export const PAGE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
    color: var(--vscode-foreground); padding: 0 16px 16px; }
.top { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
.heading { font-size: 1.1em; font-weight: 600; margin: 12px 0; }
.actions { display: flex; gap: 8px; }
.chart { position: relative; height: 260px; margin-bottom: 16px; }
.chart[hidden], table[hidden], .empty[hidden] { display: none; }
table.rankings { border-collapse: collapse; width: 100%; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35));
    text-align: left; white-space: nowrap; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { position: sticky; top: 0; background: var(--vscode-editor-background); }
button.sort, button.link { font: inherit; background: none; border: none; padding: 0; cursor: pointer; }
button.sort { color: var(--vscode-foreground); font-weight: 600; }
button.link { color: var(--vscode-textLink-foreground); text-align: left; }
button.link:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
tr.selected td { background: var(--vscode-list-activeSelectionBackground);
    color: var(--vscode-list-activeSelectionForeground); }
tr.selected button.link { color: inherit; }
tbody tr:hover:not(.selected) td { background: var(--vscode-list-hoverBackground); }
`;
