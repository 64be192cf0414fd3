// CodeLens above every definition the front ends find: "Score" before scoring, the score and its rank
// within its comparable group after, marked stale once the definition changed. Split as VS Code
// intends: `provideCodeLenses` finds ranges (a parse), `resolveCodeLens` looks the title up in the cache.
import * as vscode from 'vscode';
import type { SpaceId } from '../core/spec/spaceId';
import { spaceOf } from '../core/search/spaces';
import type { Family, SourceRange } from '../core/spec/spec';
import { currentSettings } from './config';
import { type PresetIndex, libraRank } from './presetIndex';
import {
    type CandidateKey,
    type FileKey,
    type ScoreCache,
    candidateKey,
    formatScore,
    lensTitle,
} from './scoreCache';
import { NOTEBOOK_CELL_SCHEME, type SourceDocument, type SpecReader } from './specReader';

/** What a lens click on a scored definition passes to `lswag.openRankings`. */
export interface ArchitectureTarget {
    readonly file: string;
    readonly name: string;
}

export class ArchitectureLens extends vscode.CodeLens {
    constructor(
        range: vscode.Range,
        readonly uri: vscode.Uri,
        /** The candidate's cache key under the current options (undefined while they are invalid). */
        readonly key: CandidateKey | undefined,
        readonly name: string,
        readonly family: Family,
        /** The search space of the definition, for LIBRA presets (undefined outside our spaces). */
        readonly space?: SpaceId,
    ) {
        super(range);
    }
}

export interface ArchitectureLensDeps {
    readonly reader: SpecReader;
    readonly cache: ScoreCache;
    readonly fileKey: (file: string, text: string) => Promise<FileKey | undefined>;
    readonly isTrusted: () => boolean;
    /** Saved LIBRA presets; a lens adds the rank under the newest preset of its space. */
    readonly presets?: PresetIndex;
}

export const toRange = (r: SourceRange): vscode.Range =>
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export class ArchitectureLensProvider
    implements vscode.CodeLensProvider<ArchitectureLens>, vscode.Disposable
{
    /** Architecture files, Python sources and notes that may hold NAS-Bench-201 cell strings. */
    static readonly selector: vscode.DocumentSelector = [
        { scheme: 'file', pattern: '**/*.arch.{yaml,yml,json}' },
        { scheme: 'file', language: 'python' },
        { scheme: NOTEBOOK_CELL_SCHEME, language: 'python' },
        { scheme: 'file', pattern: '**/*.{md,txt}' },
    ];

    private readonly changed = new vscode.EventEmitter<void>();
    readonly onDidChangeCodeLenses = this.changed.event;
    private readonly onLoad: vscode.Disposable;

    constructor(private readonly deps: ArchitectureLensDeps) {
        // Why: Python lenses are absent until the parser has loaded; this asks VS Code again.
        this.onLoad = deps.reader.onDidLoadPython(() => this.refresh());
    }

    /** Asks VS Code for fresh lenses (after a score, a settings or a trust change). */
    refresh(): void {
        this.changed.fire();
    }

    async provideCodeLenses(document: SourceDocument): Promise<ArchitectureLens[]> {
        if (!currentSettings().codeLens) return [];
        const result = await this.deps.reader.read(document);
        if (!result || result.specs.length === 0) return [];
        const key = await this.deps.fileKey(document.uri.fsPath, document.getText());
        // Why here: resolveCodeLens is synchronous, so the preset folder is read (once) before it.
        await this.deps.presets?.ensureLoaded();
        // Why only a clean read of a whole file: a broken candidate keeps its last score (the tree
        // lists it) and a notebook cell holds only some of its notebook's definitions.
        const isClean = !result.diagnostics.some((d) => d.severity === 'error');
        if (isClean && document.uri.scheme === 'file')
            this.deps.cache.retainNames(
                document.uri.fsPath,
                result.specs.map((s) => s.name),
            );
        return result.specs.flatMap((spec) =>
            spec.source
                ? [
                      new ArchitectureLens(
                          toRange(spec.source),
                          document.uri,
                          key && candidateKey(key, spec),
                          spec.name,
                          spec.family,
                          spaceOf(spec),
                      ),
                  ]
                : [],
        );
    }

    resolveCodeLens(lens: ArchitectureLens): ArchitectureLens {
        lens.command = this.commandFor(lens);
        return lens;
    }

    /** The lens's title and what clicking it does. */
    commandFor(lens: ArchitectureLens): vscode.Command {
        if (lens.family === 'onnx' && !this.deps.isTrusted()) {
            return {
                title: 'Trust the workspace to score ONNX models',
                command: 'workbench.trust.manage',
                tooltip: 'ONNX files are read only in trusted workspaces',
            };
        }
        const scored = lens.key && this.deps.cache.get(lens.key);
        if (!scored) {
            return {
                title: 'Score',
                command: 'lswag.scoreArchitecture',
                arguments: [lens.uri, lens.name],
                tooltip: `Score '${lens.name}' with zero-cost proxies`,
            };
        }
        const r = scored.result;
        const target: ArchitectureTarget = { file: lens.uri.fsPath, name: lens.name };
        const group = `Ranked among ${scored.total} scored in ${scored.group.label}`;
        const others = Object.entries(r.scores)
            .filter(([p]) => p !== scored.proxy)
            .map(([p, v]) => `${p} ${formatScore(v)}`);
        // Why cheap: the peers and the preset are in memory; ranking them is O(n log n), no I/O.
        const preset = this.deps.presets?.forSpace(lens.space);
        const libra =
            preset && lens.key && libraRank(preset.preset, this.deps.cache.peers(lens.key), r);
        const presetLine =
            preset && libra
                ? [`LIBRA preset '${preset.name}': ${preset.preset.picks.join(' + ')}`]
                : [];
        // Why a click scores a stale lens: its number belongs to the definition as it was.
        const click: Pick<vscode.Command, 'command' | 'arguments'> = scored.isStale
            ? { command: 'lswag.scoreArchitecture', arguments: [lens.uri, lens.name] }
            : { command: 'lswag.openRankings', arguments: [target] };
        return {
            title: lensTitle(scored, libra || undefined),
            ...click,
            tooltip: [
                ...(scored.isStale
                    ? [`'${lens.name}' changed since this score; click to score it again`]
                    : []),
                `'${lens.name}' on ${r.device} in ${r.seconds.toFixed(2)} s`,
                group,
                ...others,
                ...presetLine,
                ...r.errors,
            ].join('\n'),
        };
    }

    dispose(): void {
        this.onLoad.dispose();
        this.changed.dispose();
    }
}
