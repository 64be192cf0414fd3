// Python string formatting for the names models give their layers: `"denselayer%d" % (i + 1)`
// and `"{}_{}".format(a, b)`; an f-string is evaluated by the interpreter itself.
import { NotStatic, type Val, items, typeName } from './values';

function show(v: Val): string {
    if (v === null) return 'None';
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (typeof v === 'number' || typeof v === 'string') return String(v);
    return typeName(v);
}

/** `fmt % args` with %d, %i, %s, %r, %f and %%. */
export function percentFormat(fmt: string, args: Val): string {
    const values =
        args !== null && typeof args === 'object' && args.t === 'tuple' ? items(args, '%') : [args];
    let k = 0;
    return fmt.replace(
        /%([-+ 0#]*\d*(?:\.\d+)?)([diusrfg%])/g,
        (_m, _flags: string, conv: string) => {
            if (conv === '%') return '%';
            if (k >= values.length) throw new NotStatic('not enough arguments for format string');
            const v = values[k++];
            if (conv === 'd' || conv === 'i' || conv === 'u') return String(Math.trunc(Number(v)));
            return show(v);
        },
    );
}

/** `fmt.format(*positional, **keywords)` with `{}`, `{0}` and `{name}` fields. */
export function braceFormat(fmt: string, positional: Val[], keywords: Map<string, Val>): string {
    let next = 0;
    return fmt.replace(
        /\{\{|\}\}|\{([^{}:!]*)(?:![rsa])?(?::[^{}]*)?\}/g,
        (m, field: string | undefined) => {
            if (m === '{{') return '{';
            if (m === '}}') return '}';
            const key = field ?? '';
            const v =
                key === ''
                    ? positional[next++]
                    : /^\d+$/.test(key)
                      ? positional[Number(key)]
                      : keywords.get(key);
            if (v === undefined) throw new NotStatic(`format field '${key}' has no value`);
            return show(v);
        },
    );
}
