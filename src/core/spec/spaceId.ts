// The search spaces' ids: shared vocabulary of search, LIBRA presets, calibration and the hosts, so
// it lives with the specs (below every user) rather than in core/search.

/** A search space of docs/search.md: NAS-Bench-201/101 cells, DARTS (NB301) genotypes or AutoFormer-T/S/B ViTs. */
export type SpaceId =
    'nb201' | 'nb101' | 'darts' | 'autoformer-t' | 'autoformer-s' | 'autoformer-b';

/** The cell-based spaces of docs/spaces-nb101-darts.md (their genomes are not AutoFormer configs). */
export type CellSpaceId = 'nb201' | 'nb101' | 'darts';
export const isCellSpace = (s: SpaceId): s is CellSpaceId =>
    s === 'nb201' || s === 'nb101' || s === 'darts';

/** Every space, in the order menus and help texts list them. */
export const SPACE_IDS: readonly SpaceId[] = [
    'nb201',
    'nb101',
    'darts',
    'autoformer-t',
    'autoformer-s',
    'autoformer-b',
];
