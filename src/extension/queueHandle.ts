// `lswag.queue` in the editor: the queue that Score All and the search panel enqueue on instead of
// the local engine, and a status item with the workers connected. A URL with a password is moved to
// SecretStorage and the setting keeps its redacted form (src/queue/queueSetting.ts decides).
import * as vscode from 'vscode';
import { version } from '../../package.json';
import type { QueueEngine } from '../queue/queueEngine';
import { planQueueSetting } from '../queue/queueSetting';

const SETTING = 'queue';
const SECRET_KEY = 'lswag.queue.url';
const WORKER_POLL_MS = 10_000;

export class QueueHandle implements vscode.Disposable {
    private engine: Promise<QueueEngine | undefined> | undefined;
    private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 99);
    private poll: NodeJS.Timeout | undefined;
    private readonly watch: vscode.Disposable;
    private lastProblem: string | undefined;

    constructor(
        private readonly secrets: vscode.SecretStorage,
        private readonly output: vscode.LogOutputChannel,
    ) {
        this.item.command = 'lswag.showEngineLog';
        this.watch = vscode.workspace.onDidChangeConfiguration((e) => {
            if (e.affectsConfiguration(`lswag.${SETTING}`)) void this.reset();
        });
    }

    /** The queue to score on, connected on first use; undefined when `lswag.queue` is empty or unusable. */
    get(): Promise<QueueEngine | undefined> {
        this.engine ??= this.connect().catch((e: unknown) => {
            this.report(e instanceof Error ? e.message : String(e));
            this.engine = undefined;
            return undefined;
        });
        return this.engine;
    }

    dispose(): void {
        this.watch.dispose();
        this.item.dispose();
        void this.reset();
    }

    private async reset(): Promise<void> {
        const old = this.engine;
        this.engine = undefined;
        clearInterval(this.poll);
        this.item.hide();
        await (await old?.catch(() => undefined))?.stop();
    }

    private report(problem: string): void {
        if (problem === this.lastProblem) return;
        this.lastProblem = problem;
        this.output.error(`queue: ${problem}; scoring on this machine`);
    }

    private async connect(): Promise<QueueEngine | undefined> {
        const config = vscode.workspace.getConfiguration('lswag');
        const plan = planQueueSetting(
            config.get<string>(SETTING, ''),
            await this.secrets.get(SECRET_KEY),
        );
        if (plan.problem) this.report(plan.problem);
        if (plan.storeSecret) await this.secrets.store(SECRET_KEY, plan.storeSecret);
        if (plan.rewriteSetting) {
            const inspected = config.inspect<string>(SETTING);
            const target =
                inspected?.workspaceValue !== undefined
                    ? vscode.ConfigurationTarget.Workspace
                    : vscode.ConfigurationTarget.Global;
            await config.update(SETTING, plan.rewriteSetting, target);
        }
        if (!plan.url) return undefined;
        const [{ QueueEngine }, { parseRedisUrl }] = await Promise.all([
            import('../queue/queueEngine'),
            import('../queue/redisUrl'),
        ]);
        const target = parseRedisUrl(plan.url, 'lswag.queue');
        const engine = await QueueEngine.connect({
            target,
            version,
            log: (level, message) => this.output[level](`queue: ${message}`),
        });
        this.output.info(`queue: scoring through ${target.redacted}`);
        const show = () =>
            engine.workerCount().then(
                (n) => {
                    this.item.text = `$(server-process) L-SWAG queue: ${n} worker${n === 1 ? '' : 's'}`;
                    this.item.tooltip = `Score All and the search panel enqueue on ${target.redacted}`;
                    this.item.show();
                },
                () => this.item.hide(),
            );
        await show();
        this.poll = setInterval(() => void show(), WORKER_POLL_MS);
        return engine;
    }
}
