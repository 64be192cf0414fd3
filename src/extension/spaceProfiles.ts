// The calibration profile the rankings panel plots for a search space: the one calibrated in VS Code
// (global storage) first, as scoring uses it, else the CLI's (~/.lswag) or the shipped one. No vscode.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CalibrationProfile } from '../core/proxies/calibration';
import type { SpaceId } from '../core/spec/spaceId';
import { loadCalibration, userCalibrationDir } from '../host/calibrationStore';
import type { CalibrationPayload } from '../protocol/webview';

const isBinValue = (v: unknown): boolean =>
    v === null || (typeof v === 'number' && Number.isFinite(v));

/** The parts the panel draws, or undefined when the file does not hold a usable profile. */
export function payloadOf(p: unknown, origin: string): CalibrationPayload | undefined {
    const c = p as Partial<CalibrationProfile> | null;
    if (typeof c !== 'object' || c === null || typeof c.space !== 'string') return undefined;
    const { profile, window, layerCounts } = c;
    if (!Array.isArray(profile) || profile.length === 0 || !profile.every(isBinValue))
        return undefined;
    const isBin = (v: unknown) =>
        Number.isInteger(v) && (v as number) >= 0 && (v as number) < profile.length;
    if (
        !Array.isArray(window) ||
        window.length !== 2 ||
        !window.every(isBin) ||
        window[0] > window[1]
    )
        return undefined;
    const counts =
        Array.isArray(layerCounts) && layerCounts.length === profile.length ? layerCounts : [];
    return {
        space: c.space,
        profile,
        layerCounts: counts.map((n) => (Number.isFinite(n) ? n : 0)),
        window: [window[0], window[1]],
        samples: Number.isFinite(c.samples) ? c.samples! : 0,
        origin,
        rule: typeof c.rule === 'string' ? c.rule : '',
    };
}

/** The profile of `space`: `storageDir/<space>.json` (VS Code's calibration), else the CLI's or shipped one. */
export async function loadSpaceProfile(
    space: SpaceId,
    storageDir: string,
): Promise<CalibrationPayload | undefined> {
    try {
        const text = await readFile(path.join(storageDir, `${space}.json`), 'utf8');
        const own = payloadOf(JSON.parse(text), 'calibrated in VS Code');
        if (own) return own;
    } catch {
        // Not calibrated in VS Code (or unreadable): the CLI's or the shipped profile applies.
    }
    const other = loadCalibration(space);
    if (!other) return undefined;
    const isUsers = path.dirname(other.file) === userCalibrationDir();
    return payloadOf(
        other,
        isUsers ? `calibrated by the CLI (${other.file})` : 'shipped with the extension',
    );
}
