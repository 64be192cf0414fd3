// Which scored architectures may be ranked against each other: zero-cost scores compare only between
// networks of one kind fed the same input and predicting the same number of classes. Pure (core/spec
// only), so the lenses, the tree and the tests agree on one key.
import type { ArchitectureSpec, Family } from '../spec/spec';

/** What makes scores comparable: the kind of network, its per-sample input and its classes. */
export interface ComparableGroup {
    /** Equal keys rank together: `kind|input|classes`. */
    readonly key: string;
    /** Shown after "rank k/n in": "NB201 3x32x32 / 10 classes". */
    readonly label: string;
    readonly kind: GroupKind;
    /** Per-sample input ([C, H, W] or [features]); undefined when only the model file knows it. */
    readonly input?: readonly number[];
    /** Undefined when only the model file knows it (an ONNX file, a traced PyTorch model). */
    readonly classes?: number;
}

/** The kinds of network whose scores are kept apart; PyTorch covers static and traced models. */
export type GroupKind = 'nb201' | 'nb101' | 'darts' | 'vit' | 'layers' | 'pytorch' | 'onnx';

const KIND_LABELS: Readonly<Record<GroupKind, string>> = {
    nb201: 'NB201',
    nb101: 'NB101',
    darts: 'DARTS',
    vit: 'ViT',
    layers: 'layer list',
    pytorch: 'PyTorch',
    onnx: 'ONNX',
};

/** The group a definition's score belongs to. */
export function comparableGroup(spec: ArchitectureSpec): ComparableGroup {
    switch (spec.family) {
        case 'nb201':
            // Why 3 channels: the NB201 skeleton's stem always reads RGB images.
            return group('nb201', [3, spec.imageSize, spec.imageSize], spec.classes);
        case 'nb101':
            return group('nb101', [3, spec.imageSize, spec.imageSize], spec.classes);
        case 'darts':
        case 'darts-supernet':
            return group('darts', [3, spec.imageSize, spec.imageSize], spec.classes);
        case 'autoformer':
            return group('vit', [spec.inChannels, spec.imageSize, spec.imageSize], spec.classes);
        case 'layers':
            return group('layers', spec.input, spec.classes);
        case 'graph':
            return group('pytorch', spec.input, spec.classes);
        case 'pytorch':
            return group('pytorch', spec.input, undefined);
        case 'onnx':
            // Why: a traced PyTorch definition arrives as an ONNX spec that says where its input came from.
            return group(spec.inputFrom ? 'pytorch' : 'onnx', spec.input, undefined);
    }
}

/** The kind of a family, for callers that have a result but not its spec. */
export function kindOfFamily(family: Family): GroupKind {
    const kinds: Readonly<Record<Family, GroupKind>> = {
        nb201: 'nb201',
        nb101: 'nb101',
        darts: 'darts',
        'darts-supernet': 'darts',
        autoformer: 'vit',
        layers: 'layers',
        graph: 'pytorch',
        pytorch: 'pytorch',
        onnx: 'onnx',
    };
    return kinds[family];
}

/** A group from its parts; the label names what is unknown instead of guessing it. */
export function group(
    kind: GroupKind,
    input: readonly number[] | undefined,
    classes: number | undefined,
): ComparableGroup {
    const shape = input && input.length > 0 ? input.join('x') : undefined;
    const key = `${kind}|${shape ?? '?'}|${classes ?? '?'}`;
    const label = [
        KIND_LABELS[kind],
        shape ?? 'input from the model',
        '/',
        classes === undefined ? 'classes from the model' : `${classes} classes`,
    ].join(' ');
    return {
        key,
        label,
        kind,
        ...(input && input.length > 0 ? { input: [...input] } : {}),
        ...(classes === undefined ? {} : { classes }),
    };
}
