// What a scoring job takes from the search space of its architectures: the space they all share
// (whose SPACE_DEFAULTS apply) and the calibrated windows of the spaces they belong to.
import { spaceOf } from '../core/search/spaces';
import type { ArchitectureSpec } from '../core/spec/spec';
import type { SpaceId } from '../core/spec/spaceId';
import { calibratedWindows } from './calibrationStore';

/** The space of every spec, or undefined when they are of several spaces, of none, or absent. */
export function jobSpace(specs: readonly ArchitectureSpec[]): SpaceId | undefined {
    const spaces = new Set(specs.map(spaceOf));
    const [only] = spaces;
    return spaces.size === 1 ? only : undefined;
}

/**
 * The calibrated windows of the spaces `specs` belong to. Why only those: an evaluation's results
 * file records its options and a resumed run must match them, so calibrating another space between
 * two runs must not make an overnight evaluation start again.
 */
export function windowsOfSpaces(
    specs: readonly ArchitectureSpec[],
    all: Record<string, [number, number]> = calibratedWindows(),
): Record<string, [number, number]> {
    const spaces = new Set(specs.map(spaceOf));
    return Object.fromEntries(
        Object.entries(all).filter(([space]) => spaces.has(space as SpaceId)),
    );
}
