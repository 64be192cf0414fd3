// nn.Module's Python API on interpreted modules: modules(), children(), add_module(), apply(),
// and the list/dict API of Sequential, ModuleList and ModuleDict (indexing, append, items...).
import { sliceItems } from './builtins';
import type { Runtime } from './runtime';
import {
    type Args,
    NotStatic,
    type PyClass,
    type PyObject,
    type Val,
    int,
    list,
    typeName,
} from './values';

export function addChild(self: PyObject, name: string, m: Val): void {
    if (m === null || typeof m !== 'object' || m.t !== 'obj')
        throw new NotStatic(`${typeName(m)} is not a module`);
    self.children.set(name, m);
}

function descendants(obj: PyObject, out: PyObject[] = []): PyObject[] {
    out.push(obj);
    for (const c of obj.children.values()) if (!out.includes(c)) descendants(c, out);
    return out;
}

export function moduleMethod(
    interp: Runtime,
    classes: Map<string, PyClass>,
    obj: PyObject,
    name: string,
): Val | undefined {
    const m = (call: (a: Args) => Val): Val => ({ t: 'builtin', name, call });
    const isSeq = [
        ...(function* () {
            for (let c: PyClass | undefined = obj.cls; c; c = c.bases[0]) yield c;
        })(),
    ].some(
        (c) =>
            c === classes.get('Sequential') ||
            c === classes.get('ModuleList') ||
            c === classes.get('ModuleDict'),
    );
    switch (name) {
        case 'training':
            return false;
        case 'modules':
            return m(() => list(descendants(obj)));
        case 'children':
            return m(() => list([...obj.children.values()]));
        case 'named_modules':
            return m(() =>
                list(descendants(obj).map((d) => ({ t: 'tuple', items: [d.path ?? '', d] }))),
            );
        case 'named_children':
            return m(() =>
                list([...obj.children].map(([k, c]) => ({ t: 'tuple', items: [k, c] }))),
            );
        case 'parameters':
            return m(() => list([]));
        case 'add_module':
        case 'register_module':
            return m((a) => {
                addChild(obj, String(a.positional[0]), a.positional[1]);
                return null;
            });
        case 'register_buffer':
            return m((a) => {
                obj.attrs.set(String(a.positional[0]), a.positional[1] ?? null);
                return null;
            });
        case 'register_parameter':
            return m((a) => {
                interp.setAttr(obj, String(a.positional[0]), a.positional[1] ?? null);
                return null;
            });
        case 'apply':
        case 'train':
        case 'eval':
        case 'to':
        case 'cuda':
        case 'cpu':
        case 'float':
        case 'requires_grad_':
            return m(() => obj); // Weight init and device moves leave the architecture as it is.
        case 'zero_grad':
        case 'load_state_dict':
            return m(() => null);
        default:
            break;
    }
    if (!isSeq) return undefined;
    const kids = () => [...obj.children.values()];
    switch (name) {
        case '__getitem__':
            return m((a) => {
                const k = a.positional[0];
                if (typeof k === 'string') {
                    const c = obj.children.get(k);
                    if (!c) throw new NotStatic(`no module '${k}'`);
                    return c;
                }
                if (k !== null && typeof k === 'object' && k.t === 'slice') {
                    const sub: PyObject = {
                        t: 'obj',
                        cls: obj.cls,
                        attrs: new Map(),
                        children: new Map(),
                    };
                    const names = sliceItems([...obj.children.keys()], k.items);
                    for (const n of names) sub.children.set(n, obj.children.get(n) as PyObject);
                    return sub;
                }
                const i = int(k, 'index');
                const all = kids();
                const c = all[i < 0 ? all.length + i : i];
                if (!c) throw new NotStatic(`index ${i} is out of range`);
                return c;
            });
        case 'append':
            return m((a) => {
                addChild(obj, String(obj.children.size), a.positional[0]);
                return obj;
            });
        case 'extend':
            return m((a) => {
                for (const v of interp.iterate(a.positional[0]))
                    addChild(obj, String(obj.children.size), v);
                return obj;
            });
        case 'insert':
            return m((a) => {
                const all = kids();
                all.splice(int(a.positional[0], 'index'), 0, a.positional[1] as PyObject);
                obj.children.clear();
                all.forEach((c, i) => obj.children.set(String(i), c));
                return null;
            });
        case 'items':
            return m(() =>
                list([...obj.children].map(([k, c]) => ({ t: 'tuple', items: [k, c] }))),
            );
        case 'keys':
            return m(() => list([...obj.children.keys()]));
        case 'values':
            return m(() => list(kids()));
        default:
            return undefined;
    }
}
