// The torch.nn constructors both Python readers know: PyTorch's positional parameter order and
// defaults, one entry per layer class. The nn.Sequential reader (layers.ts) and the static
// interpreter (interp/nnLayers.ts) bind arguments by this table and nothing else.

/** A default as PyTorch writes it (None is null). */
export type NnDefault = number | boolean | string | null;

export interface NnSignature {
    readonly params: readonly string[];
    /** Defaults of the optional parameters; a required one has none. */
    readonly defaults: Readonly<Record<string, NnDefault>>;
}

const sig = (params: readonly string[], defaults: NnSignature['defaults'] = {}): NnSignature => ({
    params,
    defaults,
});

const conv2d = sig(
    [
        'in_channels',
        'out_channels',
        'kernel_size',
        'stride',
        'padding',
        'dilation',
        'groups',
        'bias',
        'padding_mode',
    ],
    { stride: 1, padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros' },
);
const convTranspose2d = sig(
    [
        'in_channels',
        'out_channels',
        'kernel_size',
        'stride',
        'padding',
        'output_padding',
        'groups',
        'bias',
        'dilation',
    ],
    { stride: 1, padding: 0, output_padding: 0, groups: 1, bias: true, dilation: 1 },
);
const batchNorm = sig(['num_features', 'eps', 'momentum', 'affine'], {
    eps: 1e-5,
    momentum: 0.1,
    affine: true,
});
const inplace = sig(['inplace'], { inplace: false });
const dropout = sig(['p', 'inplace'], { p: 0.5, inplace: false });
const softmax = sig(['dim'], { dim: null });

/** Class name -> constructor signature. */
export const NN_SIGNATURES = {
    Conv2d: conv2d,
    ConvTranspose2d: convTranspose2d,
    Linear: sig(['in_features', 'out_features', 'bias'], { bias: true }),
    BatchNorm1d: batchNorm,
    BatchNorm2d: batchNorm,
    LayerNorm: sig(['normalized_shape', 'eps', 'elementwise_affine'], {
        eps: 1e-5,
        elementwise_affine: true,
    }),
    GroupNorm: sig(['num_groups', 'num_channels', 'eps', 'affine'], { eps: 1e-5, affine: true }),
    ReLU: inplace,
    ReLU6: inplace,
    SiLU: inplace,
    GELU: sig(['approximate'], { approximate: 'none' }),
    Sigmoid: sig([]),
    Tanh: sig([]),
    Hardswish: inplace,
    Hardsigmoid: inplace,
    Softmax: softmax,
    LogSoftmax: softmax,
    MaxPool2d: sig(
        ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
        // Why stride None: PyTorch then strides by the kernel size.
        { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false },
    ),
    AvgPool2d: sig(
        ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'],
        {
            stride: null,
            padding: 0,
            ceil_mode: false,
            count_include_pad: true,
            divisor_override: null,
        },
    ),
    AdaptiveAvgPool2d: sig(['output_size']),
    Flatten: sig(['start_dim', 'end_dim'], { start_dim: 1, end_dim: -1 }),
    Upsample: sig(['size', 'scale_factor', 'mode', 'align_corners'], {
        size: null,
        scale_factor: null,
        mode: 'nearest',
        align_corners: null,
    }),
    MultiheadAttention: sig(
        [
            'embed_dim',
            'num_heads',
            'dropout',
            'bias',
            'add_bias_kv',
            'add_zero_attn',
            'kdim',
            'vdim',
            'batch_first',
        ],
        {
            dropout: 0,
            bias: true,
            add_bias_kv: false,
            add_zero_attn: false,
            kdim: null,
            vdim: null,
            batch_first: false,
        },
    ),
    Identity: sig([]),
    Dropout: dropout,
    Dropout2d: dropout,
    AlphaDropout: dropout,
} satisfies Record<string, NnSignature>;

export type NnLayerName = keyof typeof NN_SIGNATURES;
