// The rankings page's explanations in words: the note on constant score columns and what the
// calibration chart shows. Pure (no DOM), so unit tests read the sentences directly.
import type { ConstantColumn } from '../../src/protocol/constantColumns';
import type { CalibrationPayload } from '../../src/protocol/webview';
import { formatCell } from './table';

/**
 * The note above the table when some columns are constant, or undefined when none is. Why a note:
 * a column that is the same everywhere orders nothing, so ranks and correlations from it mislead.
 */
export function constantNote(
    columns: readonly ConstantColumn[],
    rankBy: string,
    label: (proxy: string) => string,
): string | undefined {
    if (columns.length === 0) return undefined;
    const each = columns.map(
        (c) => `${label(c.proxy)} is ${formatCell(c.value)} for all ${formatCell(c.count)}`,
    );
    const isRankByConstant = columns.some((c) => c.proxy === rankBy);
    const plural = columns.length > 1;
    return (
        `Constant column${plural ? 's' : ''}: ${each.join('; ')} scored architectures, so ` +
        `${plural ? 'they order' : 'it orders'} nothing (a count proxy such as swap saturates ` +
        'when the batch is small; a larger batch separates the architectures again). ' +
        (isRankByConstant
            ? `The rank column is empty because ${label(rankBy)} ranks by it; sort by another column. `
            : '') +
        `Agreement with ${plural ? 'them' : 'it'} is not defined (\u2013).`
    );
}

/** What the calibration chart shows and how to read it, in two sentences and the window's meaning. */
export function calibrationExplanation(cal: CalibrationPayload): string {
    const [lo, hi] = cal.window;
    const bins = cal.profile.length;
    const isAll = lo === 0 && hi === bins - 1;
    const window = isAll
        ? `The window is all ${bins} bins: this profile has no dominant spike, so L-SWAG sums every layer.`
        : `The window, bins ${lo} to ${hi}, is the profile's dominant spike: L-SWAG sums only the layers there.`;
    return (
        `Each bar is a depth bin (0 = the layers nearest the input, ${bins - 1} = the output) and its ` +
        'height the mean log \u221aVar(|g|), how much the gradient magnitudes vary between mini-batches ' +
        `in those layers, averaged over ${formatCell(cal.samples)} architectures of ${cal.space} ` +
        `(${cal.origin}); no labels are used. ${window} Highlighted bars are in the window.`
    );
}
