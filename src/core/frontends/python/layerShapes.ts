// Walks the per-sample shape ([C, H, W] or [features]) through a layer list the way PyTorch does,
// and reports the first layer whose declared input size or rank does not match what it receives.
import type { LayerItem } from './layers';
import type { FileContext } from './syntax';
import { windowOut } from './windowShape';

const show = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** The output shape of `items` applied to `input`; `hint` is appended to size messages. */
export function checkShapes(
    ctx: FileContext,
    items: readonly LayerItem[],
    input: readonly number[],
    hint: string,
): number[] {
    let shape = [...input];
    for (const it of items) {
        checkDeclared(ctx, it, shape, hint);
        shape = outputShape(ctx, it, shape, hint);
    }
    return shape;
}

/** Conv2d/BatchNorm2d check channels (dim 0 of [C, H, W]); Linear/LayerNorm the last dim. */
function checkDeclared(ctx: FileContext, it: LayerItem, shape: readonly number[], hint: string) {
    const d = it.declares;
    if (!d) return;
    const needs = { channels: 'a [C, H, W] input', norm1d: 'a [C] or [C, L] input', features: '' };
    const isRankOk =
        d.axis === 'channels' ? shape.length === 3 : d.axis !== 'norm1d' || shape.length <= 2;
    if (!isRankOk) {
        const message = `${it.className} needs ${needs[d.axis]}, but receives ${show(shape)}`;
        ctx.fail(it.node, 'error', `${message}${hint}`);
    }
    const got = d.axis === 'features' ? shape[shape.length - 1] : shape[0];
    if (got !== d.size) {
        const unit = d.axis === 'features' ? 'features' : 'channels';
        const expects = `${it.className} expects ${d.size} input ${unit} but receives ${got}`;
        ctx.fail(it.node, 'error', `${expects} (input shape ${show(shape)})`);
    }
}

function outputShape(ctx: FileContext, it: LayerItem, shape: number[], hint: string): number[] {
    const spec = it.spec;
    const needImage = () => {
        if (shape.length === 3) return;
        ctx.fail(
            it.node,
            'error',
            `${it.className} needs a [C, H, W] input, but receives ${show(shape)}`,
        );
    };
    const spatial = (kernel: number, stride: number, padding: number, dilation: number) => {
        const size = (n: number) => windowOut(n, kernel, stride, padding, dilation, false);
        const [h, w] = [size(shape[1]), size(shape[2])];
        if (h < 1 || w < 1) {
            const message = `${it.className} gets a ${shape[1]}x${shape[2]} input, too small`;
            // Why: under an assumed input the network may well be right and the guess wrong.
            ctx.fail(it.node, hint ? 'warning' : 'error', `${message}${hint}`);
        }
        return [h, w];
    };
    switch (spec.type) {
        case 'conv': {
            needImage();
            const groups = spec.groups ?? 1;
            if (shape[0] % groups !== 0 || spec.out % groups !== 0) {
                const channels = `${shape[0]} input and ${spec.out} output channels`;
                const message = `Conv2d groups=${groups} must divide ${channels}`;
                ctx.fail(it.node, 'error', message);
            }
            const hw = spatial(
                spec.kernel,
                spec.stride ?? 1,
                spec.padding ?? 0,
                spec.dilation ?? 1,
            );
            return [spec.out, ...hw];
        }
        case 'maxpool':
        case 'avgpool':
            needImage();
            return [
                shape[0],
                ...spatial(spec.kernel, spec.stride ?? spec.kernel, spec.padding ?? 0, 1),
            ];
        case 'globalavgpool':
            needImage();
            return [shape[0], 1, 1];
        case 'flatten':
            return [shape.reduce((a, b) => a * b, 1)];
        case 'linear':
            return [...shape.slice(0, -1), spec.out];
        default:
            return shape;
    }
}
