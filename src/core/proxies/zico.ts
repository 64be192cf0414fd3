// `zico`: Σ over weight layers of log(Σ_{w: std>0} mean_i|g_w| / std_i(g_w)); a layer whose inner sum
// is empty (all gradients equal across mini-batches) adds 0.
import { type ProxyDef, sumOfLogs } from './proxyDef';

export const zico: ProxyDef = {
    id: 'zico',
    label: 'ZiCo',
    needs: { gradStats: true, acrossGroups: true },
    score: (p) => sumOfLogs(p.gradStats!.zico),
};
