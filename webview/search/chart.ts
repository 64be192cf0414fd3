// The progress chart: best objective of the archive per generation (solid) and each generation's mean
// (dashed), with the generation being scored drawn as a hollow point. Colours come from the theme's
// CSS variables; the chart is updated in place as results arrive and rebuilt when the theme changes.
import {
    CategoryScale,
    Chart,
    Legend,
    LineController,
    LineElement,
    LinearScale,
    PointElement,
    Tooltip,
} from 'chart.js';
import type { GenerationPoint } from '../../src/protocol/searchView';
import { formatValue } from './format';

Chart.register(
    LineController,
    LineElement,
    PointElement,
    LinearScale,
    CategoryScale,
    Legend,
    Tooltip,
);

interface Colours {
    readonly background: string;
    readonly text: string;
    readonly grid: string;
    readonly best: string;
    readonly mean: string;
}

/** The current theme's colours, with VS Code's dark defaults when a variable is missing. */
function themeColours(): Colours {
    const style = getComputedStyle(document.body);
    const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
        background: v('--vscode-sideBar-background', v('--vscode-editor-background', '#1e1e1e')),
        text: v('--vscode-foreground', '#cccccc'),
        grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.3)'),
        best: v('--vscode-charts-blue', '#3794ff'),
        mean: v('--vscode-charts-orange', '#d18616'),
    };
}

export class ProgressChart {
    private chart: Chart<'line'> | undefined;
    private points: readonly GenerationPoint[] = [];
    private generations = 0;
    /** What a step is called: 'generation', or 'round' for a pruning search. */
    private step = 'generation';

    constructor(
        private readonly canvas: HTMLCanvasElement,
        private readonly yTitle: () => string,
    ) {}

    /** Shows these points on an axis of every generation (the same chart object, so nothing flickers). */
    update(points: readonly GenerationPoint[], generations: number, step = 'generation'): void {
        this.points = points;
        this.generations = generations;
        if (step !== this.step) {
            // Why a new chart: the axis title and the legend name the step.
            this.step = step;
            this.rebuild();
            return;
        }
        if (!this.chart) {
            this.build();
            return;
        }
        this.fill(this.chart);
        this.chart.update('none');
    }

    /** The theme changed: build again with its colours. */
    rebuild(): void {
        this.chart?.destroy();
        this.chart = undefined;
        this.build();
    }

    private build(): void {
        const c = themeColours();
        const axis = (title: string) => ({
            title: { display: true, text: title, color: c.text },
            ticks: { color: c.text, maxRotation: 0, autoSkip: true } as {
                color: string;
                maxRotation: number;
                autoSkip: boolean;
                callback?: unknown;
            },
            grid: { color: c.grid },
            border: { color: c.grid },
        });
        // Why no x callback at all: an explicit `callback: undefined` replaces the category scale's own,
        // and the axis then prints label indices (0-based) instead of the labels.
        const x = axis(this.step);
        // Why other words for rounds: a pruning round's candidates are not an archive; each round's best is its own.
        const isRound = this.step === 'round';
        const y = axis(this.yTitle());
        y.ticks.callback = (v: number | string) => formatValue(Number(v));
        // Why hollow: the generation being scored is not final; its point says so.
        const fill = (colour: string) => (ctx: { dataIndex: number }) =>
            this.pointAt(ctx.dataIndex)?.isPartial ? c.background : colour;
        this.chart = new Chart(this.canvas, {
            type: 'line',
            data: {
                labels: [],
                datasets: [
                    {
                        label: isRound ? 'best of the round' : 'best so far',
                        data: [],
                        borderColor: c.best,
                        backgroundColor: c.best,
                        pointBackgroundColor: fill(c.best),
                        pointBorderColor: c.best,
                        borderWidth: 2,
                        pointRadius: 3.5,
                        spanGaps: true,
                    },
                    {
                        label: `${this.step} mean`,
                        data: [],
                        borderColor: c.mean,
                        backgroundColor: c.mean,
                        pointBackgroundColor: fill(c.mean),
                        pointBorderColor: c.mean,
                        borderDash: [4, 3],
                        borderWidth: 1.5,
                        pointRadius: 2.5,
                        spanGaps: true,
                    },
                ],
            },
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                scales: { x, y } as never,
                plugins: {
                    legend: { labels: { color: c.text, boxWidth: 12, boxHeight: 2 } },
                    tooltip: {
                        callbacks: {
                            title: (items) =>
                                `${this.step} ${items[0]?.label ?? ''}${this.pointAt(items[0]?.dataIndex ?? -1)?.isPartial ? ' (scoring)' : ''}`,
                            label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.y)}`,
                        },
                    },
                },
            },
        });
        this.fill(this.chart);
        this.chart.update('none');
    }

    /** The point of the axis position `i` (= generation), if that generation has one. */
    private pointAt(i: number): GenerationPoint | undefined {
        return this.points.find((p) => p.generation === i);
    }

    private fill(chart: Chart<'line'>): void {
        // Why every generation on the axis: the chart also shows how far the run has come.
        const count = Math.max(this.generations, ...this.points.map((p) => p.generation + 1));
        const at = (g: number) => this.pointAt(g);
        // Why g + 1: the counts line above the chart numbers generations from 1 ("generation 3 / 6").
        chart.data.labels = Array.from({ length: count }, (_, g) => String(g + 1));
        chart.data.datasets[0].data = chart.data.labels.map((_, g) => at(g)?.best ?? null);
        chart.data.datasets[1].data = chart.data.labels.map((_, g) => at(g)?.mean ?? null);
        const y = chart.options.scales?.y as { title?: { text?: string } } | undefined;
        if (y?.title) y.title.text = this.yTitle();
    }
}
