// The checks a run file's lines pass before a resumed search trusts them. A run file is a plain text
// file that people edit, copy between machines and truncate; every field the search reads later
// (ranking, planning, export) is checked here, so a bad line is reported by its number and skipped
// instead of crashing the search or being ranked with a forged score.
import { SPACE_IDS } from '../spec/spaceId';
import type { EvalRecord } from './objective';
import { type SearchSettings, generationCount } from './planner';
import type { GenerationRecord } from './runFileTypes';
import { AUTOFORMER_SPACES, type Genome, genomeKey } from './spaces';
import { NB101_MAX_VERTICES, NB101_OPS } from '../spec/nb101Cell';
import { type DartsGenome, dartsGenotypeOf } from './dartsGenome';
import { type Nb101Genome, isValidNb101 } from './nb101Genome';
import { NB201_OPS } from '../spec/nb201Cell';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min = 0): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min;
const isNumOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Why a header cannot be used, or undefined when every field the search reads has its type. */
export function headerProblem(h: unknown): string | undefined {
    if (!isObj(h) || h.kind !== 'lswag-search' || !isObj(h.settings))
        return "it is not an 'lswag search' run file";
    const s = h.settings;
    if (!SPACE_IDS.includes(s.space as never))
        return `settings.space must be one of ${SPACE_IDS.join(', ')}`;
    const o = s.objective;
    const objectiveOk =
        isObj(o) &&
        ((o.kind === 'proxy' && typeof o.proxy === 'string') ||
            (o.kind === 'libra' &&
                typeof o.name === 'string' &&
                isStrings(o.picks) &&
                (o.picks as unknown[]).length > 0 &&
                (o.weights === undefined ||
                    (Array.isArray(o.weights) &&
                        o.weights.length === (o.picks as unknown[]).length &&
                        o.weights.every((w) => typeof w === 'number' && Number.isFinite(w))))));
    if (!objectiveOk) return 'settings.objective is not a proxy or a LIBRA preset';
    if (!isInt(s.seed)) return 'settings.seed must be an integer of at least 0';
    if (typeof s.dataset !== 'string') return 'settings.dataset must be a text';
    if (s.within !== undefined && typeof s.within !== 'string')
        return 'settings.within must be a path';
    const b = s.budget;
    if (
        !isObj(b) ||
        [b.min, b.max].some((v) => v !== undefined && !(typeof v === 'number' && v >= 0))
    )
        return 'settings.budget must hold parameter counts min and max';
    const a = s.algorithm;
    const algorithmOk =
        isObj(a) &&
        isObj(a.options) &&
        ((a.kind === 'random' && isInt(a.options.samples, 1) && isInt(a.options.batchSize, 1)) ||
            (a.kind === 'evolution' &&
                ['population', 'generations', 'topK'].every((k) =>
                    isInt((a.options as Obj)[k], 1),
                ) &&
                ['mutations', 'crossovers'].every((k) => isInt((a.options as Obj)[k])) &&
                ['mutationProb', 'depthProb'].every(
                    (k) => typeof (a.options as Obj)[k] === 'number',
                )));
    if (!algorithmOk)
        return 'settings.algorithm is not an evolution or a random search with positive counts';
    const sc = h.score;
    if (
        !isObj(sc) ||
        !isStrings(sc.proxies) ||
        !isObj(sc.data) ||
        typeof sc.data.kind !== 'string' ||
        !isInt(sc.batch, 1) ||
        !isInt(sc.batches, 1) ||
        !isInt(sc.seed) ||
        !isInt(sc.psiSamples, 1) ||
        (sc.gradientMode !== 'batches' && sc.gradientMode !== 'perSample')
    )
        return 'score is not a set of scoring options';
    return undefined;
}

/** Why a genome does not belong to `space`, or undefined. */
export function genomeProblem(g: unknown, space: SearchSettings['space']): string | undefined {
    if (!isObj(g)) return 'no genome';
    if (g.space !== space) return `a genome of space ${JSON.stringify(g.space)}, not ${space}`;
    if (space === 'nb201') {
        const ops = g.ops;
        const ok =
            Array.isArray(ops) &&
            ops.length === 6 &&
            ops.every((op) => isInt(op) && op < NB201_OPS.length);
        return ok ? undefined : `nb201 genome ops must be 6 integers 0-${NB201_OPS.length - 1}`;
    }
    if (space === 'nb101') return nb101GenomeProblem(g);
    if (space === 'darts') return dartsGenomeProblem(g);
    const c = AUTOFORMER_SPACES[space];
    const maxDepth = Math.max(...c.depth);
    const listOk = (v: unknown, choices: readonly number[]) =>
        Array.isArray(v) && v.length === maxDepth && v.every((x) => choices.includes(x as number));
    if (!c.embedDim.includes(g.embedDim as number))
        return `embedDim ${JSON.stringify(g.embedDim)} is not one of ${c.embedDim.join(', ')}`;
    if (!c.depth.includes(g.depth as number))
        return `depth ${JSON.stringify(g.depth)} is not one of ${c.depth.join(', ')}`;
    if (!listOk(g.mlpRatio, c.mlpRatio))
        return `mlpRatio must be ${maxDepth} values of ${c.mlpRatio.join(', ')}`;
    if (!listOk(g.numHeads, c.numHeads))
        return `numHeads must be ${maxDepth} values of ${c.numHeads.join(', ')}`;
    return undefined;
}

function nb101GenomeProblem(g: Obj): string | undefined {
    const m = g.matrix;
    const shapeOk =
        Array.isArray(m) &&
        m.length === NB101_MAX_VERTICES &&
        m.every(
            (row) =>
                Array.isArray(row) &&
                row.length === NB101_MAX_VERTICES &&
                row.every((v) => v === 0 || v === 1),
        ) &&
        Array.isArray(g.ops) &&
        g.ops.length === NB101_MAX_VERTICES - 2 &&
        g.ops.every((op) => isInt(op) && op < NB101_OPS.length);
    if (!shapeOk)
        return `nb101 genome must be a 7x7 0/1 matrix and 5 op indices 0-${NB101_OPS.length - 1}`;
    return isValidNb101(g as unknown as Nb101Genome)
        ? undefined
        : 'nb101 genome is not a valid cell';
}

function dartsGenomeProblem(g: Obj): string | undefined {
    try {
        if (!Array.isArray(g.normal) || !Array.isArray(g.reduce)) throw new Error('no cells');
        dartsGenotypeOf(g as unknown as DartsGenome);
        return undefined;
    } catch (e) {
        return `darts genome is not a valid compact genotype (${(e as Error).message})`;
    }
}

/** Why a result cannot be ranked, or undefined: the fields ranking, tables and exports read. */
function resultProblem(r: unknown): string | undefined {
    if (!isObj(r)) return 'no result';
    if (!isObj(r.scores) || !Object.values(r.scores).every(isNumOrNull))
        return 'result.scores must map proxies to numbers or null';
    if (!isNumOrNull(r.params) || !isNumOrNull(r.flops))
        return 'result.params and result.flops must be numbers or null';
    if (!isStrings(r.errors)) return 'result.errors must be a list of texts';
    if (typeof r.name !== 'string') return 'result.name must be a text';
    return undefined;
}

export type CheckedLine =
    { readonly ok: EvalRecord | GenerationRecord } | { readonly problem: string };

/** One line after the header, checked against the run's settings (space, generation count). */
export function checkRunLine(line: unknown, settings: SearchSettings): CheckedLine {
    if (!isObj(line)) return { problem: 'not a record' };
    const generations = generationCount(settings);
    if (line.kind === 'generation') {
        const best = line.best;
        if (!isInt(line.index) || line.index >= generations)
            return { problem: `generation index must be 0-${generations - 1}` };
        if (!(
            best === null ||
            (isObj(best) && typeof best.key === 'string' && isNumOrNull(best.value))
        ))
            return { problem: 'generation best must be null or {key, value}' };
        if (!isNumOrNull(line.mean) || !isInt(line.scored))
            return { problem: 'generation mean and scored must be numbers' };
        return { ok: line as unknown as GenerationRecord };
    }
    if (line.kind !== 'eval')
        return { problem: `unknown record kind ${JSON.stringify(line.kind)}` };
    const genome = genomeProblem(line.genome, settings.space);
    if (genome) return { problem: genome };
    const key = genomeKey(line.genome as Genome);
    // Why: the key decides what is never re-scored; one that does not match its genome is forged or stale.
    if (line.key !== key)
        return { problem: `key ${JSON.stringify(line.key)} does not match its genome (${key})` };
    if (!isInt(line.generation) || line.generation >= generations)
        return { problem: `generation must be 0-${generations - 1}` };
    const result = resultProblem(line.result);
    if (result) return { problem: result };
    return { ok: line as unknown as EvalRecord };
}
