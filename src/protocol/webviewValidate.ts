// Runtime check of every message a webview posts to the host (webview.ts declares them). Webview
// content is untrusted input: a malformed or unknown message is rejected with a reason, never cast.
import type { WebviewToHostMessage } from './webview';

/** A checked message, or why it was rejected. */
export type ValidatedWebviewMessage =
    | { readonly ok: true; readonly message: WebviewToHostMessage }
    | { readonly ok: false; readonly reason: string };

/** Longest accepted `source` (a path and a line); longer ones are rejected, not cut. */
export const MAX_SOURCE_LENGTH = 4096;
/** Longest accepted accuracy column name (file column headers are short). */
export const MAX_COLUMN_LENGTH = 256;

/** The fields besides `type` that each message carries. */
const fieldsOf: Readonly<Record<WebviewToHostMessage['type'], readonly string[]>> = {
    ready: [],
    openSource: ['source'],
    exportCsv: [],
    exportJson: [],
    useLibra: ['column'],
};

function describe(v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'an array';
    if (typeof v === 'string') return `'${v.slice(0, 40)}'`;
    return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}

/** Checks a message posted by a webview: known type, exactly its fields, each of the right kind. */
export function validateWebviewMessage(x: unknown): ValidatedWebviewMessage {
    const fail = (reason: string) => ({ ok: false, reason }) as const;
    if (typeof x !== 'object' || x === null || Array.isArray(x))
        return fail(`a message must be an object, not ${describe(x)}`);
    const m = x as Record<string, unknown>;
    const type = m.type;
    if (typeof type !== 'string' || !Object.hasOwn(fieldsOf, type))
        return fail(`unknown message type ${describe(type)}`);
    const allowed = fieldsOf[type as WebviewToHostMessage['type']];
    const extra = Object.keys(m).filter((k) => k !== 'type' && !allowed.includes(k));
    if (extra.length > 0) return fail(`${type}: unexpected field ${extra[0]}`);
    if (type === 'openSource') {
        const s = m.source;
        if (typeof s !== 'string' || s.length === 0)
            return fail(`openSource: source must be a non-empty string, not ${describe(s)}`);
        if (s.length > MAX_SOURCE_LENGTH)
            return fail(`openSource: source is longer than ${MAX_SOURCE_LENGTH} characters`);
        if (s.includes('\0')) return fail('openSource: source holds a NUL character');
        return { ok: true, message: { type, source: s } };
    }
    if (type === 'useLibra') {
        const c = m.column;
        if (typeof c !== 'string' || c.length === 0)
            return fail(`useLibra: column must be a non-empty string, not ${describe(c)}`);
        if (c.length > MAX_COLUMN_LENGTH)
            return fail(`useLibra: column is longer than ${MAX_COLUMN_LENGTH} characters`);
        // Why: a column name is shown in prompts and saved in a preset; control characters have no place.
        if (/[\u0000-\u001f\u007f]/.test(c))
            return fail('useLibra: column holds a control character');
        return { ok: true, message: { type, column: c } };
    }
    return { ok: true, message: { type } as WebviewToHostMessage };
}
