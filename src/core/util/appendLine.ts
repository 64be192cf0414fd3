// Appends one line to a JSON-lines file so that it is either all there or not there at all: a
// write that fails part-way (disk full) is cut back off, so later appends never extend a torn line.
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/** Appends `line` (which must end with a newline); throws the write's error after undoing a partial write. */
export function appendLine(file: string, line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    const fd = openSync(file, 'a');
    try {
        const before = fstatSync(fd).size;
        let written = 0;
        try {
            while (written < bytes.length) written += writeSync(fd, bytes, written);
        } catch (e) {
            // Why the size check: with O_APPEND another process may have appended since; only a file
            // that ends in our own partial write is cut, never someone else's record.
            if (written > 0 && fstatSync(fd).size === before + written) {
                try {
                    ftruncateSync(fd, before);
                } catch {
                    // The file stays torn at its end; readers cut a last line without its newline.
                }
            }
            throw e;
        }
    } finally {
        closeSync(fd);
    }
}
