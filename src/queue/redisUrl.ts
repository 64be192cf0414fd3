// A Redis URL as the queue options take it (`redis://[user:password@]host:port[/db]`, `rediss://` for
// TLS): ioredis connection options, and the URL with its credentials hidden. Every message that names
// the queue uses the redacted form; `redact` also scrubs the password out of any other text.
import { UserInputError } from '../host/errors';

export interface RedisTarget {
    /** Options for ioredis (BullMQ passes them on). */
    readonly connection: {
        readonly host: string;
        readonly port: number;
        readonly db: number;
        readonly username?: string;
        readonly password?: string;
        readonly tls?: { readonly servername: string };
    };
    /** The URL with user and password replaced by `***`: safe to print. */
    readonly redacted: string;
    readonly hasPassword: boolean;
    /** Replaces the credentials wherever they occur in `text` (an error message from a driver). */
    redact(text: string): string;
}

const DEFAULT_PORT = 6379;

/** Reads `--queue URL` / `lswag.queue`; a bad URL is a UserInputError that never echoes a password. */
export function parseRedisUrl(url: string, label = '--queue'): RedisTarget {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        // Why not quote the value: it may hold a password.
        throw new UserInputError(`${label} must be a URL like redis://HOST:PORT[/DB] or rediss://`);
    }
    const isTls = parsed.protocol === 'rediss:';
    const redacted = redactUrl(parsed);
    if (!isTls && parsed.protocol !== 'redis:')
        throw new UserInputError(`${label} must start with redis:// or rediss://, got ${redacted}`);
    if (parsed.hostname === '') throw new UserInputError(`${label} names no host: ${redacted}`);
    const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port);
    const dbText = parsed.pathname.replace(/^\//, '');
    const db = dbText === '' ? 0 : Number(dbText);
    if (!/^\d*$/.test(dbText) || !Number.isInteger(db) || db > 15)
        throw new UserInputError(`${label}: the database must be a number 0-15, in ${redacted}`);
    if (parsed.search !== '' || parsed.hash !== '')
        throw new UserInputError(`${label} takes no query or fragment: ${redacted}`);
    const username = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const secrets = [password, parsed.password].filter((s) => s.length >= 1);
    return {
        connection: {
            host,
            port,
            db,
            ...(username ? { username } : {}),
            ...(password ? { password } : {}),
            ...(isTls ? { tls: { servername: host } } : {}),
        },
        redacted,
        hasPassword: password.length > 0,
        redact: (text) =>
            secrets.reduce(
                (t, secret) => t.split(secret).join('***'),
                text.split(url).join(redacted),
            ),
    };
}

function redactUrl(parsed: URL): string {
    const copy = new URL(parsed.href);
    if (copy.username) copy.username = '***';
    if (copy.password) copy.password = '***';
    return copy.href.replace(/\/$/, '');
}

/** The URL with its password (and user) hidden, for settings and messages; unparsable text is hidden whole. */
export function redactedUrl(url: string): string {
    try {
        return redactUrl(new URL(url));
    } catch {
        return '(a URL that cannot be read)';
    }
}
