// Where the CLI keeps its own files ($LSWAG_HOME/<name>, default ~/.lswag) and finds the ones the
// package ships (media/<name>), one rule for presets and calibration profiles alike.
import os from 'node:os';
import path from 'node:path';

/** $LSWAG_HOME/<name> (default ~/.lswag/<name>). */
export function userDir(name: string): string {
    return path.join(process.env.LSWAG_HOME ?? path.join(os.homedir(), '.lswag'), name);
}

/** media/<name> next to the bundle (dist/../media) or the source tree (src/host/../../media). */
export function shippedMediaDir(name: string): string {
    return path.resolve(__dirname, '..', __filename.endsWith('.ts') ? '..' : '', 'media', name);
}
