// What the IR knows about an op: how to infer output types, and (for cheap ops) how to fold constants.
import type { Attrs } from './attrs';
import type { Value } from './graph';
import { type DType, type Shape, type TensorData, formatShape } from './tensor';

export interface OutInfo {
    readonly dtype: DType;
    readonly shape: Shape;
}

export interface OpContext {
    readonly op: string;
    readonly inputs: readonly (Value | null)[];
    readonly attrs: Attrs;
    /** The constant value behind input i, when it is known at build time. */
    constant(i: number): TensorData | undefined;
}

export interface OpSchema {
    infer(ctx: OpContext): OutInfo[];
    /** Computes outputs from constant inputs; only for integer/shape arithmetic and small tensors. */
    fold?(ctx: OpContext, values: readonly TensorData[]): TensorData[];
    /** True when `fold` needs only input shapes (Shape, Size), so it folds for any input. */
    readonly foldsWithoutData?: boolean;
}

/** An op the IR cannot type or does not support; `where` names the node. */
export class ShapeError extends Error {}

export function input(ctx: OpContext, i: number): Value {
    const v = ctx.inputs[i];
    if (!v) throw new ShapeError(`${ctx.op}: input ${i} is required`);
    return v;
}

/** Normalises a possibly negative axis against a rank. */
export function normAxis(axis: number, rank: number, op = ''): number {
    const a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank)
        throw new ShapeError(`${op}: axis ${axis} out of range for rank ${rank}`);
    return a;
}

/** Numpy-style multidirectional broadcast of shapes. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
    const rank = Math.max(...shapes.map((s) => s.length));
    const out: number[] = [];
    for (let k = 0; k < rank; k++) {
        let d = 1;
        for (const s of shapes) {
            const e = s[s.length - rank + k] ?? 1;
            if (e === 1) continue;
            if (d !== 1 && d !== e) {
                throw new ShapeError(
                    `${op}: cannot broadcast ${shapes.map((x) => formatShape(x)).join(' with ')}`,
                );
            }
            d = e;
        }
        out.push(d);
    }
    return out;
}

/** Reads a constant int64/int32 input as numbers, or fails with a clear message. */
export function constInts(ctx: OpContext, i: number): number[] | undefined {
    const v = ctx.inputs[i];
    if (!v) return undefined;
    const c = ctx.constant(i);
    if (!c) throw new ShapeError(`${ctx.op}: input '${v.name}' must be a build-time constant`);
    return Array.from(c.data as ArrayLike<number | bigint>, Number);
}

/** Like constInts, for an input the op cannot do without (a missing one is a ShapeError, not a crash). */
export function requiredInts(ctx: OpContext, i: number): number[] {
    input(ctx, i);
    return constInts(ctx, i)!;
}

export function same(ctx: OpContext, i = 0): OutInfo[] {
    const x = input(ctx, i);
    return [{ dtype: x.dtype, shape: x.shape }];
}
