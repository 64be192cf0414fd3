// The library namespaces the interpreter implements: torch, torch.nn, torch.nn.functional,
// torch.nn.init, tensor methods, math, functools.partial and collections.OrderedDict. Any other
// library is opaque (its values have no static meaning).
// Why over 500 lines: one entry per library function (about 90), each short; split by namespace next.
import { arrayFunctions } from './arrays';
import { dictFrom } from './builtins';
import type { Runtime } from './runtime';
import { type Recorder, axis } from './recorder';
import { adaptiveAvgPool, pool, softmax, upsampleNearest } from './functionalOps';
import { bindArgs } from './layerArgs';
import { copyLayerConfig, nnClasses, parameterOwners } from './nnLayers';
import {
    type Args,
    BATCH,
    type Builtin,
    NotStatic,
    type PyDict,
    type PyModule,
    type PyObject,
    TENSOR_CLASS,
    type Tensor,
    type Val,
    int,
    isTensor,
    items,
    list,
    num,
    tuple,
    typeName,
} from './values';

const fn = (name: string, call: (a: Args) => Val): Builtin => ({ t: 'builtin', name, call });

function namespace(
    name: string,
    entries: Map<string, Val>,
    fallback?: (attr: string) => Val | undefined,
): PyModule {
    return { t: 'module', name, get: (attr) => entries.get(attr) ?? fallback?.(attr) };
}

const libraries = new WeakMap<Runtime, Map<string, PyModule>>();

/** The library module `name` if the interpreter implements or ignores it; else undefined. */
export function libraryModule(interp: Runtime, name: string): PyModule | undefined {
    let libs = libraries.get(interp);
    if (!libs) {
        libs = makeLibraries(interp);
        libraries.set(interp, libs);
    }
    const found = libs.get(name);
    if (name === 'typing' || name === 'typing_extensions') {
        const cast = fn('cast', (a) => a.positional[1] ?? null);
        return namespace(name, new Map<string, Val>([['cast', cast]]), (attr) => ({
            t: 'opaque',
            what: `${name}.${attr}`,
        }));
    }
    if (found) return found;
    const top = name.split('.')[0];
    if (top === 'torch') return libs.get('torch.opaque');
    if (OPAQUE_LIBRARIES.has(top))
        return namespace(name, new Map(), (attr) => ({ t: 'opaque', what: `${name}.${attr}` }));
    return undefined;
}

/** Libraries that never define a model's structure here; their names are opaque values. */
const OPAQUE_LIBRARIES = new Set([
    'typing',
    'warnings',
    'numpy',
    'os',
    'sys',
    'logging',
    'dataclasses',
    'enum',
    'abc',
    'itertools',
    'inspect',
    're',
    'json',
    'pathlib',
    'types',
    'typing_extensions',
    '__future__',
    'argparse',
    'time',
    'random',
]);

function recorderOf(interp: Runtime, what: string): Recorder {
    if (!interp.recorder) throw new NotStatic(`${what} outside the forward pass`);
    return interp.recorder;
}

function tensorArg(v: Val | undefined, what: string): Tensor {
    if (!isTensor(v ?? null))
        throw new NotStatic(`${what} expects a tensor, got ${typeName(v ?? null)}`);
    return v as Tensor;
}

/** `(2, 3)`, `[2, 3]` or `2, 3` as a list of ints. */
function sizes(a: Val[], what: string): number[] {
    const only = a[0];
    const xs =
        a.length === 1 &&
        only !== null &&
        typeof only === 'object' &&
        (only.t === 'tuple' || only.t === 'list')
            ? only.items
            : a;
    return xs.map((v) => int(v, what));
}

function makeLibraries(interp: Runtime): Map<string, PyModule> {
    const libs = new Map<string, PyModule>();
    const nn = nnClasses(interp);
    const act = (
        op: 'relu' | 'relu6' | 'silu' | 'gelu' | 'sigmoid' | 'tanh' | 'hardswish' | 'hardsigmoid',
    ) =>
        fn(op, (a) => {
            const x = tensorArg(a.positional[0] ?? a.keywords.get('input'), op);
            return recorderOf(interp, op).add(op, [x], x.shape);
        });
    const softmaxFn = (name: string, op: 'softmax' | 'logsoftmax') =>
        fn(name, (a) =>
            softmax(
                recorderOf(interp, name),
                tensorArg(a.positional[0], name),
                a.positional[1] ?? a.keywords.get('dim') ?? null,
                op,
            ),
        );
    /** F.max_pool2d / F.avg_pool2d: `params` after input, in F's order (not quite nn's). */
    const poolFn = (name: string, kind: 'maxpool' | 'avgpool', params: readonly string[]) =>
        fn(name, (a) =>
            pool(
                recorderOf(interp, name),
                tensorArg(a.positional[0], name),
                kind,
                bindArgs(name, ['input', ...params], a),
            ),
        );
    const passThrough = (name: string) =>
        fn(name, (a) => a.positional[0] ?? a.keywords.get('input') ?? null);
    const constant = (name: string) =>
        fn(name, (a) => {
            const shape = sizes(a.positional, name);
            return { t: 'tensor', id: -2, shape, isConstant: true } satisfies Tensor;
        });
    const F = new Map<string, Val>([
        ['relu', act('relu')],
        ['relu_', act('relu')],
        ['relu6', act('relu6')],
        ['silu', act('silu')],
        ['gelu', act('gelu')],
        ['sigmoid', act('sigmoid')],
        ['tanh', act('tanh')],
        ['hardswish', act('hardswish')],
        ['hardsigmoid', act('hardsigmoid')],
        ['dropout', passThrough('dropout')],
        ['dropout2d', passThrough('dropout2d')],
        ['softmax', softmaxFn('softmax', 'softmax')],
        ['log_softmax', softmaxFn('log_softmax', 'logsoftmax')],
        [
            'layer_norm',
            fn('layer_norm', (a) => {
                const c = bindArgs(
                    'layer_norm',
                    ['input', 'normalized_shape', 'weight', 'bias', 'eps'],
                    a,
                );
                const x = tensorArg(c.get('input'), 'layer_norm');
                const dims = sizes([c.get('normalized_shape') ?? null], 'normalized_shape');
                const w = c.get('weight') ?? null;
                const owner =
                    w !== null && typeof w === 'object' ? parameterOwners.get(w) : undefined;
                if (w !== null && !owner)
                    throw new NotStatic("layer_norm with a weight that is not a layer's own");
                const tail = x.shape.slice(x.shape.length - dims.length);
                if (tail.some((d, i) => d !== dims[i]))
                    throw new NotStatic(`layer_norm over [${dims}] of [${x.shape}]`);
                const attrs = { dims, affine: w !== null, eps: num(c.get('eps') ?? 1e-5, 'eps') };
                return recorderOf(interp, 'layer_norm').add(
                    'layernorm',
                    [x],
                    x.shape,
                    attrs,
                    owner?.path,
                );
            }),
        ],
        [
            'max_pool2d',
            poolFn('max_pool2d', 'maxpool', [
                'kernel_size',
                'stride',
                'padding',
                'dilation',
                'ceil_mode',
            ]),
        ],
        [
            'avg_pool2d',
            poolFn('avg_pool2d', 'avgpool', [
                'kernel_size',
                'stride',
                'padding',
                'ceil_mode',
                'count_include_pad',
            ]),
        ],
        [
            'adaptive_avg_pool2d',
            fn('adaptive_avg_pool2d', (a) =>
                adaptiveAvgPool(
                    recorderOf(interp, 'adaptive_avg_pool2d'),
                    tensorArg(a.positional[0], 'adaptive_avg_pool2d'),
                    a.positional[1] ?? a.keywords.get('output_size') ?? null,
                ),
            ),
        ],
        [
            'interpolate',
            fn('interpolate', (a) => {
                const c = bindArgs('interpolate', ['input', 'size', 'scale_factor', 'mode'], a);
                if ((c.get('mode') ?? 'nearest') !== 'nearest')
                    throw new NotStatic(
                        `interpolate(mode='${String(c.get('mode'))}') is not supported statically`,
                    );
                return upsampleNearest(
                    recorderOf(interp, 'interpolate'),
                    tensorArg(c.get('input'), 'interpolate'),
                    c.get('scale_factor') ?? null,
                    c.get('size') ?? null,
                );
            }),
        ],
    ]);
    const flatten = fn('flatten', (a) => {
        const c = bindArgs('flatten', ['input', 'start_dim', 'end_dim'], a);
        return recorderOf(interp, 'flatten').flatten(
            tensorArg(c.get('input'), 'flatten'),
            int(c.get('start_dim') ?? 0, 'start_dim'),
            int(c.get('end_dim') ?? -1, 'end_dim'),
        );
    });
    const torch: Map<string, Val> = new Map<string, Val>([
        ...arrayFunctions(),
        ['flatten', flatten],
        ['relu', act('relu')],
        ['sigmoid', act('sigmoid')],
        ['tanh', act('tanh')],
        [
            'cat',
            fn('cat', (a) => {
                const xs = items(
                    a.positional[0] ?? a.keywords.get('tensors') ?? null,
                    'torch.cat',
                ).map((x) => tensorArg(x, 'torch.cat'));
                return recorderOf(interp, 'torch.cat').cat(
                    xs,
                    int(a.positional[1] ?? a.keywords.get('dim') ?? 0, 'dim'),
                );
            }),
        ],
        ['concat', fn('concat', (a): Val => (torch.get('cat') as Builtin).call(a))],
        [
            'add',
            fn('add', (a) =>
                recorderOf(interp, 'torch.add').binary('+', a.positional[0], a.positional[1]),
            ),
        ],
        [
            'mul',
            fn('mul', (a) =>
                recorderOf(interp, 'torch.mul').binary('*', a.positional[0], a.positional[1]),
            ),
        ],
        [
            'matmul',
            fn('matmul', (a) =>
                recorderOf(interp, 'torch.matmul').binary('@', a.positional[0], a.positional[1]),
            ),
        ],
        ['zeros', constant('zeros')],
        ['ones', constant('ones')],
        ['empty', constant('empty')],
        ['randn', constant('randn')],
        ['rand', constant('rand')],
        ['_assert', fn('_assert', () => null)],
        ['is_tensor', fn('is_tensor', (a) => isTensor(a.positional[0] ?? null))],
        ['nn', namespace('torch.nn', new Map())],
        [
            'jit',
            namespace(
                'torch.jit',
                new Map<string, Val>([
                    ['is_scripting', fn('is_scripting', () => false)],
                    ['is_tracing', fn('is_tracing', () => false)],
                    ['annotate', fn('annotate', (a) => a.positional[1] ?? null)],
                ]),
                (attr) => ({ t: 'opaque', what: `torch.jit.${attr}` }),
            ),
        ],
        ['Tensor', TENSOR_CLASS],
    ]);
    for (const m of [
        'mean',
        'reshape',
        'permute',
        'transpose',
        'softmax',
        'unsqueeze',
        'squeeze',
        'chunk',
    ]) {
        torch.set(
            m,
            fn(m, (a) =>
                interp.call(interp.tensorAttr(tensorArg(a.positional[0], `torch.${m}`), m) as Val, {
                    positional: a.positional.slice(1),
                    keywords: a.keywords,
                }),
            ),
        );
    }
    const init = namespace('torch.nn.init', new Map(), (attr) =>
        fn(attr, (a) => a.positional[0] ?? null),
    ); // Init leaves shapes alone.
    const functional = namespace('torch.nn.functional', F);
    const parameter = fn('Parameter', (a) => {
        const t = tensorArg(a.positional[0] ?? a.keywords.get('data'), 'nn.Parameter');
        return {
            t: 'tensor',
            id: -2,
            shape: t.shape,
            isConstant: true,
            isParam: true,
        } satisfies Tensor;
    });
    const nnEntries = new Map<string, Val>([
        ...nn,
        ['functional', functional],
        ['init', init],
        ['Parameter', parameter],
    ]);
    const nnModule = namespace('torch.nn', nnEntries, (attr) =>
        attr === 'modules' ? nnModule : undefined,
    );
    torch.set('nn', nnModule);
    const torchModule = namespace('torch', torch, (attr) => ({
        t: 'opaque',
        what: `torch.${attr}`,
    }));
    libs.set('torch', torchModule);
    libs.set('torch.nn', nnModule);
    libs.set('torch.nn.functional', functional);
    libs.set('torch.nn.init', init);
    libs.set('torch.nn.modules', nnModule);
    libs.set(
        'torch.opaque',
        namespace('torch.*', new Map(), (attr) => ({ t: 'opaque', what: `torch.${attr}` })),
    );
    libs.set(
        'math',
        namespace(
            'math',
            new Map<string, Val>([
                ['ceil', fn('ceil', (a) => Math.ceil(num(a.positional[0], 'ceil')))],
                ['floor', fn('floor', (a) => Math.floor(num(a.positional[0], 'floor')))],
                ['sqrt', fn('sqrt', (a) => Math.sqrt(num(a.positional[0], 'sqrt')))],
                [
                    'log',
                    fn(
                        'log',
                        (a) =>
                            Math.log(num(a.positional[0], 'log')) /
                            (a.positional[1] === undefined
                                ? 1
                                : Math.log(num(a.positional[1], 'log'))),
                    ),
                ],
                ['log2', fn('log2', (a) => Math.log2(num(a.positional[0], 'log2')))],
                ['exp', fn('exp', (a) => Math.exp(num(a.positional[0], 'exp')))],
                [
                    'pow',
                    fn('pow', (a) => num(a.positional[0], 'pow') ** num(a.positional[1], 'pow')),
                ],
                [
                    'prod',
                    fn('prod', (a) =>
                        items(a.positional[0], 'prod').reduce<number>(
                            (p, x) => p * num(x, 'prod'),
                            1,
                        ),
                    ),
                ],
                ['pi', Math.PI],
                ['inf', Infinity],
            ]),
        ),
    );
    const partial = fn('partial', (a) => {
        const [target, ...bound] = a.positional;
        const keywords = new Map(a.keywords);
        return fn(`partial(${typeName(target)})`, (b) =>
            interp.call(target, {
                positional: [...bound, ...b.positional],
                keywords: new Map([...keywords, ...b.keywords]),
                site: b.site,
            }),
        );
    });
    libs.set(
        'functools',
        namespace('functools', new Map<string, Val>([['partial', partial]]), (attr) => ({
            t: 'opaque',
            what: `functools.${attr}`,
        })),
    );
    const orderedDict = fn('OrderedDict', (a) => dictFrom(a.positional[0], 'OrderedDict'));
    libs.set(
        'collections',
        namespace('collections', new Map<string, Val>([['OrderedDict', orderedDict]]), (attr) => ({
            t: 'opaque',
            what: `collections.${attr}`,
        })),
    );
    const copy = (deep: boolean) =>
        fn(deep ? 'deepcopy' : 'copy', (a) => copyValue(a.positional[0] ?? null, deep, new Map()));
    libs.set(
        'copy',
        namespace(
            'copy',
            new Map<string, Val>([
                ['copy', copy(false)],
                ['deepcopy', copy(true)],
            ]),
        ),
    );
    interp.tensorAttr = (t, name) => tensorMethod(interp, t, name);
    return libs;
}

/** copy.copy / copy.deepcopy of objects, lists and dicts (modules keep their class). */
function copyValue(v: Val, deep: boolean, memo: Map<object, Val>): Val {
    if (v === null || typeof v !== 'object') return v;
    if (memo.has(v)) return memo.get(v) as Val;
    const inner = (x: Val) => (deep ? copyValue(x, deep, memo) : x);
    switch (v.t) {
        case 'list':
        case 'tuple': {
            const out = { t: v.t, items: [] as Val[] };
            memo.set(v, out);
            out.items.push(...v.items.map(inner));
            return out;
        }
        case 'dict': {
            const out: PyDict = { t: 'dict', map: new Map() };
            memo.set(v, out);
            for (const [k, x] of v.map) out.map.set(k, inner(x));
            return out;
        }
        case 'obj': {
            const out: PyObject = { t: 'obj', cls: v.cls, attrs: new Map(), children: new Map() };
            memo.set(v, out);
            for (const [k, x] of v.attrs) out.attrs.set(k, inner(x));
            for (const [k, c] of v.children) out.children.set(k, inner(c) as PyObject);
            copyLayerConfig(v, out);
            return out;
        }
        default:
            return v;
    }
}

function tensorMethod(interp: Runtime, x: Tensor, name: string): Val | undefined {
    const m = (call: (a: Args) => Val) => fn(name, call);
    const rec = () => recorderOf(interp, `Tensor.${name}`);
    const dims = () => x.shape.length;
    switch (name) {
        case 'shape':
            return tuple([...x.shape]);
        case 'ndim':
            return x.shape.length;
        case 'size':
            return m((a) =>
                a.positional.length
                    ? x.shape[axis(int(a.positional[0], 'dim'), dims())]
                    : tuple([...x.shape]),
            );
        case 'dim':
            return m(() => dims());
        case 'view':
        case 'reshape':
            return m((a) => rec().reshape(x, sizes(a.positional, name)));
        case 'flatten':
            return m((a) => {
                const c = bindArgs('flatten', ['start_dim', 'end_dim'], a);
                return rec().flatten(
                    x,
                    int(c.get('start_dim') ?? 0, 'start_dim'),
                    int(c.get('end_dim') ?? -1, 'end_dim'),
                );
            });
        case 'permute':
            return m((a) => rec().permute(x, sizes(a.positional, 'permute')));
        case 'transpose':
            return m((a) => {
                const [i, j] = a.positional.map((v) => axis(int(v, 'dim'), dims()));
                const perm = x.shape.map((_, k) => (k === i ? j : k === j ? i : k));
                return rec().permute(x, perm);
            });
        case 'mean':
            return m((a) => {
                const c = bindArgs('mean', ['dim', 'keepdim'], a);
                const d = c.get('dim') ?? null;
                const axes =
                    d === null
                        ? x.shape.map((_, k) => k).filter((k) => x.shape[k] !== BATCH)
                        : typeof d === 'number'
                          ? [d]
                          : sizes([d], 'dim');
                return rec().mean(x, axes, c.get('keepdim') === true);
            });
        case 'unsqueeze':
            return m((a) => {
                const d = int(a.positional[0], 'dim');
                const at = d < 0 ? d + dims() + 1 : d;
                return rec().reshape(x, [...x.shape.slice(0, at), 1, ...x.shape.slice(at)]);
            });
        case 'squeeze':
            return m((a) => {
                const d = a.positional.length ? axis(int(a.positional[0], 'dim'), dims()) : -1;
                return rec().reshape(
                    x,
                    x.shape.filter((s, k) => !(s === 1 && (d < 0 || k === d))),
                );
            });
        case 'expand':
            return m((a) => rec().expand(x, sizes(a.positional, 'expand')));
        case 'softmax':
            return m((a) => softmax(rec(), x, a.positional[0] ?? a.keywords.get('dim') ?? null));
        case 'relu':
        case 'sigmoid':
        case 'tanh':
            return m(() => rec().add(name, [x], x.shape));
        case 'contiguous':
        case 'clone':
        case 'detach':
        case 'float':
        case 'to':
        case 'normal_':
        case 'uniform_':
        case 'zero_':
        case 'fill_':
        case 'trunc_normal_':
            return m(() => x);
        case 'chunk':
            return m((a) => {
                const c = bindArgs('chunk', ['chunks', 'dim'], a);
                const n = int(c.get('chunks') ?? null, 'chunks');
                const ax = axis(int(c.get('dim') ?? 0, 'dim'), dims());
                const size = Math.ceil(x.shape[ax] / n);
                const parts: Val[] = [];
                for (let s = 0; s < x.shape[ax]; s += size)
                    parts.push(rec().slice(x, ax, s, Math.min(s + size, x.shape[ax]), 1));
                return tuple(parts);
            });
        case 'add':
            return m((a) => rec().binary('+', x, a.positional[0]));
        case 'mul':
            return m((a) => rec().binary('*', x, a.positional[0]));
        case 'matmul':
            return m((a) => rec().binary('@', x, a.positional[0]));
        case '__getitem__':
            return m((a) => index(rec(), x, a.positional[0]));
        default:
            return undefined;
    }
}

/** `x[...]` with ints, slices, None and one Ellipsis. */
function index(r: Recorder, x: Tensor, key: Val): Tensor {
    const keys = key !== null && typeof key === 'object' && key.t === 'tuple' ? key.items : [key];
    const ellipsis = keys.findIndex(
        (k) => k !== null && typeof k === 'object' && k.t === 'opaque' && k.what === 'Ellipsis',
    );
    const used = keys.filter(
        (k) => k !== null && !(typeof k === 'object' && k.t === 'opaque'),
    ).length;
    const expanded: Val[] =
        ellipsis < 0
            ? keys
            : [
                  ...keys.slice(0, ellipsis),
                  ...Array<Val>(x.shape.length - used).fill({
                      t: 'slice',
                      items: [null, null, null],
                  }),
                  ...keys.slice(ellipsis + 1),
              ];
    let out = x;
    let ax = 0;
    const finalShape: number[] = [];
    for (const k of expanded) {
        if (k === null) {
            finalShape.push(1);
            continue;
        }
        if (typeof k === 'number') {
            out = r.slice(out, ax, k, k === -1 ? out.shape[ax] : k + 1, 1);
            ax++;
            continue;
        }
        if (typeof k === 'object' && k.t === 'slice') {
            const [s, e, st] = k.items;
            out = r.slice(
                out,
                ax,
                s === null ? 0 : int(s, 'slice'),
                e === null ? out.shape[ax] : int(e, 'slice'),
                st === null ? 1 : int(st, 'slice'),
            );
            finalShape.push(out.shape[ax]);
            ax++;
            continue;
        }
        throw new NotStatic(`indexing a tensor with ${typeName(k)} is not supported statically`);
    }
    finalShape.push(...out.shape.slice(ax));
    return r.reshape(out, finalShape);
}

export { list };
