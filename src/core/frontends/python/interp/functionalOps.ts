// The ops torch.nn layers share with torch.nn.functional (pooling, upsampling, softmax), each
// recording one GraphSpec op with PyTorch's shape rules.
import { NN_SIGNATURES } from '../nnSignatures';
import { windowOut } from '../windowShape';
import { type Bound, withDefaults } from './layerArgs';
import { type Recorder, axis, show } from './recorder';
import { NotStatic, type Tensor, type Val, int, pair, truthy } from './values';

export function need4d(x: Tensor, what: string): void {
    if (x.shape.length !== 4)
        throw new NotStatic(`${what} needs a [batch, C, H, W] input, got [${x.shape.map(show)}]`);
}

/** nn.MaxPool2d / nn.AvgPool2d, and F.max_pool2d / F.avg_pool2d (same parameters and defaults). */
export function pool(r: Recorder, x: Tensor, kind: 'maxpool' | 'avgpool', bound: Bound): Tensor {
    const c = withDefaults(bound, NN_SIGNATURES[kind === 'maxpool' ? 'MaxPool2d' : 'AvgPool2d']);
    need4d(x, kind === 'maxpool' ? 'MaxPool2d' : 'AvgPool2d');
    const k = pair(c.get('kernel_size'), 'kernel_size');
    const sv = c.get('stride');
    const s =
        sv === null || (typeof sv === 'object' && sv.t === 'list' && sv.items.length === 0)
            ? k
            : pair(sv, 'stride');
    const p = pair(c.get('padding'), 'padding');
    const d = kind === 'maxpool' ? pair(c.get('dilation'), 'dilation') : [1, 1];
    if (d[0] !== 1 || d[1] !== 1)
        throw new NotStatic('pooling with dilation is not supported statically');
    const ceil = truthy(c.get('ceil_mode'));
    const h = windowOut(x.shape[2], k[0], s[0], p[0], 1, ceil);
    const w = windowOut(x.shape[3], k[1], s[1], p[1], 1, ceil);
    const attrs: Record<string, number | number[] | boolean> = {
        kernel: k,
        stride: s,
        padding: p,
        ceil,
    };
    if (kind === 'avgpool') attrs.countIncludePad = truthy(c.get('count_include_pad'));
    return r.add(kind, [x], [x.shape[0], x.shape[1], h, w], attrs);
}

export function adaptiveAvgPool(r: Recorder, x: Tensor, size: Val): Tensor {
    if (x.shape.length !== 4)
        throw new NotStatic(`adaptive pooling needs [batch, C, H, W], got [${x.shape.map(show)}]`);
    const [oh, ow] = (() => {
        if (
            size !== null &&
            typeof size === 'object' &&
            (size.t === 'tuple' || size.t === 'list')
        ) {
            return size.items.map((v, i) => (v === null ? x.shape[2 + i] : int(v, 'output_size')));
        }
        return pair(size, 'output_size');
    })();
    const [h, w] = [x.shape[2], x.shape[3]];
    if (oh === h && ow === w) return x;
    if (h % oh || w % ow)
        throw new NotStatic(
            `adaptive pooling from ${h}x${w} to ${oh}x${ow} (uneven windows) is not supported statically`,
        );
    return r.add('adaptiveavgpool', [x], [x.shape[0], x.shape[1], oh, ow], { size: [oh, ow] });
}

export function upsampleNearest(r: Recorder, x: Tensor, scale: Val, size: Val): Tensor {
    need4d(x, 'Upsample');
    let f: [number, number];
    if (size !== null && size !== undefined) {
        const [oh, ow] = pair(size, 'size');
        if (oh % x.shape[2] || ow % x.shape[3])
            throw new NotStatic('upsampling by a non-integer factor');
        f = [oh / x.shape[2], ow / x.shape[3]];
    } else {
        const s = typeof scale === 'number' ? [scale, scale] : pair(scale, 'scale_factor');
        f = [s[0], s[1]];
    }
    if (!Number.isInteger(f[0]) || !Number.isInteger(f[1]))
        throw new NotStatic('upsampling by a non-integer factor');
    return r.add('upsample', [x], [x.shape[0], x.shape[1], x.shape[2] * f[0], x.shape[3] * f[1]], {
        factor: f,
    });
}

export function softmax(
    r: Recorder,
    x: Tensor,
    dim: Val,
    op: 'softmax' | 'logsoftmax' = 'softmax',
): Tensor {
    if (dim === null) throw new NotStatic(`${op} without dim`);
    return r.add(op, [x], x.shape, { axis: axis(int(dim, 'dim'), x.shape.length) });
}
