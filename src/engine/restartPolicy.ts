// How often a crashed worker may be restarted: at most N restarts in a sliding time window
// (4 in 3 minutes, as vscode-languageclient does). Pure; the clock is injectable for tests.

export interface RestartPolicyOptions {
    readonly maxRestarts?: number;
    readonly windowMs?: number;
    readonly now?: () => number;
}

export const DEFAULT_MAX_RESTARTS = 4;
export const DEFAULT_RESTART_WINDOW_MS = 3 * 60 * 1000;

export class RestartPolicy {
    readonly maxRestarts: number;
    readonly windowMs: number;
    private readonly now: () => number;
    private restarts: number[] = [];

    constructor(opts: RestartPolicyOptions = {}) {
        this.maxRestarts = opts.maxRestarts ?? DEFAULT_MAX_RESTARTS;
        this.windowMs = opts.windowMs ?? DEFAULT_RESTART_WINDOW_MS;
        this.now = opts.now ?? Date.now;
    }

    /** Records a restart and returns true, or returns false when the window is full. */
    tryRestart(): boolean {
        const now = this.now();
        this.restarts = this.restarts.filter((t) => now - t < this.windowMs);
        if (this.restarts.length >= this.maxRestarts) return false;
        this.restarts.push(now);
        return true;
    }

    /** Forgets past restarts (after a deliberate start by the user). */
    reset(): void {
        this.restarts = [];
    }

    /** "4 restarts in 3 minutes", for messages. */
    describe(): string {
        const s = this.windowMs / 1000;
        const window = s % 60 === 0 ? `${s / 60} minute${s === 60 ? '' : 's'}` : `${s} s`;
        return `${this.maxRestarts} restart${this.maxRestarts === 1 ? '' : 's'} in ${window}`;
    }
}
