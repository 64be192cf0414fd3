// The rankings page's chart.js charts (bundled, no CDN): ranking proxy vs parameters, a proxy's score
// vs a known accuracy, and the space's calibration profile with its window highlighted. Each chart is
// built from scratch with the current theme's colours, so a theme change just builds it again.
import {
    BarController,
    BarElement,
    CategoryScale,
    Chart,
    LinearScale,
    LogarithmicScale,
    PointElement,
    ScatterController,
    Tooltip,
    type ChartConfiguration,
} from 'chart.js';
import type { CalibrationPayload, RankingRow } from '../../src/protocol/webview';
import { formatCell } from './table';
import { type ThemeColours, withAlpha } from './theme';

Chart.register(
    ScatterController,
    BarController,
    BarElement,
    CategoryScale,
    PointElement,
    LinearScale,
    LogarithmicScale,
    Tooltip,
);

/** One scatter point: an architecture with both values finite. */
export interface Point {
    readonly x: number;
    readonly y: number;
    readonly key: string;
    readonly name: string;
}

/** The points of rows with finite x and y (x must be positive for a log axis). */
export function scatterPoints(
    rows: readonly RankingRow[],
    x: (r: RankingRow) => number | null | undefined,
    y: (r: RankingRow) => number | null | undefined,
    isLogX = false,
): Point[] {
    return rows.flatMap((r) => {
        const [px, py] = [x(r), y(r)];
        const ok =
            typeof px === 'number' &&
            Number.isFinite(px) &&
            (!isLogX || px > 0) &&
            typeof py === 'number' &&
            Number.isFinite(py);
        return ok ? [{ x: px, y: py, key: r.key, name: r.name }] : [];
    });
}

const compact = new Intl.NumberFormat('en-US', {
    notation: 'compact',
    maximumSignificantDigits: 3,
});

/** A tick label: 1.2M, 960K, 0.25 (short enough to stay horizontal). */
export function tickLabel(v: number | string): string {
    const n = Number(v);
    if (!Number.isFinite(n)) return String(v);
    if (n !== 0 && Math.abs(n) < 1e-2) return n.toExponential(0);
    return compact.format(n);
}

/** A log axis labels only 1, 2 and 5 times a power of ten (the other ticks would overlap). */
export function logTickLabel(v: number | string): string {
    const n = Number(v);
    if (!(n > 0)) return '';
    const mantissa = Math.round(n / 10 ** Math.floor(Math.log10(n) + 1e-9));
    const isRound = Math.abs(n / 10 ** Math.floor(Math.log10(n) + 1e-9) - mantissa) < 1e-6;
    return isRound && [1, 2, 5].includes(mantissa) ? tickLabel(n) : '';
}

const axis = (title: string, c: ThemeColours, extra: Record<string, unknown> = {}) => ({
    ...extra,
    title: { display: true, text: title, color: c.text },
    ticks: {
        color: c.text,
        callback: extra.type === 'logarithmic' ? logTickLabel : tickLabel,
        maxRotation: 0,
        autoSkipPadding: 12,
    },
    grid: { color: c.grid },
    border: { color: c.grid },
});

export interface ScatterOptions {
    readonly xTitle: string;
    readonly yTitle: string;
    readonly isLogX: boolean;
    readonly selected: string | undefined;
    readonly onSelect: (key: string) => void;
    readonly label: (p: Point) => string;
}

/** A scatter of points, the selected one larger and in the highlight colour; clicking selects. */
export function scatterChart(
    canvas: HTMLCanvasElement,
    points: readonly Point[],
    o: ScatterOptions,
    c: ThemeColours,
): Chart<'scatter'> {
    const isSelected = (p: Point) => p.key === o.selected;
    // Why two ways: `grace` keeps a linear axis's round ticks, but a logarithmic axis ignores it.
    const x = o.isLogX
        ? paddedRange(
              points.map((p) => p.x),
              true,
          )
        : { grace: '6%' };
    const y = { grace: '6%' };
    const config: ChartConfiguration<'scatter', Point[]> = {
        type: 'scatter',
        data: {
            datasets: [
                {
                    data: [...points],
                    pointBackgroundColor: points.map((p) =>
                        isSelected(p) ? c.selected : withAlpha(c.point, 0.75),
                    ),
                    pointBorderColor: points.map((p) => (isSelected(p) ? c.text : c.point)),
                    pointRadius: points.map((p) => (isSelected(p) ? 6 : 3.5)),
                },
            ],
        },
        options: {
            animation: false,
            maintainAspectRatio: false,
            // Why explicit bounds: by default the axes end at the extreme points, so a point there
            // (the selected one, drawn larger, most visibly) was half outside the plot area.
            scales: {
                x: axis(o.xTitle, c, { type: o.isLogX ? 'logarithmic' : 'linear', ...x }),
                y: axis(o.yTitle, c, { type: 'linear', ...y }),
            },
            plugins: {
                tooltip: { callbacks: { label: (item) => o.label(item.raw as Point) } },
            },
            onClick: (_e, elements) => {
                const p = elements[0] && points[elements[0].index];
                if (p) o.onSelect(p.key);
            },
        },
    };
    config.plugins = [recordGeometry(points, o.selected)];
    return new Chart(canvas, config);
}

/**
 * Axis bounds that leave a margin around the data: 6% of the span on each side (of the log span on
 * a log axis), or a little around a single value.
 */
export function paddedRange(
    values: readonly number[],
    isLog: boolean,
): { min?: number; max?: number } {
    const usable = values.filter((v) => Number.isFinite(v) && (!isLog || v > 0));
    if (usable.length === 0) return {};
    const t = isLog ? Math.log10 : (v: number) => v;
    const back = isLog ? (v: number) => 10 ** v : (v: number) => v;
    const lo = t(Math.min(...usable));
    const hi = t(Math.max(...usable));
    const pad = hi > lo ? 0.06 * (hi - lo) : isLog ? 0.05 : Math.max(Math.abs(lo) * 0.05, 0.5);
    return { min: back(lo - pad), max: back(hi + pad) };
}

/**
 * Writes the plot area and the selected point's centre and radius (canvas CSS pixels) on the canvas
 * as data attributes after each draw, so a check can verify by geometry that the point lies inside.
 */
function recordGeometry(points: readonly Point[], selected: string | undefined) {
    return {
        id: 'lswagGeometry',
        afterRender(chart: Chart<'scatter', Point[]>) {
            const a = chart.chartArea;
            const canvas = chart.canvas;
            canvas.dataset.plotArea = [a.left, a.top, a.right, a.bottom]
                .map((v) => v.toFixed(1))
                .join(',');
            const index = points.findIndex((p) => p.key === selected);
            const element = index >= 0 ? chart.getDatasetMeta(0).data[index] : undefined;
            if (!element) {
                delete canvas.dataset.selectedPoint;
                return;
            }
            const radius = Number(
                (element.options as { radius?: number } | undefined)?.radius ?? 0,
            );
            canvas.dataset.selectedPoint = [element.x, element.y, radius]
                .map((v) => v.toFixed(1))
                .join(',');
        },
    };
}

/**
 * The calibration profile as floating bars from the lowest value (the values are negative logs, so
 * bars from 0 would hang from the top); bins inside the window in the highlight colour.
 */
export function calibrationChart(
    canvas: HTMLCanvasElement,
    cal: CalibrationPayload,
    c: ThemeColours,
): Chart<'bar'> {
    const present = cal.profile.filter((v): v is number => v !== null);
    const lo = Math.min(...present);
    const hi = Math.max(...present);
    const pad = Math.max(0.1 * (hi - lo), 1e-3);
    // Why halves: round axis ends read better than -8.87.
    const floor = Math.floor((lo - pad) * 2) / 2;
    const top = Math.ceil((hi + pad / 2) * 2) / 2;
    const inWindow = (k: number) => k >= cal.window[0] && k <= cal.window[1];
    const config: ChartConfiguration<'bar', ([number, number] | null)[], string> = {
        type: 'bar',
        data: {
            labels: cal.profile.map((_, k) => String(k)),
            datasets: [
                {
                    data: cal.profile.map((v) => (v === null ? null : [floor, v])),
                    backgroundColor: cal.profile.map((_, k) =>
                        inWindow(k) ? withAlpha(c.highlight, 0.85) : withAlpha(c.point, 0.45),
                    ),
                    borderColor: cal.profile.map((_, k) => (inWindow(k) ? c.highlight : c.point)),
                    borderWidth: 1,
                },
            ],
        },
        options: {
            animation: false,
            maintainAspectRatio: false,
            scales: {
                x: { ...axis('depth bin', c), ticks: { color: c.text } },
                // Why min and max: a bar chart's value axis starts at zero by default.
                y: axis('mean log √Var(|g|)', c, { beginAtZero: false, min: floor, max: top }),
            },
            plugins: {
                tooltip: {
                    callbacks: {
                        label: (item) => {
                            const k = item.dataIndex;
                            const v = cal.profile[k];
                            const layers = cal.layerCounts[k];
                            const where = inWindow(k) ? 'in the window' : 'outside the window';
                            return `bin ${k}: ${formatCell(v)} (${layers ?? '?'} layers, ${where})`;
                        },
                    },
                },
            },
        },
    };
    return new Chart(canvas, config);
}
