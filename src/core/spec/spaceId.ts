// The search spaces' ids: shared vocabulary of search, LIBRA presets, calibration and the hosts, so
// it lives with the specs (below every user) rather than in core/search.

/** A search space of docs/search.md: NAS-Bench-201 cells or AutoFormer-T/S/B ViTs. */
export type SpaceId = 'nb201' | 'autoformer-t' | 'autoformer-s' | 'autoformer-b';

/** Every space, in the order menus and help texts list them. */
export const SPACE_IDS: readonly SpaceId[] = [
    'nb201',
    'autoformer-t',
    'autoformer-s',
    'autoformer-b',
];
