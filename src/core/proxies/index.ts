// The proxy registry: an explicit list, in the order tables show them. UI and CLI list from it.
import { azExpressivity, azNas, azProgressivity, azTrainability } from './az';
import { epeNas } from './epeNas';
import { fisher } from './fisher';
import { flops } from './flops';
import { gradNorm } from './gradNorm';
import { grasp } from './grasp';
import { jacov } from './jacov';
import { l2Norm } from './l2Norm';
import { lswag } from './lswag';
import { meco, mecoOpt } from './meco';
import { nwot } from './nwot';
import { params } from './params';
import { plain } from './plain';
import type { ProxyDef, ProxyNeeds } from './proxyDef';
import { snip } from './snip';
import { regSwap, swap } from './swap';
import { synflow } from './synflow';
import { zen } from './zen';
import { zico } from './zico';

export const proxies: readonly ProxyDef[] = [
    lswag,
    params,
    flops,
    l2Norm,
    plain,
    snip,
    gradNorm,
    grasp,
    fisher,
    jacov,
    nwot,
    synflow,
    zico,
    swap,
    regSwap,
    meco,
    mecoOpt,
    azExpressivity,
    azProgressivity,
    azTrainability,
    azNas,
    zen,
    epeNas,
];

export const proxyIds: readonly string[] = proxies.map((p) => p.id);

export function proxyById(id: string): ProxyDef | undefined {
    return proxies.find((p) => p.id === id);
}

/** The union of what the given proxies need. */
export function combinedNeeds(defs: readonly ProxyDef[]): ProxyNeeds {
    const needs: Record<string, boolean> = {};
    for (const d of defs) for (const [k, v] of Object.entries(d.needs)) if (v) needs[k] = true;
    return needs as ProxyNeeds;
}
