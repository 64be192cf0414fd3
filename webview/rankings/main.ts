// The rankings page (browser code): charts (ranking proxy vs parameters, rank agreement, the space's
// calibration profile), the known-accuracy section with the host's LIBRA-NAS suggestion, the sortable
// table and export buttons. Imports from src/ only protocol types; the host computes every statistic.
import {
    provideVSCodeDesignSystem,
    vsCodeButton,
    vsCodeDropdown,
    vsCodeOption,
} from '@vscode/webview-ui-toolkit';
import type { Chart } from 'chart.js';
import { constantColumns } from '../../src/protocol/constantColumns';
import { type SortState, rankRows } from '../../src/protocol/rankingsTable';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../src/protocol/webview';
import { correlationTable, dropdown, libraSection } from './accuracyView';
import { agreementTable } from './agreementView';
import { calibrationChart, scatterChart, scatterPoints } from './charts';
import { el, figure } from './dom';
import { calibrationExplanation, constantNote } from './notes';
import { PAGE_CSS } from './style';
import { formatCell } from './table';
import { TableView } from './tableView';
import { themeColours } from './theme';

/** The handle VS Code injects into every webview. */
declare function acquireVsCodeApi(): {
    postMessage(message: WebviewToHostMessage): void;
    getState(): unknown;
    setState(state: unknown): void;
};

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption());

const vscode = acquireVsCodeApi();
type Rankings = Extract<HostToWebviewMessage, { type: 'rankings' }>;

/** What survives a reload of the page (the webview state). */
interface PageState {
    sort?: SortState;
    column?: string;
    scatterProxy?: string;
}

const saved = (vscode.getState() ?? {}) as PageState;
let data: Rankings | undefined;
let selected: string | undefined;
let sort: SortState = saved.sort ?? { column: 'rank', direction: 'ascending' };
let column = saved.column;
let scatterProxy = saved.scatterProxy;
let charts: Chart[] = [];

const saveState = () => vscode.setState({ sort, column, scatterProxy } satisfies PageState);

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

const paramsCard = figure('Ranking proxy vs parameters');
const agreementCard = figure('Rank agreement between proxies (Spearman \u03c1)');
const calibrationCard = figure('Calibration profile');
const chartGrid = el('section', 'grid charts');
chartGrid.append(paramsCard.box, agreementCard.box, calibrationCard.box);

const accuracyBox = el('section', 'accuracy');
const tableView = new TableView({
    post: (m) => vscode.postMessage(m),
    onSort: (s) => {
        sort = s;
        saveState();
    },
});
const tableBox = el('section', 'table-box');
const tableNote = el('p', 'note');
tableNote.dataset.testid = 'constant-note';
tableNote.setAttribute('role', 'note');
tableBox.append(tableNote, tableView.table);
const empty = el('p', 'empty', 'No architectures scored yet.');
document.body.append(header, chartGrid, accuracyBox, tableBox, empty);

window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => {
    const m = event.data;
    if (m?.type === 'rankings') {
        data = m;
        selected = m.selected;
        render();
        tableView.revealSelected();
    } else if (m?.type === 'select') {
        selected = m.key;
        render();
        tableView.revealSelected();
    }
});

const select = (key: string) => {
    selected = key;
    render();
};

function render(): void {
    if (!data) return;
    heading.textContent = data.heading;
    sort = tableView.render(data, sort, selected);
    empty.hidden = data.rows.length > 0;
    const labels = data.labels ?? {};
    const note = constantNote(
        constantColumns(data.rows, data.proxies),
        data.rankBy,
        (p) => labels[p] ?? p,
    );
    tableNote.textContent = note ?? '';
    tableNote.hidden = note === undefined;
    renderCharts();
}

/** Builds every chart and the accuracy section again (data, selection or theme changed). */
function renderCharts(): void {
    if (!data) return;
    for (const c of charts) c.destroy();
    charts = [];
    const colours = themeColours();
    renderParams(data, colours);
    renderAgreement(data);
    renderCalibration(data, colours);
    renderAccuracy(data, colours);
    chartGrid.hidden = [paramsCard, agreementCard, calibrationCard].every((c) => c.box.hidden);
}

/** A canvas for a chart, described for screen readers. */
function canvasIn(body: HTMLElement, label: string): HTMLCanvasElement {
    const canvas = el('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label);
    const box = el('div', 'chart');
    box.append(canvas);
    body.replaceChildren(box);
    return canvas;
}

function renderParams(d: Rankings, colours: ReturnType<typeof themeColours>): void {
    const ranks = rankRows(d.rows, d.rankBy);
    const rankOf = new Map(d.rows.map((r, i) => [r.key, ranks[i]]));
    const points = scatterPoints(
        d.rows,
        (r) => r.params,
        (r) => r.scores[d.rankBy],
        true,
    );
    paramsCard.box.hidden = points.length === 0;
    if (points.length === 0) return;
    const rankBy = d.labels?.[d.rankBy] ?? d.rankBy;
    paramsCard.heading.textContent = `${rankBy} vs parameters`;
    const canvas = canvasIn(
        paramsCard.body,
        `${rankBy} versus parameters, one point per architecture`,
    );
    charts.push(
        scatterChart(
            canvas,
            points,
            {
                xTitle: 'parameters (log scale)',
                yTitle: rankBy,
                isLogX: true,
                selected,
                onSelect: select,
                label: (p) =>
                    `${p.name}: ${formatCell(p.y)} (${formatCell(p.x)} params, rank ${formatCell(rankOf.get(p.key) ?? null)})`,
            },
            colours,
        ),
    );
    paramsCard.caption.textContent = 'Click a point to select its row.';
}

function renderAgreement(d: Rankings): void {
    agreementCard.box.hidden = !d.agreement;
    if (!d.agreement) return;
    const constant = new Set(constantColumns(d.rows, d.proxies).map((c) => c.proxy));
    agreementCard.body.replaceChildren(agreementTable(d.agreement, d.rankBy, constant));
    agreementCard.caption.textContent =
        'Each pair over the architectures scored by both; blue = same order, red = reversed.';
    fitAgreement();
}

/**
 * Gives the heatmap the whole row when its table is wider than its card (many proxies), so no
 * column hides behind a scroll bar; checked again when the window is resized.
 */
function fitAgreement(): void {
    const box = agreementCard.box;
    box.classList.remove('wide');
    chartGrid.classList.remove('has-wide');
    if (box.hidden) return;
    const body = agreementCard.body;
    const isTooWide = body.scrollWidth > body.clientWidth;
    box.classList.toggle('wide', isTooWide);
    chartGrid.classList.toggle('has-wide', isTooWide);
}
window.addEventListener('resize', () => fitAgreement());

function renderCalibration(d: Rankings, colours: ReturnType<typeof themeColours>): void {
    const cal = d.calibration;
    calibrationCard.box.hidden = !cal || cal.profile.every((v) => v === null);
    if (!cal || calibrationCard.box.hidden) return;
    calibrationCard.heading.textContent = `Calibration profile: ${cal.space}`;
    const [lo, hi] = cal.window;
    const canvas = canvasIn(
        calibrationCard.body,
        `Mean log gradient spread per depth bin for ${cal.space}; window bins ${lo} to ${hi} highlighted`,
    );
    charts.push(calibrationChart(canvas, cal, colours));
    calibrationCard.caption.textContent = calibrationExplanation(cal);
    calibrationCard.caption.title = cal.rule;
}

function renderAccuracy(d: Rankings, colours: ReturnType<typeof themeColours>): void {
    const insights = d.accuracy ?? [];
    accuracyBox.hidden = insights.length === 0;
    accuracyBox.replaceChildren();
    if (insights.length === 0) return;
    const insight = insights.find((i) => i.column === column) ?? insights[0];
    const head = el('div', 'section-head');
    head.append(
        el('h2', undefined, `Known accuracies: ${insight.column} (${insight.n} architectures)`),
    );
    if (insights.length > 1) {
        head.append(
            dropdown(
                'Accuracy',
                insights.map((i) => i.column),
                insight.column,
                (v) => {
                    column = v;
                    saveState();
                    renderCharts();
                    refocus('Accuracy');
                },
            ),
        );
    }
    const correlations = figure(`Rank correlation with ${insight.column}`);
    correlations.body.append(correlationTable(insight));
    correlations.caption.textContent = 'A missing score ranks worst, as lswag eval does.';

    const proxies = d.proxies.filter((p) =>
        d.rows.some((r) => Number.isFinite(r.scores[p] ?? NaN)),
    );
    const firstPick = insight.libra.picks[0]?.proxy;
    const proxy =
        [scatterProxy, firstPick, d.rankBy].find((p) => p && proxies.includes(p)) ?? proxies[0];
    const scatter = figure(`Score vs ${insight.column}`);
    const grid = el('div', 'grid');
    grid.append(correlations.box, scatter.box);
    accuracyBox.append(
        head,
        grid,
        libraSection(insight, () =>
            vscode.postMessage({ type: 'useLibra', column: insight.column }),
        ),
    );
    if (!proxy) return;
    scatter.tools.append(
        dropdown('Proxy', proxies, proxy, (v) => {
            scatterProxy = v;
            saveState();
            renderCharts();
            refocus('Proxy');
        }),
    );
    const points = scatterPoints(
        d.rows,
        (r) => r.scores[proxy],
        (r) => r.accuracy?.[insight.column],
    );
    const canvas = canvasIn(
        scatter.body,
        `${proxy} versus ${insight.column}, one point per architecture`,
    );
    charts.push(
        scatterChart(
            canvas,
            points,
            {
                xTitle: proxy === 'libra' ? 'LIBRA (Σ log rank/N)' : proxy,
                yTitle: insight.column,
                isLogX: false,
                selected,
                onSelect: select,
                label: (p) =>
                    `${p.name}: ${proxy} ${formatCell(p.x)}, ${insight.column} ${formatCell(p.y)}`,
            },
            colours,
        ),
    );
    scatter.caption.textContent = `${points.length} architectures with both values.`;
}

/** Focus back on a rebuilt dropdown, so a keyboard user stays where they were. */
function refocus(label: string): void {
    accuracyBox.querySelector<HTMLElement>(`[aria-label="${label}"]`)?.focus();
}

// Why: VS Code switches themes by changing the body's class (vscode-light, vscode-dark, ...).
new MutationObserver(() => renderCharts()).observe(document.body, {
    attributes: true,
    attributeFilter: ['class'],
});

vscode.postMessage({ type: 'ready' });
