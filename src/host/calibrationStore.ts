// Where calibrated L-SWAG windows live for the CLI: $LSWAG_HOME/calibration/<space>.json (default
// ~/.lswag), falling back to the profiles shipped in media/calibration/.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CalibrationProfile } from '../core/proxies/calibration';
import { SPACE_IDS, type SpaceId } from '../core/spec/spaceId';
import { shippedMediaDir, userDir } from './lswagDirs';

export function userCalibrationDir(): string {
    return userDir('calibration');
}

export function saveCalibration(profile: CalibrationProfile, dir = userCalibrationDir()): string {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${profile.space}.json`);
    // Why: write then rename, so a kill never leaves a half-written profile behind.
    writeFileSync(`${file}.tmp`, `${JSON.stringify(profile, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    return file;
}

export function loadCalibration(
    space: SpaceId,
): (CalibrationProfile & { file: string }) | undefined {
    for (const dir of [userCalibrationDir(), shippedMediaDir('calibration')]) {
        const file = path.join(dir, `${space}.json`);
        if (!existsSync(file)) continue;
        try {
            return { ...(JSON.parse(readFileSync(file, 'utf8')) as CalibrationProfile), file };
        } catch {
            continue; // A corrupt user file falls back to the shipped one.
        }
    }
    return undefined;
}

/** Calibrated windows of every space that has a profile. */
export function calibratedWindows(): Record<string, [number, number]> {
    const out: Record<string, [number, number]> = {};
    for (const space of SPACE_IDS) {
        const c = loadCalibration(space);
        if (c) out[space] = [c.window[0], c.window[1]];
    }
    return out;
}
