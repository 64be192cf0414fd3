// How engine state changes reach the person: the status item, the search panel, the log (only the
// transitions that matter), and an error message with "Open Output" / "Restart Engine" when it stops.
import * as vscode from 'vscode';
import type { EngineState } from '../engine/engineClient';

export interface EngineStateReportDeps {
    readonly output: vscode.LogOutputChannel;
    /** Everything that shows the state (status item, search panel). */
    readonly show: (state: EngineState | undefined) => void;
    readonly restart: () => Promise<void>;
}

export class EngineStateReport {
    private lastKind: EngineState['kind'] | undefined;

    constructor(private readonly deps: EngineStateReportDeps) {}

    changed(state: EngineState | undefined): void {
        const { output } = this.deps;
        this.deps.show(state);
        // Why: ready and busy alternate with every job; the log keeps the transitions that matter.
        if (state?.kind === 'ready' && this.lastKind !== 'busy') {
            output.info(`engine ready on ${state.device.device} (${state.device.threads} threads)`);
        } else if (state && state.kind !== 'ready' && state.kind !== 'busy') {
            const reason = 'reason' in state && state.reason ? `: ${state.reason}` : '';
            output.info(`engine ${state.kind}${reason}`);
        }
        this.lastKind = state?.kind;
        if (state?.kind !== 'stopped' || state.reason === undefined) return;
        void vscode.window
            .showErrorMessage(
                `L-SWAG engine stopped: ${state.reason}`,
                'Open Output',
                'Restart Engine',
            )
            .then((action) => {
                if (action === 'Open Output') output.show(true);
                if (action === 'Restart Engine')
                    this.deps.restart().catch((e: unknown) => output.error(String(e)));
            });
    }
}
