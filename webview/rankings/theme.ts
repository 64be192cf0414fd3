// Colours from VS Code's theme (CSS variables on the body), re-read whenever the theme changes, and the
// pure colour helpers the charts use.

export interface ThemeColours {
    readonly text: string;
    readonly muted: string;
    readonly grid: string;
    readonly point: string;
    readonly selected: string;
    readonly highlight: string;
    readonly positive: string;
    readonly negative: string;
}

/** The current theme's colours, with VS Code's dark defaults when a variable is missing. */
export function themeColours(): ThemeColours {
    const style = getComputedStyle(document.body);
    const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
        text: v('--vscode-foreground', '#cccccc'),
        muted: v('--vscode-descriptionForeground', '#9d9d9d'),
        grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.3)'),
        point: v('--vscode-charts-blue', '#3794ff'),
        selected: v('--vscode-charts-orange', '#d18616'),
        highlight: v('--vscode-charts-orange', '#d18616'),
        positive: v('--vscode-charts-blue', '#3794ff'),
        negative: v('--vscode-charts-red', '#f14c4c'),
    };
}

/** `colour` at opacity `alpha` (#rgb, #rrggbb and rgb()/rgba() understood; others returned as they are). */
export function withAlpha(colour: string, alpha: number): string {
    const a = Math.max(0, Math.min(1, alpha));
    const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour.trim());
    if (hex) {
        const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1].slice(0, 6);
        const [r, g, b] = [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16));
        return `rgba(${r}, ${g}, ${b}, ${a})`;
    }
    const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(colour.trim());
    return rgb ? `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${a})` : colour;
}

/**
 * The background of an agreement cell: the theme's blue for rho > 0, red for rho < 0, mixed with
 * transparency in proportion to |rho| (at most 65%, so the number stays readable); none for null.
 */
export function agreementBackground(rho: number | null): string {
    if (rho === null || !Number.isFinite(rho)) return '';
    const share = Math.round(Math.min(1, Math.abs(rho)) * 65);
    const hue =
        rho >= 0 ? 'var(--vscode-charts-blue, #3794ff)' : 'var(--vscode-charts-red, #f14c4c)';
    return `color-mix(in srgb, ${hue} ${share}%, transparent)`;
}
