// The history of `.lswag/runs`: one entry per run file (newest first) with its space, objective,
// algorithm, evaluated / expected, best value and state; Resume for interrupted runs, "Open best"
// and the run file itself. Buttons carry data-action and data-run for tests and automation.
import type { RunSummary, SearchViewToHostMessage } from '../../src/protocol/searchView';
import { el, toolkit } from './dom';
import { describeRun, evaluatedText, formatValue, stateText } from './format';

type Button = HTMLElement & { disabled: boolean };

export class HistoryView {
    readonly root = el('section', 'history');
    private readonly list = el('ul', 'runs');
    private readonly empty = el(
        'p',
        'muted',
        'No runs yet: a search saves its run in .lswag/runs.',
    );
    private runs: readonly RunSummary[] = [];
    private isBusy = false;

    constructor(private readonly post: (m: SearchViewToHostMessage) => void) {
        this.root.setAttribute('aria-labelledby', 'history-heading');
        const heading = el('h2', undefined, 'Runs');
        heading.id = 'history-heading';
        const refresh = toolkit(
            'vscode-button',
            {
                appearance: 'secondary',
                'data-action': 'refresh',
                'aria-label': 'Refresh the run list',
            },
            'Refresh',
        );
        refresh.addEventListener('click', () => post({ type: 'refresh' }));
        const head = el('div', 'section-head');
        head.append(heading, refresh);
        this.list.setAttribute('aria-labelledby', heading.id);
        this.root.append(head, this.list, this.empty);
    }

    render(runs: readonly RunSummary[]): void {
        this.runs = runs;
        this.empty.hidden = runs.length > 0;
        this.list.replaceChildren(...runs.map((r) => this.entry(r)));
    }

    /** A search is running: Resume waits for it. */
    setBusy(isBusy: boolean): void {
        if (isBusy === this.isBusy) return;
        this.isBusy = isBusy;
        this.render(this.runs);
    }

    private entry(r: RunSummary): HTMLElement {
        const li = el('li', 'run');
        li.dataset.run = r.id;
        li.dataset.state = r.state;
        const title = el('div', 'run-title');
        const name = el('span', 'run-name', r.id);
        name.title = r.label;
        title.append(name, el('span', `badge state-${r.state}`, stateText(r.state)));
        li.append(title);
        if (r.state === 'unreadable') {
            li.append(el('p', 'muted', r.problem ?? 'not a run file'));
            return li;
        }
        const best =
            r.step === 'round'
                ? r.genotype
                    ? 'genotype found'
                    : `${r.evaluated > 0 ? 'pruning' : 'nothing scored yet'}`
                : r.best
                  ? `best ${formatValue(r.best.value)}`
                  : 'nothing scored yet';
        li.append(
            el('p', 'muted', describeRun(r)),
            el('p', 'counts', `${evaluatedText(r)} \u00b7 ${best}`),
        );
        const detail = r.genotype ?? r.best?.key;
        if (detail) li.lastElementChild!.setAttribute('title', detail);
        const actions = el('div', 'actions');
        if (r.state === 'interrupted') {
            actions.append(this.button('Resume', 'resume', r.id, this.isBusy, 'primary'));
        }
        // Why: a pruning search's one result, its genotype, exists only once it is complete.
        if (r.step === 'round')
            actions.append(
                this.button('Open result', 'openBest', r.id, r.genotype === undefined, 'secondary'),
            );
        else
            actions.append(
                this.button('Open best', 'openBest', r.id, r.evaluated === 0, 'secondary'),
            );
        actions.append(this.button('Run file', 'openRunFile', r.id, false, 'secondary'));
        li.append(actions);
        return li;
    }

    private button(
        text: string,
        type: 'resume' | 'openBest' | 'openRunFile',
        run: string,
        disabled: boolean,
        appearance: string,
    ): HTMLElement {
        const action =
            type === 'openBest' ? 'open-best' : type === 'openRunFile' ? 'open-run-file' : 'resume';
        const b = toolkit(
            'vscode-button',
            { appearance, 'data-action': action, 'data-run': run, 'aria-label': `${text}: ${run}` },
            text,
        ) as Button;
        b.disabled = disabled;
        b.addEventListener('click', () => !b.disabled && this.post({ type, run }));
        return b;
    }
}
