// Helpers over tree-sitter Python nodes: source ranges in VS Code's units, dotted callee names,
// call arguments, and the per-file context that collects diagnostics while definitions are read.
import type { Node } from 'web-tree-sitter';
import type { SourceRange, SpecDiagnostic } from '../../spec/spec';
import { LineIndex } from '../lineIndex';

/** Thrown after a diagnostic was recorded: the definition being read yields no spec. */
export class SkipDefinition extends Error {}

/** What one `read` of a file shares: its text, lines, file name and the diagnostics so far. */
export class FileContext {
    readonly diagnostics: SpecDiagnostic[] = [];
    readonly lines: LineIndex;

    constructor(
        readonly file: string,
        readonly text: string,
    ) {
        this.lines = new LineIndex(text);
    }

    range(node: Node): SourceRange {
        return this.offsets(node.startIndex, node.endIndex);
    }

    offsets(start: number, end: number): SourceRange {
        return {
            file: this.file,
            start: this.lines.position(start),
            end: this.lines.position(end),
        };
    }

    report(node: Node, severity: SpecDiagnostic['severity'], message: string): void {
        this.diagnostics.push({ severity, message, range: this.range(node) });
    }

    /** Records a diagnostic and abandons the definition being read. */
    fail(node: Node, severity: SpecDiagnostic['severity'], message: string): never {
        this.report(node, severity, message);
        throw new SkipDefinition(message);
    }
}

/** `a.b.C` for identifier/attribute chains; undefined for anything else (calls, subscripts). */
export function dottedName(node: Node | null): string | undefined {
    const parts: string[] = [];
    let current = node;
    while (current) {
        if (current.type === 'identifier') {
            parts.unshift(current.text);
            return parts.join('.');
        }
        if (current.type !== 'attribute') return undefined;
        const attr = current.childForFieldName('attribute');
        if (!attr) return undefined;
        parts.unshift(attr.text);
        current = current.childForFieldName('object');
    }
    return undefined;
}

/** The last segment of a dotted name (`torch.nn.Conv2d` -> `Conv2d`). */
export function lastSegment(name: string): string {
    return name.slice(name.lastIndexOf('.') + 1);
}

/** The segments before the last one (`torch.nn.Conv2d` -> `torch.nn`). */
export function qualifier(name: string): string {
    const dot = name.lastIndexOf('.');
    return dot < 0 ? '' : name.slice(0, dot);
}

/** A call's arguments as written: positional values, keyword values by name, and any splats. */
export interface CallArgs {
    readonly positional: Node[];
    readonly keywords: Map<string, Node>;
    /** `*xs` and `**kw` arguments: they hide what the call receives. */
    readonly splats: Node[];
    /** Generator or other arguments the reader does not understand. */
    readonly other: Node[];
}

export function callArgs(call: Node): CallArgs {
    const args: CallArgs = { positional: [], keywords: new Map(), splats: [], other: [] };
    const list = call.childForFieldName('arguments');
    if (!list) return args;
    if (list.type !== 'argument_list') {
        args.other.push(list);
        return args;
    }
    for (const child of list.namedChildren) {
        if (!child || child.type === 'comment') continue;
        if (child.type === 'keyword_argument') {
            const name = child.childForFieldName('name');
            const value = child.childForFieldName('value');
            if (name && value) args.keywords.set(name.text, value);
            else args.other.push(child);
        } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
            args.splats.push(child);
        } else {
            args.positional.push(child);
        }
    }
    return args;
}

/** Shortens source text for a message. */
export function excerpt(node: Node, max = 40): string {
    const text = node.text.replace(/\s+/g, ' ');
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The statement holding `node` (the ancestor directly under the module or a block). */
export function enclosingStatement(node: Node): Node {
    let current = node;
    for (let parent = node.parent; parent; parent = parent.parent) {
        if (parent.type === 'module' || parent.type === 'block') return current;
        current = parent;
    }
    return current;
}
