// The DARTS operations (Liu et al. 2019, darts/cnn/operations.py) in the IR, as the evaluation
// network builds them (affine batch norms, pools without a norm). Shared by the discrete network
// (darts.ts) and the pruning search's supernet (dartsSupernet.ts).
import type { Value } from '../ir/graph';
import type { DartsOp } from '../spec/dartsGenotype';
import { type OpCtx, averagePool, batchNorm, conv2d, maxPool } from './layers';

export function factorizedReduce(c: OpCtx, x: Value, out: number, name: string): Value {
    const r = c.b.relu(x);
    const [, , h, w] = x.shape;
    const a = conv2d(c.b, r, out / 2, 1, `${name}.conv_1`, { stride: 2 });
    const shifted = c.b.slice(r, [1, 1], [h, w], [2, 3]);
    const d = conv2d(c.b, shifted, out / 2, 1, `${name}.conv_2`, { stride: 2 });
    return batchNorm(c.b, c.b.concat([a, d], 1), `${name}.bn`, c.norm);
}

/** ReLU -> depthwise conv (dilated) -> pointwise conv -> BN. */
function dilConv(
    c: OpCtx,
    x: Value,
    kernel: number,
    stride: number,
    dilation: number,
    name: string,
): Value {
    const ch = x.shape[1];
    const padding = (dilation * (kernel - 1)) / 2;
    const dw = conv2d(c.b, c.b.relu(x), ch, kernel, `${name}.dw`, {
        stride,
        padding,
        dilation,
        groups: ch,
    });
    const pw = conv2d(c.b, dw, ch, 1, `${name}.pw`);
    return batchNorm(c.b, pw, `${name}.bn`, c.norm);
}

/** Two stacked dilConvs of dilation 1, the first carrying the stride. */
function sepConv(c: OpCtx, x: Value, kernel: number, stride: number, name: string): Value {
    return dilConv(c, dilConv(c, x, kernel, stride, 1, `${name}.a`), kernel, 1, 1, `${name}.b`);
}

/** One edge's op on `x` (C channels in and out); stride 2 on reduction cells' input edges. */
export function dartsOp(c: OpCtx, x: Value, op: DartsOp, stride: number, name: string): Value {
    switch (op) {
        case 'max_pool_3x3':
            return maxPool(c.b, x, 3, stride, 1);
        case 'avg_pool_3x3':
            return averagePool(c.b, x, 3, stride, 1, false);
        case 'skip_connect':
            return stride === 1 ? x : factorizedReduce(c, x, x.shape[1], name);
        case 'sep_conv_3x3':
            return sepConv(c, x, 3, stride, name);
        case 'sep_conv_5x5':
            return sepConv(c, x, 5, stride, name);
        case 'dil_conv_3x3':
            return dilConv(c, x, 3, stride, 2, name);
        case 'dil_conv_5x5':
            return dilConv(c, x, 5, stride, 2, name);
    }
}
