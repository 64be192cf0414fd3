// How the interpreter binds a torch call's arguments: by PyTorch's parameter order, and with
// PyTorch's defaults (nnSignatures.ts) for those not given.
import type { NnSignature } from '../nnSignatures';
import { type Args, NotStatic, type Val } from './values';

/** Arguments by name, as bound (bindArgs). */
export interface Bound {
    get(param: string): Val | undefined;
}
/** Arguments by name; one not given (or None) reads as PyTorch's default, or None without one. */
export interface LayerArgs {
    get(param: string): Val;
}

export function withDefaults(bound: Bound, signature: NnSignature): LayerArgs {
    return { get: (param) => bound.get(param) ?? signature.defaults[param] ?? null };
}

/** Binds a library call's arguments to parameter names (positional first, then keywords). */
export function bindArgs(what: string, params: readonly string[], a: Args): Map<string, Val> {
    if (a.positional.length > params.length)
        throw new NotStatic(`${what}() got too many positional arguments`);
    const out = new Map<string, Val>();
    a.positional.forEach((v, i) => out.set(params[i], v));
    for (const [k, v] of a.keywords) out.set(k, v);
    return out;
}
