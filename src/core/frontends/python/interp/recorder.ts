// Records the forward pass as GraphSpec nodes while the interpreter runs `forward`: each tensor op
// checks its input shapes the way PyTorch would and appends one node with the output shape.
import type { Node } from 'web-tree-sitter';
import type { GraphNode, GraphOp } from '../../../spec/spec';
import { BATCH, NotStatic, type Tensor, type Val, paramNames, typeName } from './values';

type Attrs = Record<string, number | number[] | boolean>;

/** More nodes than any real network has; keeps a runaway loop from eating memory. */
const MAX_NODES = 50_000;

export class Recorder {
    readonly nodes: GraphNode[] = [];
    private readonly constants = new Map<Tensor, Tensor>();

    input(shape: readonly number[]): Tensor {
        return { t: 'tensor', id: -1, shape: [BATCH, ...shape] };
    }

    add(
        op: GraphOp,
        inputs: readonly Tensor[],
        shape: readonly number[],
        attrs?: Attrs,
        path?: string,
    ): Tensor {
        if (this.nodes.length >= MAX_NODES)
            throw new NotStatic(`the forward pass has over ${MAX_NODES} ops`);
        if (shape.some((d) => !Number.isInteger(d) || d < 1)) {
            throw new NotStatic(`${op} gives the shape [${shape.map(show).join(', ')}]`);
        }
        if (shape.some((d) => d !== BATCH && d % BATCH === 0))
            throw new NotStatic(`${op} folds the batch into another axis`);
        const ids = inputs.map((t) => this.idOf(t));
        const node: GraphNode = {
            op,
            inputs: ids,
            shape: shape.map((d) => (d === BATCH ? -1 : d)),
            ...(attrs && Object.keys(attrs).length > 0 ? { attrs } : {}),
            ...(path !== undefined ? { path } : {}),
        };
        this.nodes.push(node);
        return { t: 'tensor', id: this.nodes.length - 1, shape: [...shape] };
    }

    /** A parameter tensor (nn.Parameter) becomes a `param` node the first time an op uses it. */
    private idOf(t: Tensor): number {
        if (!t.isConstant) return t.id;
        let made = this.constants.get(t);
        if (!made && !t.isParam)
            throw new NotStatic(
                'the forward pass uses a constant tensor (a buffer), which is not supported statically',
            );
        if (!made) {
            const name = paramNames.get(t) ?? `param${this.constants.size}`;
            this.nodes.push({ op: 'param', inputs: [], shape: [...t.shape], path: name });
            made = { t: 'tensor', id: this.nodes.length - 1, shape: t.shape };
            this.constants.set(t, made);
        }
        return made.id;
    }

    /** `a op b` where at least one side is a tensor. */
    binary(op: string, a: Val, b: Val, node?: Node): Tensor {
        const isNum = (v: Val): v is number => typeof v === 'number';
        if (isTensorVal(a) && isNum(b)) {
            if (op === '*') return this.scale(a, b, 0);
            if (op === '/') return this.scale(a, 1 / b, 0);
            if (op === '+') return this.scale(a, 1, b);
            if (op === '-') return this.scale(a, 1, -b);
        }
        if (isNum(a) && isTensorVal(b)) {
            if (op === '*') return this.scale(b, a, 0);
            if (op === '+') return this.scale(b, 1, a);
            if (op === '-') return this.scale(b, -1, a);
        }
        if (isTensorVal(a) && isTensorVal(b)) {
            if (op === '@') return this.matmul(a, b);
            const ops: Record<string, GraphOp> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };
            const g = ops[op];
            if (g) return this.add(g, [a, b], broadcast(a.shape, b.shape));
        }
        throw new NotStatic(
            `'${op}' on ${typeName(a)} and ${typeName(b)} is not supported statically`,
            node,
        );
    }

    /** y = x * mul + add. */
    scale(x: Tensor, mul: number, add: number): Tensor {
        if (mul === 1 && add === 0) return x;
        return this.add('scale', [x], x.shape, { mul, add });
    }

    matmul(a: Tensor, b: Tensor): Tensor {
        const [m, k] = a.shape.slice(-2);
        const [k2, n] = b.shape.slice(-2);
        if (a.shape.length < 2 || b.shape.length < 2 || k !== k2) {
            throw new NotStatic(`matmul of [${a.shape.map(show)}] and [${b.shape.map(show)}]`);
        }
        const lead = broadcast(a.shape.slice(0, -2), b.shape.slice(0, -2));
        return this.add('matmul', [a, b], [...lead, m, n]);
    }

    reshape(x: Tensor, shape: readonly number[]): Tensor {
        const total = x.shape.reduce((p, d) => p * d, 1);
        const known = shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
        const free = shape.filter((d) => d === -1).length;
        if (free > 1 || (free === 1 && total % known !== 0) || (free === 0 && known !== total)) {
            throw new NotStatic(`cannot reshape [${x.shape.map(show)}] to [${shape.map(show)}]`);
        }
        const out = shape.map((d) => (d === -1 ? total / known : d));
        if (out.length === x.shape.length && out.every((d, i) => d === x.shape[i])) return x;
        return this.add('reshape', [x], out);
    }

    permute(x: Tensor, perm: readonly number[]): Tensor {
        const p = perm.map((a) => axis(a, x.shape.length));
        if (new Set(p).size !== x.shape.length || p.length !== x.shape.length)
            throw new NotStatic(`bad permutation [${perm}]`);
        if (p.every((a, i) => a === i)) return x;
        return this.add(
            'permute',
            [x],
            p.map((a) => x.shape[a]),
            { perm: p },
        );
    }

    flatten(x: Tensor, start: number, end: number): Tensor {
        const s = axis(start, x.shape.length);
        const e = axis(end, x.shape.length);
        const merged = x.shape.slice(s, e + 1).reduce((p, d) => p * d, 1);
        return this.reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
    }

    mean(x: Tensor, axes: readonly number[], keepdim: boolean): Tensor {
        const a = axes.map((d) => axis(d, x.shape.length));
        if (a.includes(x.shape.indexOf(BATCH))) throw new NotStatic('mean over the batch axis');
        const shape = x.shape.flatMap((d, i) => (a.includes(i) ? (keepdim ? [1] : []) : [d]));
        return this.add('mean', [x], shape, { axes: a, keepdim });
    }

    cat(xs: readonly Tensor[], dim: number): Tensor {
        if (xs.length === 0) throw new NotStatic('torch.cat of nothing');
        if (xs.length === 1) return xs[0];
        const rank = xs[0].shape.length;
        const a = axis(dim, rank);
        for (const x of xs) {
            if (
                x.shape.length !== rank ||
                x.shape.some((d, i) => i !== a && d !== xs[0].shape[i])
            ) {
                throw new NotStatic(
                    `torch.cat of [${xs.map((t) => t.shape.map(show).join('x')).join('], [')}] along ${dim}`,
                );
            }
        }
        const shape = [...xs[0].shape];
        shape[a] = xs.reduce((s, x) => s + x.shape[a], 0);
        return this.add('cat', xs, shape, { axis: a });
    }

    /** x[start:end:step] along one axis. */
    slice(x: Tensor, ax: number, start: number, end: number, step: number): Tensor {
        const n = x.shape[ax];
        const s = clamp(start < 0 ? start + n : start, n);
        const e = clamp(end < 0 ? end + n : end, n);
        const len = Math.max(0, Math.ceil((e - s) / step));
        if (s === 0 && len === n && step === 1) return x;
        if (x.shape[ax] === BATCH) throw new NotStatic('slicing the batch axis');
        const shape = [...x.shape];
        shape[ax] = len;
        return this.add('slice', [x], shape, { axis: ax, start: s, end: e, step });
    }

    expand(x: Tensor, shape: readonly number[]): Tensor {
        const out = shape.map((d, i) =>
            d === -1 ? x.shape[i - (shape.length - x.shape.length)] : d,
        );
        broadcast(x.shape, out);
        return this.add('expand', [x], out);
    }
}

function isTensorVal(v: Val): v is Tensor {
    return v !== null && typeof v === 'object' && v.t === 'tensor';
}

function clamp(i: number, n: number): number {
    return Math.min(Math.max(i, 0), n);
}

export function axis(a: number, rank: number): number {
    const r = a < 0 ? a + rank : a;
    if (r < 0 || r >= rank)
        throw new NotStatic(`axis ${a} is out of range for a rank-${rank} tensor`);
    return r;
}

export function show(d: number): string {
    return d === BATCH ? 'batch' : String(d);
}

export function broadcast(a: readonly number[], b: readonly number[]): number[] {
    const n = Math.max(a.length, b.length);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
        const x = a[a.length - n + i] ?? 1;
        const y = b[b.length - n + i] ?? 1;
        if (x !== y && x !== 1 && y !== 1) {
            throw new NotStatic(`shapes [${a.map(show)}] and [${b.map(show)}] do not broadcast`);
        }
        out.push(x === 1 ? y : x);
    }
    return out;
}
