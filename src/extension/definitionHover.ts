// Hover on a definition (where its CodeLens sits): what it was scored as (every cached proxy, its
// rank and against whom), the input shape it is built at and why, and the data. Reads only the
// parse cache and the score cache: a hover never starts the engine or Python.
import * as vscode from 'vscode';
import type { ArchitectureSpec } from '../core/spec/spec';
import { ArchitectureLensProvider, toRange } from './codeLens';
import { currentSettings } from './config';
import { type FileKey, type RankedScore, type ScoreCache, formatScore } from './scoreCache';
import type { SourceDocument, SpecReader } from './specReader';
import {
    SHOW_WHAT_CAN_BE_SCORED,
    WHAT_CAN_BE_SCORED,
    whatCanBeScoredLink,
} from './whatCanBeScored';

export interface DefinitionHoverDeps {
    readonly reader: SpecReader;
    readonly cache: ScoreCache;
    readonly fileKey: (file: string, text: string) => Promise<FileKey | undefined>;
    readonly isTrusted: () => boolean;
}

/** The input a definition is built at, and where that shape came from, in words. */
export function assumedInput(spec: ArchitectureSpec): { shape: string; from: string } {
    const show = (dims: readonly number[]) => dims.join('x');
    switch (spec.family) {
        case 'nb201':
            return {
                shape: show([3, spec.imageSize, spec.imageSize]),
                from: `the NB201 dataset setting (${spec.classes} classes)`,
            };
        case 'nb101':
        case 'darts':
        case 'darts-supernet':
            return {
                shape: show([3, spec.imageSize, spec.imageSize]),
                from: `the ${spec.family === 'nb101' ? 'NB101' : 'DARTS'} network (${spec.classes} classes)`,
            };
        case 'autoformer':
            return {
                shape: show([spec.inChannels, spec.imageSize, spec.imageSize]),
                from: `image_size ${spec.imageSize}, ${spec.patchSize}x${spec.patchSize} patches`,
            };
        case 'layers':
            return { shape: show(spec.input), from: "the file's 'input'" };
        case 'graph':
            return { shape: show(spec.input), from: spec.inputFrom };
        case 'pytorch':
            return spec.input
                ? { shape: show(spec.input), from: spec.inputFrom ?? 'the input rule' }
                : { shape: 'decided when traced', from: spec.inputFrom ?? 'the input rule' };
        case 'onnx':
            return { shape: "the model's input", from: spec.inputFrom ?? 'the ONNX file' };
    }
}

export class DefinitionHoverProvider implements vscode.HoverProvider {
    /** The documents that have lenses: the hover sits where they do. */
    static readonly selector = ArchitectureLensProvider.selector;

    constructor(private readonly deps: DefinitionHoverDeps) {}

    async provideHover(
        document: SourceDocument,
        position: vscode.Position,
    ): Promise<vscode.Hover | undefined> {
        const specs = (await this.deps.reader.read(document))?.specs ?? [];
        const spec = definitionAt(
            specs,
            position,
            /\.arch\.(ya?ml|json)$/i.test(document.fileName),
        );
        if (!spec?.source) return undefined;
        const key = await this.deps.fileKey(document.uri.fsPath, document.getText());
        const scored = key && this.deps.cache.get(key, spec.name);
        const markdown = new vscode.MarkdownString(
            hoverMarkdown(spec, scored || undefined, {
                data: this.deps.isTrusted()
                    ? currentSettings().data
                    : 'synthetic (untrusted workspace)',
                scoreLink: commandLink('lswag.scoreArchitecture', [document.uri, spec.name]),
            }),
        );
        // Why only these: the hover's links run our own commands, nothing else.
        markdown.isTrusted = {
            enabledCommands: [
                'lswag.scoreArchitecture',
                'lswag.openRankings',
                SHOW_WHAT_CAN_BE_SCORED,
            ],
        };
        return new vscode.Hover(markdown, toRange(spec.source));
    }
}

/**
 * The definition a hover at `position` is about: in architecture files anywhere in a candidate,
 * elsewhere only on the definition's first line (a class body has its own hovers).
 */
export function definitionAt(
    specs: readonly ArchitectureSpec[],
    position: { readonly line: number; readonly character: number },
    isArchitectureFile: boolean,
): ArchitectureSpec | undefined {
    const holding = specs.filter((s) => {
        if (!s.source) return false;
        const { start, end } = s.source;
        if (!isArchitectureFile) return position.line === start.line;
        return start.line <= position.line && position.line <= end.line;
    });
    // Why the shortest: a nested definition (a cell string inside a candidate) is the closer one.
    return holding.sort((a, b) => span(a) - span(b))[0];
}

const span = (s: ArchitectureSpec) => (s.source ? s.source.end.line - s.source.start.line : 0);

/** A command link; a Uri argument is serialised with its marker, so VS Code revives it as a Uri. */
const commandLink = (command: string, args: unknown[]) =>
    `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;

/** The hover's text (Markdown), from cached data only. */
export function hoverMarkdown(
    spec: ArchitectureSpec,
    scored: RankedScore | undefined,
    how: { readonly data: string; readonly scoreLink: string },
): string {
    const input = assumedInput(spec);
    const lines = [
        `**${escape(spec.name)}** (${spec.family})`,
        '',
        `Input ${input.shape}: ${escape(input.from)}  `,
        `Data: ${escape(how.data)}`,
    ];
    if (spec.family === 'pytorch') {
        lines.push('', `Needs tracing with Python: ${escape(spec.staticReason)}`);
    }
    if (!scored) {
        lines.push('', `Not scored yet. [Score](${how.scoreLink})`);
    } else {
        const r = scored.result;
        const rank =
            scored.value === null
                ? `no ${scored.proxy} value`
                : `rank ${scored.rank}/${scored.total} by ${scored.proxy} in ${scored.group.label}`;
        const stale = scored.isStale ? ' (stale: the definition changed since)' : '';
        lines.push('', `Scored on ${r.device} in ${r.seconds.toFixed(2)} s${stale}, ${rank}`, '');
        lines.push('| proxy | score |', '|---|---:|');
        for (const [proxy, value] of Object.entries(r.scores)) {
            lines.push(`| ${proxy} | ${formatScore(value)} |`);
        }
        for (const e of r.errors) lines.push('', `Error: ${escape(e)}`);
        lines.push('', `[Open Rankings](command:lswag.openRankings)`);
    }
    lines.push('', `[${WHAT_CAN_BE_SCORED}](${whatCanBeScoredLink().toString()})`);
    return lines.join('\n');
}

/** Markdown-escapes user text (names and reasons come from files). */
function escape(text: string): string {
    return text.replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`);
}
