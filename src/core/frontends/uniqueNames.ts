// Keeps spec names unique within a file: a repeated name gets the first free `#k` suffix (k >= 2).

export interface RenamedDuplicate {
    /** Index of the renamed entry, and of the first entry that had its name. */
    readonly index: number;
    readonly firstIndex: number;
    readonly original: string;
    readonly renamed: string;
}

/** The names with repeats renamed, and what was renamed (each is worth a warning). */
export function uniqueNames(names: readonly string[]): {
    names: string[];
    renamed: RenamedDuplicate[];
} {
    const first = new Map<string, number>();
    const nextSuffix = new Map<string, number>();
    const taken = new Set(names);
    const renamed: RenamedDuplicate[] = [];
    const out = names.map((name, index) => {
        const firstIndex = first.get(name);
        if (firstIndex === undefined) {
            first.set(name, index);
            return name;
        }
        // Why: remembering the next free suffix keeps thousands of repeats linear, not quadratic.
        let k = nextSuffix.get(name) ?? 2;
        while (taken.has(`${name}#${k}`)) k++;
        nextSuffix.set(name, k + 1);
        const unique = `${name}#${k}`;
        taken.add(unique);
        renamed.push({ index, firstIndex, original: name, renamed: unique });
        return unique;
    });
    return { names: out, renamed };
}
