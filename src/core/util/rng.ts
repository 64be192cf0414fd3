// Seeded pseudo-random numbers (mulberry32 + Box-Muller). Same seed, same stream, on every machine.

export class Rng {
    private state: number;
    private spare: number | undefined;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** Uniform in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    uniform(low: number, high: number): number {
        return low + (high - low) * this.next();
    }

    /** Standard normal sample. */
    normal(): number {
        if (this.spare !== undefined) {
            const s = this.spare;
            this.spare = undefined;
            return s;
        }
        const u = 1 - this.next(); // Why: (0, 1], so log(u) is finite.
        const v = this.next();
        const r = Math.sqrt(-2 * Math.log(u));
        this.spare = r * Math.sin(2 * Math.PI * v);
        return r * Math.cos(2 * Math.PI * v);
    }

    int(n: number): number {
        return Math.floor(this.next() * n);
    }
}

/** FNV-1a hash of a string mixed with a seed: derives independent, stable stream seeds from names. */
export function hashString(s: string, seed = 0): number {
    let h = (2166136261 ^ seed) >>> 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h >>> 0;
}
