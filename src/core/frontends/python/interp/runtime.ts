// What the library modules (builtins, torch.nn, torch) need from the interpreter, as an interface:
// keeps the interpreter's imports one-way (interpreter -> libraries -> runtime -> values).
import type { Node } from 'web-tree-sitter';
import type { Recorder } from './recorder';
import type { Args, PyEnv, PyObject, Tensor, Val } from './values';

export interface Runtime {
    /** The forward pass being recorded, if any. */
    recorder?: Recorder;
    call(fn: Val, args: Args, site?: Node): Val;
    iterate(v: Val, node?: Node): Val[];
    findAttr(obj: Val, name: string, node?: Node): Val | undefined;
    setAttr(obj: Val, name: string, v: Val, node?: Node): void;
    importValue(from: PyEnv, module: string, attr?: string): Val;
    defineTopLevel(env: PyEnv, name: string, node: Node): Val;
    moduleMethods: (obj: PyObject, name: string) => Val | undefined;
    primitiveAttr: (v: Val, name: string) => Val | undefined;
    containerAttr: (v: Val, name: string, node?: Node) => Val | undefined;
    tensorAttr: (t: Tensor, name: string, node?: Node) => Val | undefined;
}
