// Typed node attributes. ONNX distinguishes int and float attributes, so values carry their kind.
import type { TensorData } from './tensor';

export type AttrValue =
    | { readonly kind: 'int'; readonly value: number }
    | { readonly kind: 'float'; readonly value: number }
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'ints'; readonly value: readonly number[] }
    | { readonly kind: 'floats'; readonly value: readonly number[] }
    | { readonly kind: 'tensor'; readonly value: TensorData };

export type Attrs = Readonly<Record<string, AttrValue>>;

export const int = (value: number): AttrValue => ({ kind: 'int', value });
export const float = (value: number): AttrValue => ({ kind: 'float', value });
export const str = (value: string): AttrValue => ({ kind: 'string', value });
export const ints = (value: readonly number[]): AttrValue => ({ kind: 'ints', value: [...value] });
export const floats = (value: readonly number[]): AttrValue => ({
    kind: 'floats',
    value: [...value],
});

/** Thrown for an attribute of the wrong kind or an absent required attribute. */
export class AttributeError extends Error {}

interface AttrValueTypes {
    int: number;
    float: number;
    string: string;
    ints: readonly number[];
    floats: readonly number[];
    tensor: TensorData;
}
type ValueOf<K extends AttrValue['kind']> = AttrValueTypes[K];

function read<K extends AttrValue['kind']>(
    attrs: Attrs,
    name: string,
    kind: K,
): ValueOf<K> | undefined {
    const a = attrs[name];
    if (a === undefined) return undefined;
    if (a.kind !== kind)
        throw new AttributeError(`attribute '${name}' is ${a.kind}, expected ${kind}`);
    return a.value as unknown as ValueOf<K>;
}

export function getInt(attrs: Attrs, name: string, fallback?: number): number {
    const v = read(attrs, name, 'int') ?? fallback;
    if (v === undefined) throw new AttributeError(`missing int attribute '${name}'`);
    return v;
}

export function getFloat(attrs: Attrs, name: string, fallback?: number): number {
    const v = read(attrs, name, 'float') ?? fallback;
    if (v === undefined) throw new AttributeError(`missing float attribute '${name}'`);
    return v;
}

export function getString(attrs: Attrs, name: string, fallback?: string): string {
    const v = read(attrs, name, 'string') ?? fallback;
    if (v === undefined) throw new AttributeError(`missing string attribute '${name}'`);
    return v;
}

export function getInts(
    attrs: Attrs,
    name: string,
    fallback?: readonly number[],
): readonly number[] {
    const v = read(attrs, name, 'ints') ?? fallback;
    if (v === undefined) throw new AttributeError(`missing ints attribute '${name}'`);
    return v;
}

export function getTensor(attrs: Attrs, name: string): TensorData | undefined {
    return read(attrs, name, 'tensor');
}
