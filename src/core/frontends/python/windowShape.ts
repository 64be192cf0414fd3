// PyTorch's shape rules for sliding windows (convolutions and pooling), shared by the nn.Sequential
// reader (layerShapes.ts) and the static interpreter (interp/nnLayers.ts).

/** Output size along one axis: floor((n + 2p - d(k - 1) - 1) / s) + 1, or ceil in ceil_mode. */
export function windowOut(
    size: number,
    k: number,
    s: number,
    p: number,
    d: number,
    ceil: boolean,
): number {
    const q = (size + 2 * p - d * (k - 1) - 1) / s;
    let out = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
    // Why: in ceil_mode the last window must start inside the input or its left padding.
    if (ceil && (out - 1) * s >= size + p) out--;
    return out;
}

/** A transposed convolution's output size: (n - 1)s - 2p + d(k - 1) + output_padding + 1. */
export function transposedWindowOut(
    size: number,
    k: number,
    s: number,
    p: number,
    d: number,
    outputPadding: number,
): number {
    return (size - 1) * s - 2 * p + d * (k - 1) + outputPadding + 1;
}

/**
 * The padding per side of padding='same' (d(k - 1) / 2), or undefined where PyTorch would pad one
 * side more than the other (an odd d(k - 1)), which neither reader expresses.
 */
export function samePadding(k: number, d: number): number | undefined {
    const total = d * (k - 1);
    return total % 2 === 0 ? total / 2 : undefined;
}
