// Reading a file the user named without trusting it: only a regular file is read (a FIFO would block
// forever, a device or a socket never ends), and the size limit is enforced while reading, because
// `stat().size` says nothing about /dev/zero or /proc files and a file may grow while it is read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** A file that is not a regular file, or is larger than allowed: the message is for the user. */
export class FileReadError extends Error {}

/** What kind of thing `s` is, in words, when it is not a regular file. */
export function notRegularKind(s: Stats): string | undefined {
    if (s.isFile()) return undefined;
    if (s.isDirectory()) return 'a folder';
    if (s.isFIFO()) return 'a FIFO (named pipe)';
    if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
    if (s.isSocket()) return 'a socket';
    return 'not a regular file';
}

const notRegular = (file: string, what: string, kind: string) =>
    new FileReadError(`${file} is ${kind}, not a regular file; ${what} must be a regular file`);
const tooLarge = (file: string, what: string, limit: number) =>
    new FileReadError(
        `${file} is larger than ${formatBytes(limit)}; ${what} is read only up to that size`,
    );

export function formatBytes(n: number): string {
    return n >= 2 ** 20 ? `${Math.round(n / 2 ** 20)} MiB` : `${Math.round(n / 1024)} KiB`;
}

// Why O_NONBLOCK: opening a FIFO for reading blocks until a writer appears; non-blocking, the open
// returns at once and fstat says it is a FIFO. Regular files ignore the flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const CHUNK = 1024 * 1024;

/** The whole file, if it is a regular file of at most `limit` bytes; else FileReadError. `what` names it in messages. */
export function readRegularFileBounded(file: string, limit: number, what = 'the file'): Buffer {
    const fd = openSync(file, OPEN_FLAGS);
    try {
        const kind = notRegularKind(fstatSync(fd));
        if (kind) throw notRegular(file, what, kind);
        const chunks: Buffer[] = [];
        let total = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
            const n = readSync(fd, chunk, 0, chunk.length, null);
            if (n === 0) break;
            chunks.push(chunk.subarray(0, n));
            total += n;
            if (total > limit) throw tooLarge(file, what, limit);
        }
        return Buffer.concat(chunks, total);
    } finally {
        closeSync(fd);
    }
}

/** The async twin of readRegularFileBounded (the data readers run inside the worker's event loop). */
export async function readRegularFileBoundedAsync(
    file: string,
    limit: number,
    what = 'the file',
): Promise<Buffer> {
    const handle = await open(file, OPEN_FLAGS);
    try {
        const kind = notRegularKind(await handle.stat());
        if (kind) throw notRegular(file, what, kind);
        const chunks: Buffer[] = [];
        let total = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
            const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
            if (bytesRead === 0) break;
            chunks.push(chunk.subarray(0, bytesRead));
            total += bytesRead;
            if (total > limit) throw tooLarge(file, what, limit);
        }
        return Buffer.concat(chunks, total);
    } finally {
        await handle.close();
    }
}
