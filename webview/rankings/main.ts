// The rankings page (browser code): a sortable table, an L-SWAG vs parameters scatter chart and
// export buttons. Imports from src/ only protocol types; the table logic lives in table.ts.
import { provideVSCodeDesignSystem, vsCodeButton } from '@vscode/webview-ui-toolkit';
import {
    Chart,
    LinearScale,
    LogarithmicScale,
    PointElement,
    ScatterController,
    Tooltip,
} from 'chart.js';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../src/protocol/webview';
import {
    type SortState,
    columnsFor,
    cellValue,
    formatCell,
    nextSort,
    rankRows,
    sortOrder,
} from './table';
import { PAGE_CSS } from './style';

/** The handle VS Code injects into every webview. */
declare function acquireVsCodeApi(): {
    postMessage(message: WebviewToHostMessage): void;
    getState(): unknown;
    setState(state: unknown): void;
};

provideVSCodeDesignSystem().register(vsCodeButton());
Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip);

const vscode = acquireVsCodeApi();
type Rankings = Extract<HostToWebviewMessage, { type: 'rankings' }>;

let data: Rankings | undefined;
let selected: string | undefined;
let sort: SortState = readSort();
let chart: Chart<'scatter'> | undefined;

/** Creates an element with a class and text. */
function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className?: string,
    text?: string,
): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
}

// Why adoptedStyleSheets: constructable stylesheets are not governed by style-src, so no nonce.
const sheet = new CSSStyleSheet();
sheet.replaceSync(PAGE_CSS);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const heading = el('h2', 'heading', 'Loading...');
const actions = el('div', 'actions');
for (const [label, type] of [
    ['Export CSV', 'exportCsv'],
    ['Export JSON', 'exportJson'],
] as const) {
    const button = el('vscode-button' as 'button', undefined, label);
    button.setAttribute('appearance', 'secondary');
    button.addEventListener('click', () => vscode.postMessage({ type }));
    actions.append(button);
}
const header = el('header', 'top');
header.append(heading, actions);
const chartBox = el('section', 'chart');
const canvas = el('canvas');
canvas.setAttribute('role', 'img');
canvas.setAttribute('aria-label', 'Ranking proxy versus parameters, one point per architecture');
chartBox.append(canvas);
const table = el('table', 'rankings');
const thead = el('thead');
const tbody = el('tbody');
table.append(thead, tbody);
const empty = el('p', 'empty', 'No architectures scored yet.');
document.body.append(header, chartBox, table, empty);

window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => {
    const m = event.data;
    if (m?.type === 'rankings') {
        data = m;
        selected = m.selected;
        render();
    } else if (m?.type === 'select') {
        selected = m.key;
        render();
    }
});

function readSort(): SortState {
    const s = vscode.getState() as { sort?: SortState } | undefined;
    return s?.sort ?? { column: 'rank', direction: 'ascending' };
}

function render(): void {
    if (!data) return;
    heading.textContent = data.heading;
    const columns = columnsFor(data.proxies);
    if (!columns.some((c) => c.id === sort.column)) sort = { column: 'rank', direction: 'ascending' };
    const ranks = rankRows(data.rows, data.rankBy);
    renderHead(columns);
    tbody.replaceChildren();
    for (const i of sortOrder(data.rows, ranks, sort)) {
        const row = data.rows[i];
        const tr = el('tr');
        tr.dataset.key = row.key;
        if (row.key === selected) {
            tr.classList.add('selected');
            tr.setAttribute('aria-selected', 'true');
        }
        if (row.errors.length > 0) tr.title = row.errors.join('\n');
        for (const c of columns) {
            const td = el('td', c.isNumeric ? 'num' : undefined);
            const text = formatCell(cellValue(row, c.id, ranks[i]));
            if (c.id === 'source') {
                const link = el('button', 'link', text);
                link.title = `Open ${row.label}`;
                link.addEventListener('click', () =>
                    vscode.postMessage({ type: 'openSource', source: row.source }),
                );
                td.append(link);
            } else td.textContent = text;
            tr.append(td);
        }
        tbody.append(tr);
    }
    empty.hidden = data.rows.length > 0;
    table.hidden = data.rows.length === 0;
    tbody.querySelector('tr.selected')?.scrollIntoView({ block: 'center' });
    renderChart(ranks);
}

function renderHead(columns: ReturnType<typeof columnsFor>): void {
    const tr = el('tr');
    for (const c of columns) {
        const th = el('th', c.isNumeric ? 'num' : undefined);
        th.scope = 'col';
        const isSorted = c.id === sort.column;
        th.setAttribute('aria-sort', isSorted ? sort.direction : 'none');
        const arrow = isSorted ? (sort.direction === 'ascending' ? ' \u25B2' : ' \u25BC') : '';
        const button = el('button', 'sort', c.label + arrow);
        button.addEventListener('click', () => {
            sort = nextSort(sort, c.id);
            vscode.setState({ sort });
            render();
            thead.querySelector<HTMLButtonElement>(`th:nth-child(${columns.indexOf(c) + 1}) button`)?.focus();
        });
        th.append(button);
        tr.append(th);
    }
    thead.replaceChildren(tr);
}

/** Colours from the theme's CSS variables (re-read on every theme change). */
function themeColours() {
    const style = getComputedStyle(document.body);
    const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
        text: v('--vscode-foreground', '#cccccc'),
        grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.3)'),
        point: v('--vscode-charts-blue', '#3794ff'),
        selected: v('--vscode-charts-orange', '#d18616'),
    };
}

/** One scatter point: an architecture with parameters and a finite ranking-proxy value. */
interface Point {
    readonly x: number;
    readonly y: number;
    readonly key: string;
    readonly name: string;
    readonly rank: number | null;
}

function renderChart(ranks: readonly (number | null)[]): void {
    if (!data) return;
    const rankBy = data.rankBy;
    const points = data.rows.flatMap((r, i): Point[] => {
        const y = r.scores[rankBy];
        const isPlottable = r.params !== null && r.params > 0 && y !== null && Number.isFinite(y);
        return isPlottable ? [{ x: r.params!, y: y!, key: r.key, name: r.name, rank: ranks[i] }] : [];
    });
    chartBox.hidden = points.length === 0;
    const c = themeColours();
    const colours = points.map((p) => (p.key === selected ? c.selected : c.point));
    const radii = points.map((p) => (p.key === selected ? 6 : 3.5));
    if (chart) {
        chart.data.datasets[0].data = points;
        Object.assign(chart.data.datasets[0], { pointBackgroundColor: colours, pointRadius: radii });
        applyTheme(chart, rankBy);
        chart.update('none');
        return;
    }
    chart = new Chart(canvas, {
        type: 'scatter',
        data: { datasets: [{ data: points, pointBackgroundColor: colours, pointRadius: radii }] },
        options: {
            animation: false,
            maintainAspectRatio: false,
            scales: { x: { type: 'logarithmic' }, y: { type: 'linear' } },
            plugins: {
                tooltip: {
                    callbacks: {
                        label: (item) => {
                            const p = item.raw as Point;
                            const rank = `rank ${formatCell(p.rank)}`;
                            return `${p.name}: ${formatCell(p.y)} (${formatCell(p.x)} params, ${rank})`;
                        },
                    },
                },
            },
            onClick: (_e, elements) => {
                const shown = chart?.data.datasets[0].data as unknown as Point[] | undefined;
                const p = elements[0] && shown?.[elements[0].index];
                if (!p) return;
                selected = p.key;
                render();
            },
        },
    });
    applyTheme(chart, rankBy);
    chart.update('none');
}

/** Axis titles, tick and grid colours from the current theme. */
function applyTheme(target: Chart<'scatter'>, rankBy: string): void {
    const c = themeColours();
    const scales = target.options.scales as Record<'x' | 'y', Record<string, unknown>>;
    for (const [axis, title] of [
        ['x', 'parameters (log scale)'],
        ['y', rankBy],
    ] as const) {
        Object.assign(scales[axis], {
            title: { display: true, text: title, color: c.text },
            ticks: { color: c.text },
            grid: { color: c.grid },
            border: { color: c.grid },
        });
    }
}

// Why: VS Code switches themes by changing the body's class (vscode-light, vscode-dark, ...).
new MutationObserver(() => data && renderChart(rankRows(data.rows, data.rankBy))).observe(document.body, {
    attributes: true,
    attributeFilter: ['class'],
});

vscode.postMessage({ type: 'ready' });
