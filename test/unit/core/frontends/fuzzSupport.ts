// Shared fuzzing for the text front ends: seeded mutations, pathological inputs, and the checks
// every result must pass (no throw, ranges inside the text, unique names, no hang).
import { HANG_MS_IN_SUITE } from '../../../fuzz/harness';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { FrontendResult, SourceRange } from '../../../../src/core/spec/spec';
import type { Rng } from '../../../../src/core/util/rng';

/** Random mutations per front end; raise with LSWAG_FUZZ_ITERATIONS for a long run. */
export const FUZZ_ITERATIONS = Number(process.env.LSWAG_FUZZ_ITERATIONS ?? 300);
/**
 * A hang guard, not a speed check (speeds belong to benchmarks): the suite runs on a shared 2-core
 * machine where a 0.5 s input took 1.3 s under load. The max per input is reported as a diagnostic;
 * `bench/fuzz.ts` reports the 1 s promise on long runs.
 */
export const MAX_MS_PER_INPUT = HANG_MS_IN_SUITE;

/** Values swapped into files: wrong types, huge and odd numbers, YAML/JSON/CSV syntax. */
export const WRONG_VALUES = [
    '1e308',
    '1e9',
    '-1',
    '0',
    '2.5',
    '1e-400',
    '0x1F',
    '.inf',
    '.nan',
    '"x"',
    "'y'",
    'true',
    'null',
    '~',
    '[]',
    '{}',
    '[[[',
    '{{',
    ']]',
    '*a',
    '&a',
    '!!binary',
    '"',
    "'",
    ',',
    '|',
    '+',
    '#',
    ': ',
    '- ',
    '\t',
    '\r',
    '\n',
    '\0',
    'é',
    '😀',
    '\uD800',
];

/** Line lengths as VS Code counts lines (LF, CRLF, CR). */
function lineLengths(text: string): number[] {
    return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertInside(range: SourceRange, lengths: readonly number[], what: string): void {
    const { start, end } = range;
    for (const p of [start, end]) {
        assert.ok(
            Number.isInteger(p.line) && p.line >= 0 && p.line < lengths.length,
            `${what}: line ${p.line}`,
        );
        assert.ok(
            Number.isInteger(p.character) && p.character >= 0 && p.character <= lengths[p.line],
            `${what}: character ${p.character}`,
        );
    }
    const ordered =
        start.line < end.line || (start.line === end.line && start.character <= end.character);
    assert.ok(ordered, `${what}: start after end`);
}

/** The invariants of every front-end result. */
export function checkResult(text: string, result: FrontendResult): void {
    const lengths = lineLengths(text);
    for (const d of result.diagnostics) {
        assert.ok(['error', 'warning', 'info'].includes(d.severity) && d.message.length > 0);
        assertInside(d.range, lengths, `diagnostic '${d.message}'`);
    }
    for (const s of result.specs) if (s.source) assertInside(s.source, lengths, `spec ${s.name}`);
    assert.equal(
        new Set(result.specs.map((s) => s.name)).size,
        result.specs.length,
        'names are unique',
    );
    assert.doesNotThrow(() => JSON.stringify(result), 'results are plain data');
}

/** One random edit: replace characters, delete, duplicate lines, insert a run, swap a value, or truncate. */
export function mutate(rng: Rng, text: string, pieces: readonly string[] = WRONG_VALUES): string {
    const at = (): number => rng.int(text.length + 1);
    const piece = (): string => pieces[rng.int(pieces.length)];
    switch (rng.int(6)) {
        case 0: {
            const chars = [...text];
            for (let n = 1 + rng.int(8); n > 0; n--) chars[rng.int(chars.length)] = piece();
            return chars.join('');
        }
        case 1: {
            const start = at();
            return text.slice(0, start) + text.slice(start + 1 + rng.int(40));
        }
        case 2: {
            const lines = text.split('\n');
            const i = rng.int(lines.length);
            lines.splice(i, 0, ...new Array<string>(1 + rng.int(3)).fill(lines[i]));
            return lines.join('\n');
        }
        case 3: {
            const start = at();
            return text.slice(0, start) + piece().repeat(1 + rng.int(50)) + text.slice(start);
        }
        case 4: {
            const tokens = [...text.matchAll(/[\w.+-]+/g)];
            if (tokens.length === 0) return text;
            const m = tokens[rng.int(tokens.length)];
            return text.slice(0, m.index) + piece() + text.slice(m.index + m[0].length);
        }
        default:
            return text.slice(0, at());
    }
}

/** Every prefix of a (small) text. */
export function truncations(text: string): string[] {
    return Array.from({ length: text.length + 1 }, (_, i) => text.slice(0, i));
}

/** Inputs that stress parsers whatever their format: deep nesting, long lines, floods of syntax. */
export function pathologicalTexts(): string[] {
    return [
        '['.repeat(10_000),
        '{'.repeat(10_000),
        '['.repeat(10_000) + ']'.repeat(10_000),
        '- '.repeat(10_000) + 'x',
        '"'.repeat(100_001),
        'x'.repeat(1_000_000),
        `a: ${'b'.repeat(1_000_000)}`,
        '\r'.repeat(10_000),
        '\r\n'.repeat(10_000),
        ': :\n'.repeat(5_000),
        '\0\uFEFF\uD800',
        `name: ${'1'.repeat(400)}`,
    ];
}

export interface FuzzStats {
    inputs: number;
    maxMs: number;
    slowest: string;
}

/** Runs `read` on every input, checking invariants and time; reports the count and the max time. */
export function fuzz(
    t: TestContext,
    label: string,
    inputs: Iterable<string>,
    read: (text: string) => FrontendResult,
): FuzzStats {
    const stats: FuzzStats = { inputs: 0, maxMs: 0, slowest: '' };
    for (const text of inputs) {
        const t0 = performance.now();
        let result: FrontendResult;
        try {
            result = read(text);
        } catch (e) {
            assert.fail(
                `${label} threw on ${JSON.stringify(text.slice(0, 200))}: ${e instanceof Error ? e.stack : e}`,
            );
        }
        const ms = performance.now() - t0;
        checkResult(text, result);
        stats.inputs++;
        if (ms > stats.maxMs) Object.assign(stats, { maxMs: ms, slowest: text.slice(0, 60) });
        assert.ok(
            ms < MAX_MS_PER_INPUT,
            `${label}: ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 80))}`,
        );
    }
    t.diagnostic(
        `${label}: ${stats.inputs} inputs, max ${stats.maxMs.toFixed(1)} ms per input (${JSON.stringify(stats.slowest)})`,
    );
    return stats;
}
