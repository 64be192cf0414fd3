// The pruning-based training-free search in the DARTS space (TE-NAS, Chen et al. 2021, with a
// zero-cost objective): start from the supernet with every op on every edge (mixed op = sum), and
// in each round remove, on every edge at once, the op whose removal hurts the objective least
// (the candidate supernet without it scores highest) until one op per edge is left; then keep per
// node the 2 input edges whose removal hurts most, as DARTS derives its genotype.
// Pure: the state is replayed from the scores recorded so far, so a killed run resumes exactly.
import { DARTS_NODES, DARTS_OPS, type DartsEdge, type DartsGenotype } from '../spec/dartsGenotype';
import type { ScoreResult } from '../spec/scoreResult';
import type { DartsSupernetSpec } from '../spec/spec';
import { SUPERNET_EDGES } from '../spaces/dartsSupernet';
import { presetScore } from '../libra/preset';
import type { Objective } from './objective';

export interface PruneSettings {
    readonly objective: Objective;
    /** The supernet's C and cells: a reduced width keeps a search within an hour on a CPU. */
    readonly channels: number;
    readonly layers: number;
    readonly imageSize: number;
    readonly classes: number;
}

/**
 * C = 4 and 3 cells: with the gated supernet (gatedSupernet.ts) a full run of 780 candidates takes
 * about 20 minutes here (docs/spaces-nb101-darts.md), inside the hour the search is meant to fit.
 */
export const PRUNE_DEFAULTS = { channels: 4, layers: 3, imageSize: 32, classes: 10 } as const;

/**
 * The probe a pruning search scores each supernet with unless --batch/--batches say otherwise.
 * Why smaller than scoring's B = 64: a search scores 780 supernets of ~15,000 graph nodes each, and
 * the run grows with B (docs/spaces-nb101-darts.md has the measured cost per setting).
 */
export const PRUNE_PROBE_DEFAULTS = { batch: 8, batches: 2 } as const;

type CellKind = 'normal' | 'reduce';
const CELLS: readonly CellKind[] = ['normal', 'reduce'];

/** Op sets per edge of both cells. */
export interface SupernetState {
    readonly normal: readonly (readonly number[])[];
    readonly reduce: readonly (readonly number[])[];
}

export interface PruneCandidate {
    readonly key: string;
    readonly spec: DartsSupernetSpec;
    readonly cell: CellKind;
    readonly edge: number;
    /** The op removed from the edge, or 'edge' when the whole edge is (the final edge choice). */
    readonly removed: number | 'edge';
}

export type PrunePlan =
    | {
          readonly done: false;
          readonly round: number;
          readonly state: SupernetState;
          readonly candidates: readonly PruneCandidate[];
          readonly missing: readonly PruneCandidate[];
      }
    | { readonly done: true; readonly rounds: number; readonly genotype: DartsGenotype };

export const fullSupernet = (): SupernetState => {
    const all = () => SUPERNET_EDGES.map(() => DARTS_OPS.map((_, k) => k));
    return { normal: all(), reduce: all() };
};

/** Canonical text of a state: per cell, each edge's op indices ('-' when empty). */
export function supernetKey(s: SupernetState): string {
    const cell = (edges: readonly (readonly number[])[]) =>
        edges.map((ops) => (ops.length ? ops.join('') : '-')).join('.');
    return `supernet:${cell(s.normal)}|${cell(s.reduce)}`;
}

function withEdge(
    s: SupernetState,
    cell: CellKind,
    edge: number,
    ops: readonly number[],
): SupernetState {
    const edges = s[cell].map((e, i) => (i === edge ? ops : e));
    return cell === 'normal' ? { ...s, normal: edges } : { ...s, reduce: edges };
}

function candidate(
    settings: PruneSettings,
    s: SupernetState,
    cell: CellKind,
    edge: number,
    removed: number | 'edge',
): PruneCandidate {
    const ops = removed === 'edge' ? [] : s[cell][edge].filter((k) => k !== removed);
    const next = withEdge(s, cell, edge, ops);
    const key = supernetKey(next);
    return {
        key,
        cell,
        edge,
        removed,
        spec: {
            family: 'darts-supernet',
            name: key,
            normal: next.normal,
            reduce: next.reduce,
            channels: settings.channels,
            layers: settings.layers,
            imageSize: settings.imageSize,
            classes: settings.classes,
        },
    };
}

/** Objective value per candidate; LIBRA ranks are taken within the round's candidates. */
function values(o: Objective, results: readonly ScoreResult[]): number[] {
    if (o.kind === 'proxy') return results.map((r) => r.scores[o.proxy] ?? -Infinity);
    return presetScore(
        { picks: o.picks, weights: o.weights },
        results.map((r) => r.scores),
    );
}

/** Where the search stands given the results scored so far (by candidate key). */
export function planPrune(
    settings: PruneSettings,
    results: ReadonlyMap<string, ScoreResult>,
): PrunePlan {
    let state = fullSupernet();
    for (let round = 0; ; round++) {
        const opsPhase = CELLS.some((c) => state[c].some((ops) => ops.length > 1));
        const candidates: PruneCandidate[] = [];
        for (const cell of CELLS)
            state[cell].forEach((ops, edge) => {
                if (opsPhase) {
                    if (ops.length > 1)
                        for (const k of ops)
                            candidates.push(candidate(settings, state, cell, edge, k));
                } else if (SUPERNET_EDGES[edge].node > 0) {
                    candidates.push(candidate(settings, state, cell, edge, 'edge')); // nodes with > 2 inputs
                }
            });
        const missing = candidates.filter((c) => !results.has(c.key));
        if (missing.length > 0) return { done: false, round, state, candidates, missing };
        const v = values(
            settings.objective,
            candidates.map((c) => results.get(c.key)!),
        );
        const scored = candidates.map((c, i) => ({ c, v: Number.isNaN(v[i]) ? -Infinity : v[i] }));
        if (opsPhase) {
            for (const cell of CELLS)
                state[cell].forEach((_, edge) => {
                    const mine = scored.filter((x) => x.c.cell === cell && x.c.edge === edge);
                    if (mine.length === 0) return;
                    // The removal that keeps the objective highest hurts least; ties: the lower op index.
                    const best = mine.reduce((a, b) => (b.v > a.v ? b : a));
                    state = withEdge(
                        state,
                        cell,
                        edge,
                        state[cell][edge].filter((k) => k !== best.c.removed),
                    );
                });
            continue;
        }
        return { done: true, rounds: round + 1, genotype: chooseEdges(state, scored) };
    }
}

/** Per node the 2 inputs whose removal lowers the objective most (node 0 has exactly 2). */
function chooseEdges(
    state: SupernetState,
    scored: readonly { c: PruneCandidate; v: number }[],
): DartsGenotype {
    const cellEdges = (cell: CellKind): DartsEdge[] => {
        const edges: DartsEdge[] = [];
        for (let node = 0; node < DARTS_NODES; node++) {
            const incoming = SUPERNET_EDGES.map((e, i) => ({ ...e, i })).filter(
                (e) => e.node === node,
            );
            const harm = (i: number) =>
                scored.find((x) => x.c.cell === cell && x.c.edge === i)?.v ?? -Infinity;
            const kept =
                node === 0
                    ? incoming
                    : [...incoming]
                          .sort((a, b) => harm(a.i) - harm(b.i) || a.from - b.from)
                          .slice(0, 2);
            for (const e of kept.sort((a, b) => a.from - b.from))
                edges.push([DARTS_OPS[state[cell][e.i][0]], e.from]);
        }
        return edges;
    };
    return {
        normal: cellEdges('normal'),
        normalConcat: [2, 3, 4, 5],
        reduce: cellEdges('reduce'),
        reduceConcat: [2, 3, 4, 5],
    };
}

/** Evaluations a full pruning run makes: per round every op of every edge with > 1 op, then the edge round. */
export function pruneEvaluations(): number {
    const perCell = SUPERNET_EDGES.length;
    let n = 0;
    for (let ops = DARTS_OPS.length; ops > 1; ops--) n += 2 * perCell * ops;
    return n + 2 * SUPERNET_EDGES.filter((e) => e.node > 0).length;
}
