// Where a proxy run spends its time: scores one benchmark model with onnxruntime's profiler on and
// sums kernel time per op type (and lists the slowest nodes), from the second run of each session.
// Usage: node --import tsx bench/perf/profileOps.ts nb201|autoformer-t BATCH BATCHES THREADS [proxies]
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBatches } from '../../src/core/data/batches';
import type { RunnableModel } from '../../src/core/onnx/runnable';
import { scoreSpec } from '../../src/core/proxies/score';
import { createSession } from '../../src/worker/ortSession';
import { SPECS } from './specs';

interface TraceEvent {
    readonly cat?: string;
    readonly name?: string;
    readonly dur?: number;
    readonly args?: { readonly op_name?: string };
}

async function main(): Promise<void> {
    const [which, batch, batches, threads, proxies = 'lswag'] = process.argv.slice(2);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-prof-'));
    const sessions: RunnableModel[] = [];
    let n = 0;
    const compile = async (bytes: Uint8Array) => {
        const s = await createSession(bytes, {
            threads: Number(threads),
            profileFilePrefix: path.join(dir, `s${n++}`),
        });
        sessions.push(s);
        // Why two runs: the first includes allocation; the profile sums both, halved below.
        return {
            ...s,
            run: async (feeds: Parameters<RunnableModel['run']>[0]) => (
                await s.run(feeds),
                s.run(feeds)
            ),
            release: async () => undefined,
        };
    };
    const start = performance.now();
    const r = await scoreSpec(SPECS[which], {
        compile,
        data: (req) => loadBatches({ kind: 'synthetic' }, req),
        options: {
            proxies: proxies.split(','),
            data: { kind: 'synthetic' },
            batch: Number(batch),
            batches: Number(batches),
            seed: 0,
            psiSamples: 16,
            gradientMode: 'batches',
        },
        device: 'cpu',
    });
    console.log(
        `scored in ${((performance.now() - start) / 1000).toFixed(2)} s (two runs per session), errors: ${r.errors.join('; ') || 'none'}`,
    );
    for (const s of sessions) await s.release();
    const byOp = new Map<string, { us: number; count: number }>();
    const nodes: { name: string; op: string; us: number }[] = [];
    for (const f of readdirSync(dir)) {
        const events = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as TraceEvent[];
        for (const e of events) {
            if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time')) continue;
            const op = e.args?.op_name ?? '?';
            const entry = byOp.get(op) ?? { us: 0, count: 0 };
            entry.us += (e.dur ?? 0) / 2;
            entry.count += 0.5;
            byOp.set(op, entry);
            nodes.push({ name: e.name.replace(/_kernel_time$/, ''), op, us: (e.dur ?? 0) / 2 });
        }
    }
    rmSync(dir, { recursive: true, force: true });
    const total = [...byOp.values()].reduce((s, v) => s + v.us, 0);
    console.log(`kernel time per run: ${(total / 1e6).toFixed(3)} s`);
    for (const [op, v] of [...byOp].sort((a, b) => b[1].us - a[1].us).slice(0, 20)) {
        console.log(
            `${op.padEnd(24)} ${(v.us / 1e6).toFixed(3)} s  ${((100 * v.us) / total).toFixed(1)}%  nodes ${v.count}`,
        );
    }
    const merged = new Map<string, { op: string; us: number }>();
    for (const x of nodes)
        merged.set(x.name, { op: x.op, us: (merged.get(x.name)?.us ?? 0) + x.us });
    console.log('slowest nodes:');
    for (const [name, v] of [...merged].sort((a, b) => b[1].us - a[1].us).slice(0, 15))
        console.log(`  ${(v.us / 1e6).toFixed(3)} s ${v.op} ${name}`);
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
