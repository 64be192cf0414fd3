// `# lswag: input=3x224x224 classes=10` comments: found on the line above a definition (or at the
// end of its first line) and read into overrides. A malformed comment is a warning, not a failure.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from './syntax';

export interface Overrides {
    /** [C, H, W] or [features]. */
    readonly input?: readonly number[];
    readonly classes?: number;
    /** Python source of constructor arguments (`args=num_classes=10, depth=18`: the rest of the line). */
    readonly args?: string;
}

const PREFIX = 'lswag:';

export class OverrideComments {
    /** Lines holding only a comment (any: they may stand between an lswag comment and the code). */
    private readonly standaloneLines = new Set<number>();
    /** lswag comments by the line they are on. */
    private readonly byLine = new Map<number, Node>();
    private readonly parsed = new Map<number, Overrides>();

    constructor(private readonly ctx: FileContext) {}

    /** Records a `comment` node met while walking the tree. */
    add(comment: Node): void {
        const start = this.ctx.lines.position(comment.startIndex);
        const lineStart = comment.startIndex - start.character;
        if (this.ctx.text.slice(lineStart, comment.startIndex).trim() === '') {
            this.standaloneLines.add(start.line);
        }
        if (comment.text.slice(1).trimStart().startsWith(PREFIX)) {
            this.byLine.set(start.line, comment);
        }
    }

    /**
     * The overrides for a definition whose first lines are `lines` (its own, then its statement's):
     * a comment at the end of such a line, or in the block of comment lines just above it.
     * The nearest comment wins per key.
     */
    find(lines: readonly number[]): Overrides {
        const found: Overrides[] = [];
        for (const line of lines) {
            this.collect(line, found);
            for (let above = line - 1; this.standaloneLines.has(above); above--)
                this.collect(above, found);
        }
        return found.reduceRight((acc, o) => ({ ...acc, ...o }), {} as Overrides);
    }

    private collect(line: number, into: Overrides[]): void {
        const comment = this.byLine.get(line);
        if (comment) into.push(this.parse(comment));
    }

    private parse(comment: Node): Overrides {
        const cached = this.parsed.get(comment.id);
        if (cached) return cached;
        let body = comment.text.slice(1).trimStart().slice(PREFIX.length);
        const out: { input?: number[]; classes?: number; args?: string } = {};
        const argsAt = body.search(/(^|\s)args=/);
        if (argsAt >= 0) {
            out.args = body.slice(body.indexOf('args=', argsAt) + 'args='.length).trim();
            body = body.slice(0, argsAt);
        }
        for (const token of body.split(/[\s,;]+/).filter((t) => t !== '')) {
            const eq = token.indexOf('=');
            const key = eq < 0 ? token : token.slice(0, eq);
            const value = eq < 0 ? '' : token.slice(eq + 1);
            if (key === 'input') out.input = this.parseShape(comment, value);
            else if (key === 'classes') out.classes = this.parsePositive(comment, value, 'classes');
            else
                this.warn(
                    comment,
                    `unknown key '${key}' (expected input=CxHxW, classes=N or args=...)`,
                );
        }
        if (out.input === undefined) delete out.input;
        if (out.classes === undefined) delete out.classes;
        if (!out.args) delete out.args;
        this.parsed.set(comment.id, out);
        return out;
    }

    private parseShape(comment: Node, value: string): number[] | undefined {
        const dims = value.split(/[x×]/).map((d) => this.parsePositive(comment, d, 'input'));
        if (dims.some((d) => d === undefined)) return undefined;
        if (dims.length !== 1 && dims.length !== 3) {
            this.warn(comment, `input must be CxHxW or a feature count, got '${value}'`);
            return undefined;
        }
        return dims as number[];
    }

    private parsePositive(comment: Node, text: string, key: string): number | undefined {
        const n = /^\d+$/.test(text) ? Number(text) : NaN;
        if (Number.isSafeInteger(n) && n > 0) return n;
        this.warn(comment, `${key} must be a positive integer, got '${text}'`);
        return undefined;
    }

    private warn(comment: Node, message: string): void {
        this.ctx.report(comment, 'warning', `lswag comment: ${message}`);
    }
}
