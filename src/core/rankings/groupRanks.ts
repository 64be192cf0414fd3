// Ranks within comparable groups (comparableGroup.ts): each score is ranked only against the scores
// of its own group, and the phrase a lens or a tree item shows says which group that was.

/** 1-based ranks, best (largest) first; missing values come last, ties keep their input order. */
export function ranks(values: readonly (number | null)[]): number[] {
    const order = values
        .map((v, i) => ({ v: v ?? -Infinity, i }))
        .sort((a, b) => b.v - a.v || a.i - b.i);
    const out = new Array<number>(values.length);
    order.forEach(({ i }, k) => (out[i] = k + 1));
    return out;
}

/** A rank and the size of the group it was taken in. */
export interface GroupRank {
    readonly rank: number;
    readonly total: number;
}

/** Each item's rank among the items with the same group key (input order kept). */
export function ranksWithinGroups(
    items: readonly { readonly group: string; readonly value: number | null }[],
): GroupRank[] {
    const members = new Map<string, number[]>();
    items.forEach((item, i) => {
        const list = members.get(item.group) ?? [];
        list.push(i);
        members.set(item.group, list);
    });
    const out = new Array<GroupRank>(items.length);
    for (const indices of members.values()) {
        const r = ranks(indices.map((i) => items[i].value));
        indices.forEach((i, k) => (out[i] = { rank: r[k], total: indices.length }));
    }
    return out;
}

/** "rank 2/7 in NB201 3x32x32 / 10 classes", or "only one in its group (...)" instead of "rank 1/1". */
export function rankPhrase(rank: GroupRank, groupLabel: string): string {
    return rank.total <= 1
        ? `only one in its group (${groupLabel})`
        : `rank ${rank.rank}/${rank.total} in ${groupLabel}`;
}
