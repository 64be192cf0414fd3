// The run the panel follows: state, evaluated / expected with a progress bar, generation, ETA and
// device, the best-per-generation chart, Stop and "Open best", and the run's messages.
import type { RunProgress } from '../../src/protocol/searchView';
import { ProgressChart } from './chart';
import { el, toolkit } from './dom';
import {
    describeRun,
    evaluatedText,
    formatCount,
    formatDuration,
    fractionDone,
    isActive,
    isResumable,
    stateText,
} from './format';

type Button = HTMLElement & { disabled: boolean };

export class ProgressView {
    readonly root = el('section', 'progress');
    private readonly heading = el('h2', undefined, 'Search');
    private readonly state = el('span', 'badge');
    private readonly name = el('p', 'run-name');
    private readonly what = el('p', 'muted');
    private readonly bar = el('progress');
    private readonly counts = el('p', 'counts');
    private readonly eta = el('p', 'muted');
    private readonly genotype = el('p', 'genotype');
    private readonly canvas = el('canvas');
    private readonly stop: Button;
    private readonly resume: Button;
    private readonly openBest: Button;
    private readonly messages = el('ul', 'messages');
    private readonly chart: ProgressChart;
    private progress: RunProgress | null = null;

    constructor(
        post: (
            m:
                | { type: 'stop' }
                | { type: 'openBest'; run: string }
                | { type: 'resume'; run: string },
        ) => void,
    ) {
        this.root.hidden = true;
        this.root.setAttribute('aria-labelledby', 'progress-heading');
        this.heading.id = 'progress-heading';
        this.state.dataset.testid = 'state';
        this.counts.dataset.testid = 'counts';
        this.eta.dataset.testid = 'eta';
        this.genotype.dataset.testid = 'genotype';
        this.bar.setAttribute('aria-label', 'Architectures evaluated');
        this.canvas.setAttribute('role', 'img');
        this.canvas.setAttribute('aria-label', 'Best objective per generation');
        this.canvas.dataset.testid = 'chart';
        this.messages.setAttribute('aria-live', 'polite');
        this.stop = toolkit('vscode-button', { 'data-action': 'stop' }, 'Stop') as Button;
        this.stop.addEventListener('click', () => !this.stop.disabled && post({ type: 'stop' }));
        // Why here too: a stopped run is resumed where it stopped, not only from the history below.
        this.resume = toolkit('vscode-button', { 'data-action': 'resume' }, 'Resume') as Button;
        this.resume.addEventListener(
            'click',
            () =>
                this.progress &&
                !this.resume.disabled &&
                post({ type: 'resume', run: this.progress.id }),
        );
        this.openBest = toolkit(
            'vscode-button',
            { appearance: 'secondary', 'data-action': 'open-best' },
            'Open best as architecture file',
        ) as Button;
        this.openBest.addEventListener(
            'click',
            () =>
                this.progress &&
                !this.openBest.disabled &&
                post({ type: 'openBest', run: this.progress.id }),
        );
        const head = el('div', 'section-head');
        head.append(this.heading, this.state);
        const chartBox = el('div', 'chart');
        chartBox.append(this.canvas);
        const actions = el('div', 'actions');
        actions.append(this.stop, this.resume, this.openBest);
        this.root.append(
            head,
            this.name,
            this.what,
            this.bar,
            this.counts,
            this.eta,
            this.genotype,
            chartBox,
            actions,
            this.messages,
        );
        this.chart = new ProgressChart(this.canvas, () => this.progress?.objective || 'objective');
    }

    render(p: RunProgress | null): void {
        this.progress = p;
        this.root.hidden = p === null;
        if (!p) return;
        const active = isActive(p.state);
        this.root.dataset.state = p.state;
        this.heading.textContent = active ? 'Searching' : 'Last search';
        this.state.textContent = stateText(p.state);
        this.state.className = `badge state-${p.state}`;
        this.name.textContent = p.id;
        this.name.title = p.label;
        this.what.textContent = describeRun(p);
        this.bar.max = Math.max(1, p.expected);
        // Why: a complete run is done even when it holds fewer than planned (empty slots).
        this.bar.value = p.state === 'complete' ? this.bar.max : p.evaluated;
        this.bar.setAttribute('aria-valuetext', `${Math.round(fractionDone(p) * 100)}%`);
        const step = p.step ?? 'generation';
        this.counts.textContent = `${evaluatedText(p)} \u00b7 ${step} ${formatCount(Math.min(p.generation + 1, Math.max(1, p.generations)))} / ${formatCount(p.generations)}`;
        const eta =
            active && p.state !== 'stopping' ? `ETA ${formatDuration(p.etaSeconds)} \u00b7 ` : '';
        this.eta.textContent = `${eta}${p.device}`;
        this.stop.hidden = !active;
        this.resume.hidden = !isResumable(p.state);
        this.resume.dataset.run = p.id;
        this.stop.disabled = p.state === 'stopping';
        this.stop.textContent = p.state === 'stopping' ? 'Stopping...' : 'Stop';
        this.genotype.hidden = p.genotype === undefined;
        this.genotype.textContent = p.genotype ? `Genotype: ${p.genotype}` : '';
        // Why: a pruning search has one result, its genotype, only once it is complete.
        this.openBest.textContent =
            p.step === 'round'
                ? 'Open result as architecture file'
                : 'Open best as architecture file';
        this.openBest.disabled = p.step === 'round' ? p.genotype === undefined : p.evaluated === 0;
        this.messages.replaceChildren(...p.messages.map((m) => el('li', undefined, m)));
        this.chart.update(p.chart, p.generations, step);
    }

    /** The theme changed: the chart takes its new colours. */
    themeChanged(): void {
        if (this.progress) this.chart.rebuild();
    }
}
