// Builds one PyTorch definition statically: construct the model with the interpreter, pick the
// input shape by the documented rule, record the forward pass, and return a GraphSpec -- or the
// construct that stopped it and why.
import type { Node } from 'web-tree-sitter';
import type { GraphSpec } from '../../../spec/spec';
import { type InputChoice, type ShapeEvidence, inputCandidates } from '../inputShape';
import type { Interpreter } from './interpreter';
import type { ModuleEnv } from './moduleEnv';
import { layerParams, nativeName } from './nnLayers';
import { Recorder } from './recorder';
import {
    type Args,
    BATCH,
    NotStatic,
    type PyObject,
    type Val,
    isModuleClass,
    isTensor,
    typeName,
} from './values';

export type BuildTarget =
    | { readonly kind: 'class' | 'function'; readonly name: string }
    | { readonly kind: 'expression'; readonly node: Node };

export type StaticResult =
    | { readonly ok: true; readonly spec: Omit<GraphSpec, 'name' | 'source'> }
    | {
          readonly ok: false;
          readonly reason: string;
          readonly node?: Node;
          readonly input?: InputChoice;
      };

export interface StaticOptions {
    readonly input?: readonly number[];
    readonly classes?: number;
    readonly fallbackInput?: readonly number[];
    readonly args?: Args;
}

export function buildStatically(
    interp: Interpreter,
    env: ModuleEnv,
    target: BuildTarget,
    o: StaticOptions,
): StaticResult {
    interp.resetBudget();
    interp.recorder = undefined;
    let model: PyObject;
    try {
        model = construct(interp, env, target, o.args);
    } catch (e) {
        if (e instanceof NotStatic) return { ok: false, reason: e.reason, node: e.node };
        throw e;
    }
    assignPaths(model, '');
    const evidence: ShapeEvidence = {
        comment: o.input,
        ...firstAndLast(model),
        fallback: o.fallbackInput,
    };
    const candidates = inputCandidates(evidence);
    if (candidates.length === 0) {
        return {
            ok: false,
            reason: "cannot tell the input shape (no Conv2d or Linear first); add '# lswag: input=CxHxW'",
        };
    }
    // Why: the size that got furthest through the forward pass explains the failure best.
    let firstFailure: { reason: string; node?: Node; reached: number } | undefined;
    for (const choice of candidates) {
        interp.resetBudget();
        const rec = new Recorder();
        interp.recorder = rec;
        try {
            const out = interp.call(model, {
                positional: [rec.input(choice.shape)],
                keywords: new Map(),
            });
            const logits = isTensor(out) ? out : undefined;
            if (!logits || logits.shape.length !== 2 || logits.shape[0] !== BATCH) {
                const got = logits
                    ? `[${logits.shape.map((d) => (d === BATCH ? 'batch' : d)).join(', ')}]`
                    : typeName(out);
                throw new NotStatic(
                    `forward returns ${got}, not [batch, classes] logits; only classifiers can be scored`,
                );
            }
            const classes = logits.shape[1];
            if (o.classes !== undefined && o.classes !== classes) {
                throw new NotStatic(
                    `forward returns ${classes} logits but '# lswag: classes=${o.classes}' says otherwise`,
                );
            }
            const output = logits.id === -1 ? -1 : logits.id;
            const moduleParams = countModuleParams(model);
            return {
                ok: true,
                spec: {
                    family: 'graph',
                    input: [...choice.shape],
                    inputFrom: choice.from,
                    classes,
                    nodes: rec.nodes,
                    output,
                    moduleParams,
                },
            };
        } catch (e) {
            if (!(e instanceof NotStatic)) throw e;
            if (!firstFailure || rec.nodes.length > firstFailure.reached)
                firstFailure = { reason: e.reason, node: e.node, reached: rec.nodes.length };
        } finally {
            interp.recorder = undefined;
        }
    }
    const failure = firstFailure as { reason: string; node?: Node };
    return { ok: false, reason: failure.reason, node: failure.node, input: candidates[0] };
}

function construct(
    interp: Interpreter,
    env: ModuleEnv,
    target: BuildTarget,
    args?: Args,
): PyObject {
    const noArgs: Args = args ?? { positional: [], keywords: new Map() };
    let v: Val;
    if (target.kind === 'expression') v = interp.eval(target.node, env.scope);
    else {
        const def = env.get(target.name);
        if (def === undefined) throw new NotStatic(`'${target.name}' is not defined`);
        v = interp.call(def, noArgs);
    }
    if (v === null || typeof v !== 'object' || v.t !== 'obj' || !isModuleClass(v.cls)) {
        throw new NotStatic(`it gives ${typeName(v)}, not an nn.Module`);
    }
    return v;
}

/** Parameters of every module and nn.Parameter reachable from `model`, each counted once. */
function countModuleParams(model: PyObject): number {
    const seen = new Set<object>();
    let total = 0;
    const walk = (m: PyObject) => {
        if (seen.has(m)) return;
        seen.add(m);
        total += layerParams(m);
        for (const v of m.attrs.values()) {
            if (isTensor(v) && v.isParam && !seen.has(v)) {
                seen.add(v);
                total += v.shape.reduce((p, d) => p * d, 1);
            }
        }
        for (const c of m.children.values()) walk(c);
    };
    walk(model);
    return total;
}

/** Names every module by its attribute path (`layer1.0.conv1`), as PyTorch's state_dict does. */
function assignPaths(m: PyObject, path: string): void {
    if (m.path !== undefined) return;
    m.path = path;
    for (const [name, child] of m.children) assignPaths(child, path ? `${path}.${name}` : name);
}

/** The first and last weight layers in registration order: channels in, classes out. */
function firstAndLast(model: PyObject): Pick<ShapeEvidence, 'firstLayer' | 'classes'> {
    let firstLayer: ShapeEvidence['firstLayer'];
    let classes: number | undefined;
    const seen = new Set<PyObject>();
    const walk = (m: PyObject) => {
        if (seen.has(m)) return;
        seen.add(m);
        const name = nativeName(m.cls);
        const get = (k: string) => m.attrs.get(k);
        if (name === 'torch.nn.Conv2d' && typeof get('in_channels') === 'number') {
            firstLayer ??= { kind: 'conv', channels: get('in_channels') as number };
        } else if (name === 'torch.nn.Linear' && typeof get('in_features') === 'number') {
            firstLayer ??= { kind: 'linear', features: get('in_features') as number };
            if (typeof get('out_features') === 'number') classes = get('out_features') as number;
        }
        for (const c of m.children.values()) walk(c);
    };
    walk(model);
    return { firstLayer, classes };
}
