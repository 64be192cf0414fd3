// Reads an onnxruntime profile (the Chrome trace that `enableProfiling` writes when a session is
// released) and counts the graph's nodes per execution provider: which nodes fell back to the CPU.
// Why a trace and not the "Node placements" log: onnxruntime-node routes its log to stderr with no
// JS hook, and the trace's node events name each kernel's provider (checked with onnxruntime-node
// 1.30 on the CPU: events `{cat: 'Node', name: '<node>_kernel_time', args: {provider:
// 'CPUExecutionProvider', op_name: 'Add', node_index: '0', ...}}`).
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface NodePlacement {
    /** Distinct nodes per provider, e.g. { webgpu: 120, cpu: 14 } ('ExecutionProvider' dropped, lower case). */
    readonly providers: Record<string, number>;
    /** Op types of the nodes that ran on the CPU, with counts, e.g. { Shape: 4, Gather: 2 }. */
    readonly cpuOps: Record<string, number>;
    /** Memcpy nodes onnxruntime inserted between providers (MemcpyToHost/MemcpyFromHost). */
    readonly copies: number;
}

interface TraceEvent {
    readonly cat?: string;
    readonly name?: string;
    readonly args?: {
        readonly provider?: string;
        readonly op_name?: string;
        readonly node_index?: string;
    };
}

/** 'WebGpuExecutionProvider' -> 'webgpu', 'CUDAExecutionProvider' -> 'cuda'. */
export function shortProvider(name: string): string {
    return name.replace(/ExecutionProvider$/, '').toLowerCase() || 'unknown';
}

/** Counts each node once (the trace holds one event per node per run), by provider. */
export function countPlacements(events: readonly TraceEvent[]): NodePlacement {
    const seen = new Set<string>();
    const providers: Record<string, number> = {};
    const cpuOps: Record<string, number> = {};
    let copies = 0;
    for (const e of events) {
        if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || !e.args?.provider) continue;
        const key = e.args.node_index ?? e.name;
        if (seen.has(key)) continue;
        seen.add(key);
        const provider = shortProvider(e.args.provider);
        const op = e.args.op_name ?? '?';
        if (op.startsWith('Memcpy')) {
            copies++;
            continue;
        }
        providers[provider] = (providers[provider] ?? 0) + 1;
        if (provider === 'cpu') cpuOps[op] = (cpuOps[op] ?? 0) + 1;
    }
    return { providers, cpuOps, copies };
}

/** Reads and deletes the one trace written under `dir` for `prefix`; throws when there is none. */
export function readTrace(dir: string, prefix: string): NodePlacement {
    const files = readdirSync(dir).filter((f) => f.startsWith(`${prefix}_`) && f.endsWith('.json'));
    if (files.length === 0) throw new Error(`onnxruntime wrote no profile for ${prefix} in ${dir}`);
    const placement = countPlacements(
        JSON.parse(readFileSync(path.join(dir, files[0]), 'utf8')) as TraceEvent[],
    );
    for (const f of files) rmSync(path.join(dir, f), { force: true });
    return placement;
}
