// What the extension does with `lswag.queue` (no vscode here, so it is tested as plain code): a URL
// with a password goes to the secrets store and the setting keeps only its redacted form; a redacted
// setting is completed from the store when the stored URL redacts to the same text.
import { parseRedisUrl, redactedUrl } from './redisUrl';

export interface QueueSettingPlan {
    /** The URL to connect with; undefined = score locally. */
    readonly url?: string;
    /** Store this full URL in the secrets store. */
    readonly storeSecret?: string;
    /** Rewrite the setting to this (the redacted URL). */
    readonly rewriteSetting?: string;
    /** Why the setting cannot be used (shown once; scoring stays local). */
    readonly problem?: string;
}

export function planQueueSetting(
    setting: string,
    storedSecret: string | undefined,
): QueueSettingPlan {
    const value = setting.trim();
    if (value === '') return {};
    if (value.includes('***')) {
        if (storedSecret !== undefined && redactedUrl(storedSecret) === value)
            return { url: storedSecret };
        return {
            problem: `lswag.queue is ${value}, but its password is not in this machine's secret storage; set lswag.queue to the full URL once (it is stored as a secret and the setting redacted)`,
        };
    }
    let hasPassword: boolean;
    try {
        hasPassword = parseRedisUrl(value, 'lswag.queue').hasPassword;
    } catch (e) {
        return { problem: (e as Error).message };
    }
    if (!hasPassword) return { url: value };
    return { url: value, storeSecret: value, rewriteSetting: redactedUrl(value) };
}
