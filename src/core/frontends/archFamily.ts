// What a family contributes to architecture files: its field table, which fields a file may set
// for all candidates, which are required, and how read fields become a spec (with cross-checks).
import type { ArchitectureSpec, Family } from '../spec/spec';
import type { FieldTable, LevelFields, ReadField } from './archFields';
import type { Reporter, Span } from './reporter';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A spec without what every candidate carries (name, source, accuracy). */
export type SpecBody = DistributiveOmit<ArchitectureSpec, 'name' | 'source' | 'accuracy'>;

export interface CandidateContext {
    /** The candidate's own fields first, then the file's defaults for this family (if any). */
    readonly levels: readonly LevelFields[];
    /** Where problems of the candidate as a whole (a missing field) are reported. */
    readonly anchor: Span;
    readonly r: Reporter;
    /** The file being read, for resolving relative paths. */
    readonly file: string;
}

export interface FamilyDef {
    readonly family: Family;
    readonly fields: FieldTable;
    /** Fields a file may set at its top level as defaults for its candidates of this family. */
    readonly defaultable: readonly string[];
    /** Fields every candidate must end up with (its own or, if defaultable, the file's). */
    readonly required: readonly string[];
    /** Builds the spec from fields that each passed their own checks; undefined after an error. */
    build(ctx: CandidateContext): SpecBody | undefined;
}

/** The first level that has `key`. */
export function pick(ctx: CandidateContext, key: string): ReadField | undefined {
    for (const level of ctx.levels) {
        const field = level.values.get(key);
        if (field !== undefined) return field;
    }
    return undefined;
}

/** The value of `key`, or `fallback` when no level sets it. */
export function valueOr<T>(ctx: CandidateContext, key: string, fallback: T): T {
    return (pick(ctx, key)?.value as T | undefined) ?? fallback;
}

/**
 * Reports required fields no level has, and defaults the candidate would inherit from a file-level
 * field that failed its check. True when the candidate may be built.
 */
export function checkCandidateLevels(def: FamilyDef, ctx: CandidateContext): boolean {
    const [own, ...inherited] = ctx.levels;
    let ok = true;
    for (const key of def.required) {
        const anywhere = ctx.levels.some((level) => level.values.has(key) || level.failed.has(key));
        if (!anywhere) {
            ctx.r.error(ctx.anchor, `missing required field '${key}' (family ${def.family})`);
            ok = false;
        }
    }
    for (const level of inherited) {
        for (const key of level.failed) {
            if (own.values.has(key) || own.failed.has(key)) continue;
            ctx.r.error(
                ctx.anchor,
                `inherits the file's invalid '${key}'; fix it at the top of the file`,
            );
            ok = false;
        }
    }
    return ok;
}
