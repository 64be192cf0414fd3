// Runs the passes of the forward-feature proxies (MeCo, AZ-NAS, Zen-NAS) that a score needs; a
// failure costs only the proxies of that pass (their reason goes into `reasons`).
import type { DataBatches } from '../data/batches';
import { sliceRows } from '../ir/tensor';
import type { CompileModel } from '../onnx/runnable';
import type { ArchitectureSpec } from '../spec/spec';
import { azPass } from './azPass';
import { mecoPass } from './mecoPass';
import type { ProbeResult, ProxyNeeds } from './proxyDef';
import { zenPass } from './zenPass';

const MECO_IDS = ['meco', 'meco_opt'];
const AZ_IDS = ['az_expressivity', 'az_progressivity', 'az_trainability', 'az_nas'];

function messageOf(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

export async function featurePasses(
    spec: ArchitectureSpec,
    needs: ProxyNeeds,
    run: { readonly compile: CompileModel; readonly seed: number; readonly batch: number },
    data: DataBatches | undefined,
    reasons: Map<string, string>,
): Promise<Pick<ProbeResult, 'featureCorrelations' | 'azFeatures' | 'zen'>> {
    const out: { -readonly [K in 'featureCorrelations' | 'azFeatures' | 'zen']?: ProbeResult[K] } =
        {};
    const fail = (ids: string[], e: unknown) => ids.forEach((id) => reasons.set(id, messageOf(e)));
    if (needs.featureCorrelations && data) {
        try {
            // Why the first row alone: MeCo is defined on one sample ("one data, one forward pass").
            out.featureCorrelations = await mecoPass(
                spec,
                run.compile,
                run.seed,
                sliceRows(data.x, 0, 1),
            );
        } catch (e) {
            fail(MECO_IDS, e);
        }
    }
    if (needs.blockFeatures && data) {
        try {
            out.azFeatures = await azPass(
                spec,
                run.compile,
                run.seed,
                sliceRows(data.x, 0, run.batch),
            );
        } catch (e) {
            fail(AZ_IDS, e);
        }
    }
    if (needs.zenPass) {
        try {
            out.zen = await zenPass(spec, run.compile, run.seed, run.batch);
        } catch (e) {
            fail(['zen'], e);
        }
    }
    return out;
}
