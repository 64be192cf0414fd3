// Reads NAS-Bench-Suite-Zero's zc_nasbench201.json, which Python wrote with bare NaN and +-Infinity
// (not JSON): those become null. Keys are NASLib op-index tuples, mapped to our cell strings.
import { readFileSync } from 'node:fs';
import { cellFromNaslib } from '../../src/core/spec/nb201Cell';

export type NaslibEntry = Record<string, { score: number | null } | number | string>;

export function readNaslibTable(file: string, dataset: string): Map<string, NaslibEntry> {
    const text = readFileSync(file, 'utf8').replace(/-?Infinity|NaN/g, 'null');
    const table = JSON.parse(text) as Record<string, Record<string, NaslibEntry>>;
    if (!table[dataset])
        throw new Error(
            `${file} has no dataset '${dataset}' (found ${Object.keys(table).join(', ')})`,
        );
    const tuple = (key: string) =>
        key
            .replace(/[()\s]/g, '')
            .split(',')
            .map(Number);
    return new Map(
        Object.entries(table[dataset]).map(([key, v]) => [cellFromNaslib(tuple(key)), v]),
    );
}
