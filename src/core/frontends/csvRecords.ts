// RFC 4180 CSV with offsets: quoted fields (doubled quotes, embedded line breaks), LF, CRLF or CR
// record ends, a leading BOM. Malformed quoting is reported and read leniently, never thrown.

export interface CsvField {
    /** The field's value, quotes removed and doubled quotes undone. */
    readonly text: string;
    /** File offsets of the field as written (including its quotes). */
    readonly start: number;
    readonly end: number;
    readonly quoted: boolean;
}

export interface CsvRecord {
    readonly fields: readonly CsvField[];
    readonly start: number;
    readonly end: number;
}

export interface CsvProblem {
    readonly severity: 'error' | 'warning';
    readonly message: string;
    readonly start: number;
    readonly end: number;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Splits `text` into records; blank lines are skipped. */
export function readCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
    const records: CsvRecord[] = [];
    const problems: CsvProblem[] = [];
    let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (at < text.length) {
        const c = text.charCodeAt(at);
        if (c === LF || c === CR) {
            at++;
            continue;
        }
        const start = at;
        const fields: CsvField[] = [];
        for (;;) {
            const field =
                text.charCodeAt(at) === QUOTE
                    ? quotedField(text, at, problems)
                    : plainField(text, at, problems);
            fields.push(field);
            at = field.end;
            if (text.charCodeAt(at) !== COMMA) break;
            at++;
        }
        records.push({ fields, start, end: at });
        if (text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF) at++;
        at++;
    }
    return { records, problems };
}

function plainField(text: string, start: number, problems: CsvProblem[]): CsvField {
    let at = start;
    let quoteAt = -1;
    for (; at < text.length; at++) {
        const c = text.charCodeAt(at);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE && quoteAt < 0) quoteAt = at;
    }
    if (quoteAt >= 0) {
        problems.push({
            severity: 'warning',
            message:
                'quote inside an unquoted field (quote the whole field and double inner quotes)',
            start: quoteAt,
            end: quoteAt + 1,
        });
    }
    return { text: text.slice(start, at), start, end: at, quoted: false };
}

function quotedField(text: string, start: number, problems: CsvProblem[]): CsvField {
    const parts: string[] = [];
    let from = start + 1;
    for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) {
            problems.push({
                severity: 'error',
                message: 'unterminated quoted field',
                start,
                end: start + 1,
            });
            parts.push(text.slice(from));
            return { text: parts.join(''), start, end: text.length, quoted: true };
        }
        parts.push(text.slice(from, close));
        if (text.charCodeAt(close + 1) === QUOTE) {
            parts.push('"');
            from = close + 2;
            continue;
        }
        let end = close + 1;
        const next = text.charCodeAt(end);
        if (end < text.length && next !== COMMA && next !== LF && next !== CR) {
            const rest = plainField(text, end, []);
            problems.push({
                severity: 'error',
                message: 'text after a closing quote (double quotes inside quoted fields)',
                start: end,
                end: rest.end,
            });
            parts.push(rest.text);
            end = rest.end;
        }
        return { text: parts.join(''), start, end, quoted: true };
    }
}

/** The file offset of character `i` of `field.text`. */
export function fieldOffset(field: CsvField, i: number): number {
    if (!field.quoted) return field.start + i;
    let quotes = 0;
    for (let k = 0; k < i && k < field.text.length; k++) {
        if (field.text.charCodeAt(k) === QUOTE) quotes++;
    }
    return Math.min(field.end, field.start + 1 + i + quotes);
}
