// The "Architecture Rankings" tree (`lswag.architectures`): every cached score under the current
// options, grouped by comparable group (kind, input, classes), sorted by a proxy the person picks.
// It reads the same cache as the lenses and refreshes when it changes; clicking opens the definition.
import path from 'node:path';
import * as vscode from 'vscode';
import { ranks } from '../core/rankings/groupRanks';
import { proxyById } from '../core/proxies/index';
import { parseSource } from './rankingsPanel';
import {
    type CachedScore,
    type FileKey,
    type ScoreCache,
    candidateKey,
    formatScore,
} from './scoreCache';
import type { SpecReader } from './specReader';

/** A node of the tree: a comparable group, or one scored architecture in it. */
export type ArchitectureNode =
    | { readonly kind: 'group'; readonly label: string; readonly members: readonly CachedScore[] }
    | {
          readonly kind: 'architecture';
          readonly score: CachedScore;
          /** 1-based position in its group by the sort proxy, and the group's size. */
          readonly rank: number;
          readonly total: number;
          readonly isStale: boolean;
      };

/** What the tree shows: each group's item and its architectures' items, in order. */
export type TreeSnapshot = readonly {
    readonly group: vscode.TreeItem;
    readonly items: readonly vscode.TreeItem[];
}[];

export interface ArchitecturesTreeDeps {
    readonly cache: ScoreCache;
    readonly reader: SpecReader;
    /** The options key scores are cached under now (undefined while the settings are invalid). */
    readonly optionsKey: () => Promise<string | undefined>;
    readonly fileKey: (file: string, text: string) => Promise<FileKey | undefined>;
    /** The proxies the settings score, offered by the sort command. */
    readonly proxies: () => readonly string[];
    /** The proxy lenses rank by: the default sort. */
    readonly rankingProxy: () => string;
}

/** A proxy's value in a result; params and flops are counts kept beside the scores. */
export function proxyValue(score: CachedScore, proxy: string): number | null {
    if (proxy === 'params') return score.result.params;
    if (proxy === 'flops') return score.result.flops;
    return score.result.scores[proxy] ?? null;
}

const labelOf = (proxy: string): string =>
    proxy === 'lswag' ? 'L-SWAG' : (proxyById(proxy)?.label ?? proxy);

export class ArchitecturesTree
    implements vscode.TreeDataProvider<ArchitectureNode>, vscode.Disposable
{
    static readonly viewId = 'lswag.architectures';

    private readonly changed = new vscode.EventEmitter<ArchitectureNode | undefined>();
    readonly onDidChangeTreeData = this.changed.event;
    private readonly subscriptions: { dispose(): void }[];
    private chosenSort: string | undefined;
    /** The files the tree lists: edits elsewhere (output channels included) never refresh it. */
    private shownFiles = new Set<string>();
    private timer: NodeJS.Timeout | undefined;

    constructor(private readonly deps: ArchitecturesTreeDeps) {
        this.subscriptions = [
            deps.cache.onDidChange(() => this.refresh()),
            // Why: an edit can make a listed score stale (or fresh again after an undo).
            vscode.workspace.onDidChangeTextDocument((e) => {
                if (this.shownFiles.has(e.document.uri.fsPath)) this.refreshSoon();
            }),
            { dispose: () => clearTimeout(this.timer) },
        ];
    }

    /** The proxy the architectures are sorted (and ranked) by. */
    get sortBy(): string {
        return this.chosenSort ?? this.deps.rankingProxy();
    }

    set sortBy(proxy: string) {
        this.chosenSort = proxy;
        this.refresh();
    }

    refresh(): void {
        this.changed.fire(undefined);
    }

    /** Refreshes once typing pauses. */
    private refreshSoon(): void {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refresh(), 300);
    }

    /** Asks which proxy to sort by (the view's title button). */
    async pickSort(): Promise<void> {
        const offered = [...new Set([...this.deps.proxies(), 'params', 'flops'])];
        const picked = await vscode.window.showQuickPick(
            offered.map((p) => ({
                label: labelOf(p),
                description: p === this.sortBy ? `${p} (current)` : p,
                proxy: p,
            })),
            { title: 'L-SWAG: Sort Architecture Rankings By', placeHolder: 'Largest first' },
        );
        if (picked) this.sortBy = picked.proxy;
    }

    async getChildren(node?: ArchitectureNode): Promise<ArchitectureNode[]> {
        if (node?.kind === 'architecture') return [];
        if (node?.kind === 'group') return this.architectures(node.members);
        const options = await this.deps.optionsKey();
        if (options === undefined) return [];
        const groups = new Map<string, CachedScore[]>();
        const all = this.deps.cache.all(options);
        this.shownFiles = new Set(all.map((s) => s.file));
        for (const score of all) {
            const list = groups.get(score.group.key) ?? [];
            list.push(score);
            groups.set(score.group.key, list);
        }
        return [...groups.values()]
            .map((members) => ({ kind: 'group' as const, label: members[0].group.label, members }))
            .sort((a, b) => b.members.length - a.members.length || a.label.localeCompare(b.label));
    }

    getTreeItem(node: ArchitectureNode): vscode.TreeItem {
        if (node.kind === 'group') {
            const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
            const n = node.members.length;
            item.description = n === 1 ? 'only one in its group' : `${n} architectures`;
            item.tooltip = `Scores rank only within this group: ${node.label}`;
            item.contextValue = 'lswagGroup';
            item.id = `group:${node.members[0].group.key}`;
            return item;
        }
        const { score } = node;
        const item = new vscode.TreeItem(score.name, vscode.TreeItemCollapsibleState.None);
        const value = proxyValue(score, this.sortBy);
        const where = node.total > 1 ? ` \u00b7 ${node.rank}/${node.total}` : '';
        const stale = node.isStale ? ' (stale)' : '';
        item.description = `${labelOf(this.sortBy)} ${formatScore(value)}${stale}${where} \u00b7 ${vscode.workspace.asRelativePath(score.file)}`;
        item.tooltip = [
            `${score.name} in ${score.file}`,
            ...(node.isStale ? ['Changed since scored: score it again for a fresh value.'] : []),
            ...Object.entries(score.result.scores).map(
                ([p, v]) => `${labelOf(p)}: ${formatScore(v)}`,
            ),
            ...score.result.errors,
        ].join('\n');
        item.contextValue = node.isStale ? 'lswagArchitecture.stale' : 'lswagArchitecture';
        item.id = `arch:${score.file}\n${score.name}`;
        item.iconPath = new vscode.ThemeIcon(
            score.result.errors.length > 0 ? 'warning' : 'symbol-class',
        );
        item.command = {
            title: 'Open Definition',
            command: 'vscode.open',
            arguments: [vscode.Uri.file(score.file), { selection: this.selectionOf(score) }],
        };
        return item;
    }

    /** The tree as shown, groups then their architectures' items (host tests read it). */
    async snapshot(): Promise<TreeSnapshot> {
        const out: { group: vscode.TreeItem; items: vscode.TreeItem[] }[] = [];
        for (const group of await this.getChildren()) {
            const items = (await this.getChildren(group)).map((a) => this.getTreeItem(a));
            out.push({ group: this.getTreeItem(group), items });
        }
        return out;
    }

    dispose(): void {
        for (const s of this.subscriptions.splice(0)) s.dispose();
        this.changed.dispose();
    }

    /** A group's architectures, best first by the sort proxy (missing values last). */
    private async architectures(members: readonly CachedScore[]): Promise<ArchitectureNode[]> {
        const proxy = this.sortBy;
        const r = ranks(members.map((m) => proxyValue(m, proxy)));
        const stale = await this.staleNames(members);
        return members
            .map((score, i) => ({
                kind: 'architecture' as const,
                score,
                rank: r[i],
                total: members.length,
                isStale: stale.has(`${score.file}\n${score.name}`),
            }))
            .sort((a, b) => a.rank - b.rank);
    }

    /** The members whose open document changed since they were scored (closed files are not read). */
    private async staleNames(members: readonly CachedScore[]): Promise<Set<string>> {
        const out = new Set<string>();
        for (const file of new Set(members.map((m) => m.file))) {
            const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
            if (!document) continue;
            const key = await this.deps.fileKey(file, document.getText());
            const read = await this.deps.reader.read(document);
            if (!key || !read) continue;
            const specs = new Map(read.specs.map((s) => [s.name, s]));
            for (const m of members.filter((x) => x.file === file)) {
                const spec = specs.get(m.name);
                if (!spec || !this.deps.cache.isFresh(candidateKey(key, spec)))
                    out.add(`${file}\n${m.name}`);
            }
        }
        return out;
    }

    /** Where the definition starts: its spec's range, else the result's `file:line`. */
    private selectionOf(score: CachedScore): vscode.Range {
        const source = score.spec?.source;
        if (source && source.cell === undefined)
            return new vscode.Range(
                source.start.line,
                source.start.character,
                source.start.line,
                source.start.character,
            );
        const line = path.isAbsolute(score.file) ? parseSource(score.result.source).line - 1 : 0;
        return new vscode.Range(line, 0, line, 0);
    }
}
