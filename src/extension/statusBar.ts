// The status bar item: the engine's state and device (clicking shows the engine log). Owns the item;
// knows nothing of jobs beyond the progress text it is given.
import * as vscode from 'vscode';
import type { EngineState } from '../engine/engineClient';

/** Text, tooltip and whether it is an error, for a state (undefined = no engine yet). */
export function describeState(state: EngineState | undefined): {
    text: string;
    tooltip: string;
    isError: boolean;
} {
    switch (state?.kind) {
        case undefined:
            return {
                text: '$(pulse) L-SWAG',
                tooltip: 'L-SWAG engine: starts with the first score',
                isError: false,
            };
        case 'starting':
            return {
                text: '$(sync~spin) L-SWAG: starting',
                tooltip: 'L-SWAG engine: starting the worker',
                isError: false,
            };
        case 'ready':
        case 'busy': {
            const d = state.device;
            const skipped = d.skipped.map((s) => `\n${s.device} skipped: ${s.reason}`).join('');
            const tooltip = `L-SWAG engine on ${d.device} (${d.threads} threads)${skipped}`;
            const text =
                state.kind === 'busy'
                    ? `$(sync~spin) L-SWAG: ${d.device}`
                    : `$(check) L-SWAG: ${d.device}`;
            return { text, tooltip, isError: false };
        }
        case 'crashed':
            return {
                text: '$(warning) L-SWAG: restarting',
                tooltip: `The worker crashed: ${state.reason}`,
                isError: false,
            };
        case 'stopping':
            return { text: 'L-SWAG: stopping', tooltip: 'L-SWAG engine: stopping', isError: false };
        case 'stopped':
            return state.reason === undefined
                ? { text: 'L-SWAG: stopped', tooltip: 'L-SWAG engine: stopped', isError: false }
                : {
                      text: '$(error) L-SWAG: stopped',
                      tooltip: `The engine stopped: ${state.reason}`,
                      isError: true,
                  };
    }
}

export class EngineStatus implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;
    private state: EngineState | undefined;
    private progress: string | undefined;

    constructor() {
        this.item = vscode.window.createStatusBarItem(
            'lswag.engineStatus',
            vscode.StatusBarAlignment.Left,
            0,
        );
        this.item.name = 'L-SWAG Engine';
        this.item.command = 'lswag.showEngineLog';
        this.render();
        this.item.show();
    }

    get text(): string {
        return this.item.text;
    }

    update(state: EngineState | undefined): void {
        this.state = state;
        this.render();
    }

    /** Progress of the running job ("3/10"), or undefined when it is done. */
    setProgress(progress: string | undefined): void {
        this.progress = progress;
        this.render();
    }

    dispose(): void {
        this.item.dispose();
    }

    private render(): void {
        const d = describeState(this.state);
        const isBusy = this.state?.kind === 'busy';
        this.item.text = isBusy && this.progress ? `${d.text} ${this.progress}` : d.text;
        this.item.tooltip = d.tooltip;
        this.item.backgroundColor = d.isError
            ? new vscode.ThemeColor('statusBarItem.errorBackground')
            : undefined;
    }
}
