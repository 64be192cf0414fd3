// Finds DARTS genotypes (`Genotype(normal=[...], normal_concat=..., reduce=[...], reduce_concat=...)`)
// in any text: Python (DARTS' genotypes.py, search logs), markdown, notes. Each valid one is a darts
// spec in the NB301 evaluation network at the expression's exact range, named after the variable it
// is assigned to when there is one; a broken one is an error at its bad part.
import { DARTS_DEFAULTS } from '../spec/defaults';
import {
    GENOTYPE_START,
    GenotypeTextError,
    matchingParen,
    parseGenotype,
} from '../spec/genotypeText';
import type { DartsSpec, FrontendResult } from '../spec/spec';
import { ARCH_LIMITS } from './archLimits';
import { LineIndex } from './lineIndex';
import { Reporter, internalError } from './reporter';

/** `NAME = ` (or `NAME: Genotype = `) just before the expression. */
const ASSIGNED = /([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_.]+\s*)?=\s*$/;

export function findGenotypes(text: string, file: string): FrontendResult {
    let r: Reporter | undefined;
    try {
        const index = new LineIndex(text);
        r = Reporter.forFile(file, index);
        return { specs: scan(text, r), diagnostics: r.diagnostics };
    } catch (e) {
        return {
            specs: [],
            diagnostics: [
                ...(r?.diagnostics ?? []),
                internalError(file, 'scanning for genotypes', e),
            ],
        };
    }
}

function scan(text: string, r: Reporter): DartsSpec[] {
    const specs: DartsSpec[] = [];
    const names = new Set<string>();
    const pattern = new RegExp(GENOTYPE_START.source, 'g');
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        // Why: `Genotype(` inside a longer name (`MyGenotype(`) or a definition is not a genotype.
        let start = m.index;
        const qualified = /[A-Za-z_][A-Za-z0-9_]*\.$/.exec(
            text.slice(Math.max(0, start - 40), start),
        );
        if (qualified) start -= qualified[0].length;
        const open = m.index + m[0].length - 1;
        const end = matchingParen(text, open);
        const body = end < 0 ? text.slice(start) : text.slice(start, end);
        // A namedtuple definition or a call with other arguments is not meant as a genotype.
        if (!/\b(normal|reduce)\s*=|\[\s*\(/.test(body)) continue;
        if (end < 0) {
            r.error({ start, end: open + 1 }, 'bad DARTS genotype: unbalanced brackets');
            break;
        }
        pattern.lastIndex = end;
        let genotype;
        try {
            genotype = parseGenotype(body);
        } catch (e) {
            if (!(e instanceof GenotypeTextError)) throw e;
            const from = start + e.offset;
            r.error(
                { start: from, end: Math.min(end, from + Math.max(1, e.length)) },
                `bad DARTS genotype: ${e.message}`,
            );
            continue;
        }
        if (specs.length >= ARCH_LIMITS.candidates) {
            r.warning(
                { start, end },
                `more than ${ARCH_LIMITS.candidates} genotypes; the rest are not listed`,
            );
            break;
        }
        const source = r.range({ start, end });
        const lineStart = text.lastIndexOf('\n', start - 1) + 1;
        const assigned = ASSIGNED.exec(text.slice(lineStart, start))?.[1];
        let name = assigned ?? `darts:${source.start.line + 1}`;
        if (names.has(name))
            name = `${name}:${source.start.line + 1}:${source.start.character + 1}`;
        names.add(name);
        specs.push({ family: 'darts', name, source, genotype, ...DARTS_DEFAULTS });
    }
    return specs;
}
