// The one place ScoreOptions.vitActivations is decided: which extra values of a ViT's blocks are
// coded like activation layers. Why an option: in an AutoFormer block only the MLP's GELU is an
// activation (softmax outputs are all positive, every code 1), and which sites carry the ranking
// signal is a measured question (docs/proxies.md, "What moves the ViT correlation").
import type { BuiltModel } from '../spaces/built';
import type { VitActivations } from '../spec/scoreOptions';
import type { ExtraCodeSite } from './layers';

/** The sites `choice` adds to the GELUs; none for 'gelu' or a builder that marks no ViT sites. */
export function vitActivationSites(
    built: Pick<BuiltModel, 'vitSites'>,
    choice: VitActivations = 'gelu',
): ExtraCodeSite[] {
    const sites = built.vitSites;
    if (!sites) return [];
    if (choice === 'gelu+attn-logits')
        return sites.attnLogits.map((value) => ({ value, kind: 'attention logits' }));
    if (choice === 'gelu+block-out')
        return sites.blockOutputs.map((value) => ({ value, kind: 'block output' }));
    return [];
}
