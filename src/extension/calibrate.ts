// "Calibrate L-SWAG Window...": scores K random architectures of a search space for their per-layer
// gradient profile (label-free, as `lswag calibrate` does) and saves the window in global storage.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { SPACE_IDS, type SpaceId } from '../core/spec/spaceId';
import { calibrationScoreOptions } from '../host/scoreOptions';
import type { DataResolution } from './config';
import type { Engine } from './engineHandle';

export interface CalibrateDeps {
    readonly engine: () => Promise<Engine>;
    readonly data: () => DataResolution;
    readonly batches: () => number;
    /** Folder the profiles are saved in (global storage). */
    readonly storageDir: string;
    readonly output: vscode.LogOutputChannel;
    /** Called after a profile is saved (the options key changes: lenses refresh). */
    readonly onSaved: () => void;
}

/** The folder of calibrated profiles under the extension's global storage. */
export const calibrationDir = (globalStorage: string): string =>
    path.join(globalStorage, 'calibration');

const parseSamples = (v: string): number | undefined => {
    const n = Number(v);
    return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : undefined;
};

export async function calibrateWindow(deps: CalibrateDeps): Promise<void> {
    const { genomeToSpec, sampleGenome } = await import('../core/search/spaces');
    const space = (await vscode.window.showQuickPick([...SPACE_IDS], {
        title: 'Calibrate L-SWAG Window',
        placeHolder: 'The search space to calibrate',
    })) as SpaceId | undefined;
    if (!space) return;
    const samplesText = await vscode.window.showInputBox({
        title: `Calibrate L-SWAG Window: ${space}`,
        prompt: 'Random architectures to profile (more is steadier, and slower)',
        value: '100',
        validateInput: (v) => (parseSamples(v) ? undefined : 'A whole number from 1 to 10000'),
    });
    const samples = samplesText === undefined ? undefined : parseSamples(samplesText);
    if (!samples) return;
    const data = deps.data();
    if ('error' in data) {
        void vscode.window.showErrorMessage(`L-SWAG: ${data.error}`);
        return;
    }
    const seed = 0;
    const options = calibrationScoreOptions(space, {
        data: data.data,
        batches: deps.batches(),
        seed,
    });
    const { Rng } = await import('../core/util/rng');
    const rng = new Rng(seed);
    const specs = Array.from({ length: samples }, () => genomeToSpec(sampleGenome(space, rng)));
    try {
        const outcome = await vscode.window.withProgress(
            {
                location: vscode.ProgressLocation.Notification,
                title: `Calibrating ${space}`,
                cancellable: true,
            },
            async (progress, token) => {
                const engine = await deps.engine();
                await engine.start();
                const job = engine.score(specs, options, {
                    onProgress: (p) =>
                        progress.report({
                            message: `${p.done}/${p.total}`,
                            increment: 100 / p.total,
                        }),
                });
                const cancel = token.onCancellationRequested(() => engine.cancel(job.jobId));
                return job.finally(() => cancel.dispose());
            },
        );
        if (outcome.cancelled) return;
        for (const r of outcome.results)
            for (const e of r.errors) deps.output.warn(`calibrate ${r.name}: ${e}`);
        const { profileFromLayers } = await import('../core/proxies/calibration');
        const profile = profileFromLayers(
            space,
            outcome.results.map((r) => r.layerProfile ?? []),
            {
                seed,
                batch: options.batch,
                batches: options.batches,
                data: options.data.kind,
            },
        );
        if (profile.samples === 0) {
            void vscode.window.showErrorMessage(
                'L-SWAG: no architecture produced a gradient profile (see the engine log).',
            );
            return;
        }
        const { saveCalibration } = await import('../host/calibrationStore');
        const file = saveCalibration(profile, deps.storageDir);
        const bins = profile.profile.map(
            (v, k) =>
                `bin ${k}: ${v === null ? '-' : v.toFixed(3)} (${profile.layerCounts[k]} layers)`,
        );
        deps.output.info(
            `calibrated ${space} from ${profile.samples} architectures; window [${profile.window.join(', ')}]; ${bins.join('; ')}; saved to ${file}`,
        );
        deps.onSaved();
        const action = await vscode.window.showInformationMessage(
            `L-SWAG: window [${profile.window[0]}, ${profile.window[1]}] for ${space} from ${profile.samples} architectures.`,
            'Show Profile',
        );
        if (action) deps.output.show(true);
    } catch (e) {
        void vscode.window.showErrorMessage(
            `L-SWAG: calibration failed: ${e instanceof Error ? e.message : String(e)}`,
        );
    }
}

/** Windows saved by this command, by space (a file that does not parse is skipped). */
export function readStoredWindows(dir: string): Record<string, [number, number]> {
    const out: Record<string, [number, number]> = {};
    let files: string[];
    try {
        files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
        return out; // Nothing calibrated yet.
    }
    for (const f of files) {
        try {
            const p = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {
                space?: unknown;
                window?: unknown;
            };
            const w = p.window;
            if (
                typeof p.space === 'string' &&
                Array.isArray(w) &&
                w.length === 2 &&
                w.every(Number.isInteger)
            ) {
                out[p.space] = [w[0] as number, w[1] as number];
            }
        } catch {
            continue;
        }
    }
    return out;
}
