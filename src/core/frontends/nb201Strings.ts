// Finds NAS-Bench-201 cell strings in any text (notes, code, logs): each valid one is an nb201 spec
// with the benchmark's skeleton at the string's exact range; a near miss is an error at its bad part.
import { NB201_DATASETS, NB201_DEFAULTS } from '../spec/defaults';
import { CELL_PATTERN, NB201_OPS } from '../spec/nb201Cell';
import type { FrontendResult, Nb201Spec } from '../spec/spec';
import { ARCH_LIMITS } from './archLimits';
import { LineIndex } from './lineIndex';
import { checkCell } from './nb201Fields';
import { Reporter, internalError } from './reporter';

const KNOWN_OP = new RegExp(`(?:^|\\|)(?:${NB201_OPS.join('|')})~`);

/**
 * A match that fails parseCell is reported only when it was clearly meant as a cell string: it has
 * a `+` between nodes or names a known op. Other `|word~1|` text (tables, shell) is left alone.
 */
function looksLikeCell(match: string): boolean {
    return match.includes('+') || KNOWN_OP.test(match);
}

export interface Nb201StringOptions {
    /** The dataset whose classes and image size the cells get (default cifar10). */
    readonly dataset?: string;
}

/**
 * Scans `text` for cell strings. Valid ones are named `nb201:<line>` (1-based), or
 * `nb201:<line>:<column>` for the second and later on one line.
 */
export function findNb201Strings(
    text: string,
    file: string,
    options: Nb201StringOptions = {},
): FrontendResult {
    let r: Reporter | undefined;
    try {
        r = Reporter.forFile(file, new LineIndex(text));
        const dataset = options.dataset ?? 'cifar10';
        if (!Object.hasOwn(NB201_DATASETS, dataset)) {
            const known = Object.keys(NB201_DATASETS).join(', ');
            r.error(
                { start: 0, end: 0 },
                `unknown dataset '${dataset}' (expected one of ${known})`,
            );
            return { specs: [], diagnostics: r.diagnostics };
        }
        const { classes, imageSize } = NB201_DATASETS[dataset];
        const specs = scan(text, r, { ...NB201_DEFAULTS, classes, imageSize });
        return { specs, diagnostics: r.diagnostics };
    } catch (e) {
        return {
            specs: [],
            diagnostics: [
                ...(r?.diagnostics ?? []),
                internalError(file, 'scanning for cell strings', e),
            ],
        };
    }
}

type Skeleton = Pick<Nb201Spec, 'classes' | 'imageSize' | 'channels' | 'cellsPerStage'>;

function scan(text: string, r: Reporter, skeleton: Skeleton): Nb201Spec[] {
    const specs: Nb201Spec[] = [];
    const pattern = new RegExp(CELL_PATTERN.source, 'g');
    let lastLine = -1;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        const cell = checkCell(m[0]);
        if (typeof cell !== 'string') {
            if (looksLikeCell(m[0])) {
                const from = start + cell.offset;
                r.error(
                    { start: from, end: from + Math.max(1, cell.length) },
                    `bad NB201 cell string: ${cell.message}`,
                );
            }
            continue;
        }
        if (specs.length >= ARCH_LIMITS.candidates) {
            r.warning(
                { start, end },
                `more than ${ARCH_LIMITS.candidates} cell strings; the rest are not listed`,
            );
            break;
        }
        const source = r.range({ start, end });
        const line = source.start.line;
        const name =
            line === lastLine
                ? `nb201:${line + 1}:${source.start.character + 1}`
                : `nb201:${line + 1}`;
        lastLine = line;
        specs.push({ family: 'nb201', name, source, cell, ...skeleton });
    }
    return specs;
}
