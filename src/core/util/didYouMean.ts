// "Did you mean ...?" for misspelt names (ops, fields, families, top-level keys): one Levenshtein
// distance and one rule for "near", shared by every front end so hints and quick fixes agree.

/** Levenshtein distance, capped: names longer than 40 characters are never "near". */
export function editDistance(a: string, b: string): number {
    if (a.length > 40 || b.length > 40) return Infinity;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(
                prev[j] + 1,
                cur[j - 1] + 1,
                prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
            );
        }
        prev = cur;
    }
    return prev[b.length];
}

/**
 * The known name closest to `word` when it is a plausible typo: at most 2 edits (1 for names of 3
 * characters or fewer, so `bn` does not become `relu`), or the same letters in another case.
 * Ties go to the earlier name in `known`. Undefined when nothing is near or `word` is known.
 */
export function nearestName(word: string, known: readonly string[]): string | undefined {
    if (known.includes(word)) return undefined;
    const folded = known.find((k) => k.toLowerCase() === word.toLowerCase());
    if (folded !== undefined) return folded;
    const limit = word.length <= 3 ? 1 : 2;
    let best: { name: string; distance: number } | undefined;
    for (const name of known) {
        const distance = editDistance(word, name);
        if (distance <= limit && (best === undefined || distance < best.distance)) {
            best = { name, distance };
        }
    }
    return best?.name;
}

/** The text diagnostics append: ` (did you mean 'x'?)`, or '' when nothing is near. */
export function didYouMean(word: string, known: readonly string[]): string {
    const near = nearestName(word, known);
    return near === undefined ? '' : ` (did you mean '${near}'?)`;
}

/** The suggestion a "did you mean" diagnostic carries, for quick fixes; undefined when none. */
export function suggestionIn(message: string): string | undefined {
    return /\(did you mean '([^']+)'\?\)/.exec(message)?.[1];
}
