// The theme variables VS Code sets on a webview's body (a subset of Default Light+ and Default Dark+),
// so the harness can show the page as each theme does.

export interface Theme {
    readonly bodyClass: string;
    readonly variables: Readonly<Record<string, string>>;
}

const shared = {
    '--vscode-font-family': 'system-ui, -apple-system, "Segoe UI", "Ubuntu", sans-serif',
    '--vscode-font-size': '13px',
};

export const LIGHT: Theme = {
    bodyClass: 'vscode-light',
    variables: {
        ...shared,
        '--vscode-foreground': '#616161',
        '--vscode-descriptionForeground': '#717171',
        '--vscode-editor-background': '#ffffff',
        '--vscode-editorWidget-background': '#f3f3f3',
        '--vscode-editorWidget-border': '#c8c8c8',
        '--vscode-widget-border': '#d4d4d4',
        '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
        '--vscode-charts-blue': '#1a85ff',
        '--vscode-charts-red': '#e51400',
        '--vscode-charts-orange': '#d18616',
        '--vscode-textLink-foreground': '#006ab1',
        '--vscode-textLink-activeForeground': '#006ab1',
        '--vscode-focusBorder': '#0090f1',
        '--vscode-list-activeSelectionBackground': '#0060c0',
        '--vscode-list-activeSelectionForeground': '#ffffff',
        '--vscode-list-hoverBackground': '#e8e8e8',
        '--vscode-badge-background': '#c4c4c4',
        '--vscode-badge-foreground': '#333333',
        '--vscode-button-background': '#007acc',
        '--vscode-button-foreground': '#ffffff',
        '--vscode-button-hoverBackground': '#0062a3',
        '--vscode-button-secondaryBackground': '#5f6a79',
        '--vscode-button-secondaryForeground': '#ffffff',
        '--vscode-button-secondaryHoverBackground': '#4c5561',
        '--vscode-dropdown-background': '#ffffff',
        '--vscode-dropdown-foreground': '#616161',
        '--vscode-dropdown-border': '#cecece',
        '--vscode-dropdown-listBackground': '#ffffff',
    },
};

export const DARK: Theme = {
    bodyClass: 'vscode-dark',
    variables: {
        ...shared,
        '--vscode-foreground': '#cccccc',
        '--vscode-descriptionForeground': '#9d9d9d',
        '--vscode-editor-background': '#1e1e1e',
        '--vscode-editorWidget-background': '#252526',
        '--vscode-editorWidget-border': '#454545',
        '--vscode-widget-border': '#303031',
        '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
        '--vscode-charts-blue': '#3794ff',
        '--vscode-charts-red': '#f14c4c',
        '--vscode-charts-orange': '#d18616',
        '--vscode-textLink-foreground': '#3794ff',
        '--vscode-textLink-activeForeground': '#3794ff',
        '--vscode-focusBorder': '#007fd4',
        '--vscode-list-activeSelectionBackground': '#04395e',
        '--vscode-list-activeSelectionForeground': '#ffffff',
        '--vscode-list-hoverBackground': '#2a2d2e',
        '--vscode-badge-background': '#4d4d4d',
        '--vscode-badge-foreground': '#ffffff',
        '--vscode-button-background': '#0e639c',
        '--vscode-button-foreground': '#ffffff',
        '--vscode-button-hoverBackground': '#1177bb',
        '--vscode-button-secondaryBackground': '#3a3d41',
        '--vscode-button-secondaryForeground': '#ffffff',
        '--vscode-button-secondaryHoverBackground': '#45494e',
        '--vscode-dropdown-background': '#3c3c3c',
        '--vscode-dropdown-foreground': '#f0f0f0',
        '--vscode-dropdown-border': '#3c3c3c',
        '--vscode-dropdown-listBackground': '#3c3c3c',
    },
};
