// Checks the layering invariants of STYLE.md over src/**/*.ts and webview/**/*.ts: which folder may
// import vscode, onnxruntime and other folders, and that relative imports form no cycle, neither
// between files nor between folders (each src/core subfolder, each other src/ and webview/ folder).
// The direction between protocol and core: src/core/spec (plain data: architecture specs, score
// options and results, self-test results, space ids) is the bottom and imports nothing outside
// itself; src/protocol sits on it and imports from src/ only src/protocol and src/core/spec; the rest
// of src/core never imports src/protocol. The hosts reach the worker only through src/engine (which
// forks it), and the extension imports nothing from the webview's browser code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';

/** A source file: its repository-relative POSIX path and its text. */
interface SourceFile {
    path: string;
    text: string;
}

type RuleId =
    | 'coreNoVscode'
    | 'coreNoOnnxruntime'
    | 'coreNoHostLayers'
    | 'onnxruntimeOnlyInWorker'
    | 'vscodeOnlyInExtension'
    | 'webviewOnlyProtocolFromSrc'
    | 'protocolOnlyCoreSpecFromSrc'
    | 'specImportsOnlySpec'
    | 'coreNoProtocol'
    | 'extensionNoWebview'
    | 'workerOnlyThroughEngine';

interface Violation {
    rule: RuleId;
    message: string;
}

/** One import as written (`specifier`) and, for relative ones, the repository path it points at. */
interface ImportRef {
    specifier: string;
    target: string | undefined;
}

interface Rule {
    id: RuleId;
    reason: string;
    isViolation(file: string, ref: ImportRef): boolean;
}

const isVscode = (spec: string): boolean => spec === 'vscode' || spec.startsWith('vscode/');
const isOnnxruntime = (spec: string): boolean => /^onnxruntime(-[a-z]+)?(\/|$)/.test(spec);
const isUnder = (file: string | undefined, dir: string): boolean =>
    file !== undefined && file.startsWith(`${dir}/`);
const hostLayers = ['src/extension', 'src/worker', 'src/cli'];

const rules: readonly Rule[] = [
    {
        id: 'coreNoVscode',
        reason: 'src/core/** must not import vscode',
        isViolation: (file, ref) => isUnder(file, 'src/core') && isVscode(ref.specifier),
    },
    {
        id: 'coreNoOnnxruntime',
        reason: 'src/core/** must not import onnxruntime',
        isViolation: (file, ref) => isUnder(file, 'src/core') && isOnnxruntime(ref.specifier),
    },
    {
        id: 'coreNoHostLayers',
        reason: 'src/core/** must not import src/extension, src/worker or src/cli',
        isViolation: (file, ref) =>
            isUnder(file, 'src/core') && hostLayers.some((dir) => isUnder(ref.target, dir)),
    },
    {
        id: 'onnxruntimeOnlyInWorker',
        reason: 'only src/worker/** may import onnxruntime',
        isViolation: (file, ref) => !isUnder(file, 'src/worker') && isOnnxruntime(ref.specifier),
    },
    {
        id: 'vscodeOnlyInExtension',
        reason: 'only src/extension/** may import vscode',
        isViolation: (file, ref) => !isUnder(file, 'src/extension') && isVscode(ref.specifier),
    },
    {
        id: 'webviewOnlyProtocolFromSrc',
        reason: 'webview/** may import from src/ only src/protocol/**',
        isViolation: (file, ref) =>
            isUnder(file, 'webview') &&
            isUnder(ref.target, 'src') &&
            !isUnder(ref.target, 'src/protocol'),
    },
    {
        id: 'protocolOnlyCoreSpecFromSrc',
        reason: 'src/protocol/** may import from src/ only src/protocol/** and src/core/spec/**',
        isViolation: (file, ref) =>
            isUnder(file, 'src/protocol') &&
            isUnder(ref.target, 'src') &&
            !isUnder(ref.target, 'src/protocol') &&
            !isUnder(ref.target, 'src/core/spec'),
    },
    {
        id: 'specImportsOnlySpec',
        reason: 'src/core/spec/** may import from src/ only src/core/spec/**',
        isViolation: (file, ref) =>
            isUnder(file, 'src/core/spec') &&
            isUnder(ref.target, 'src') &&
            !isUnder(ref.target, 'src/core/spec'),
    },
    {
        id: 'coreNoProtocol',
        reason: 'src/core/** must not import src/protocol (protocol sits on core/spec, not under core)',
        isViolation: (file, ref) =>
            isUnder(file, 'src/core') && isUnder(ref.target, 'src/protocol'),
    },
    {
        id: 'extensionNoWebview',
        reason: 'src/extension/** must not import webview/** (browser code, bundled separately)',
        isViolation: (file, ref) =>
            isUnder(file, 'src/extension') && isUnder(ref.target, 'webview'),
    },
    {
        id: 'workerOnlyThroughEngine',
        reason: 'only src/worker/** may import src/worker (hosts run it through src/engine)',
        isViolation: (file, ref) =>
            !isUnder(file, 'src/worker') && isUnder(ref.target, 'src/worker'),
    },
];

/** Module specifiers of every import, export-from, require() and import() in `text`. */
function importSpecifiers(text: string): string[] {
    return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
}

/** Resolves a relative specifier to a known file (`x.ts`, `x/index.ts`, `x.js` → `x.ts`). */
function resolveTarget(
    from: string,
    specifier: string,
    known: ReadonlySet<string>,
): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
    return candidates.find((candidate) => known.has(candidate)) ?? base;
}

function importRefs(file: SourceFile, known: ReadonlySet<string>): ImportRef[] {
    return importSpecifiers(file.text).map((specifier) => ({
        specifier,
        target: resolveTarget(file.path, specifier, known),
    }));
}

/** Every layering violation in `files`, each naming the file, the import and the rule. */
function checkLayering(files: readonly SourceFile[]): Violation[] {
    const known = new Set(files.map((file) => file.path));
    const violations: Violation[] = [];
    for (const file of files) {
        for (const ref of importRefs(file, known)) {
            for (const rule of rules.filter((r) => r.isViolation(file.path, ref))) {
                const message = `${file.path} imports '${ref.specifier}': ${rule.reason}`;
                violations.push({ rule: rule.id, message });
            }
        }
    }
    return violations;
}

/** Every import cycle among relative imports, one per strongly connected component, as a path. */
function findCycles(files: readonly SourceFile[]): string[][] {
    const known = new Set(files.map((file) => file.path));
    const edges = new Map<string, string[]>();
    for (const file of files) {
        const targets = importRefs(file, known)
            .map((ref) => ref.target)
            .filter((target): target is string => target !== undefined && known.has(target));
        edges.set(file.path, [...new Set(targets)].sort());
    }
    return stronglyConnected(edges)
        .filter((scc) => scc.length > 1 || (edges.get(scc[0]) ?? []).includes(scc[0]))
        .map((scc) => cycleThrough(scc, edges));
}

/** The layering unit a file belongs to: `src/core/<sub>`, `src/<folder>` or `webview/<folder>`. */
function folderOf(file: string): string {
    const parts = file.split('/');
    const depth = parts[0] === 'src' && parts[1] === 'core' ? 3 : 2;
    return parts.slice(0, Math.min(depth, parts.length - 1)).join('/');
}

/** Every import cycle between folders (see folderOf), one per strongly connected component. */
function findFolderCycles(files: readonly SourceFile[]): string[][] {
    const known = new Set(files.map((file) => file.path));
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
        const from = folderOf(file.path);
        const targets = edges.get(from) ?? new Set<string>();
        for (const ref of importRefs(file, known)) {
            if (ref.target === undefined || !known.has(ref.target)) continue;
            const to = folderOf(ref.target);
            if (to !== from) targets.add(to);
        }
        edges.set(from, targets);
    }
    const sorted = new Map([...edges].map(([from, to]) => [from, [...to].sort()]));
    return stronglyConnected(sorted)
        .filter((scc) => scc.length > 1)
        .map((scc) => cycleThrough(scc, sorted));
}

/** Tarjan's algorithm; components come out with their members sorted. */
function stronglyConnected(edges: ReadonlyMap<string, string[]>): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const components: string[][] = [];
    const visit = (node: string): void => {
        index.set(node, index.size);
        low.set(node, index.get(node)!);
        stack.push(node);
        onStack.add(node);
        for (const next of edges.get(node) ?? []) {
            if (!index.has(next)) {
                visit(next);
                low.set(node, Math.min(low.get(node)!, low.get(next)!));
            } else if (onStack.has(next)) {
                low.set(node, Math.min(low.get(node)!, index.get(next)!));
            }
        }
        if (low.get(node) === index.get(node)) {
            const component: string[] = [];
            let member: string;
            do {
                member = stack.pop()!;
                onStack.delete(member);
                component.push(member);
            } while (member !== node);
            components.push(component.sort());
        }
    };
    [...edges.keys()].sort().forEach((node) => index.has(node) || visit(node));
    return components;
}

/** A shortest cycle from the component's first member back to itself (breadth-first). */
function cycleThrough(component: string[], edges: ReadonlyMap<string, string[]>): string[] {
    const members = new Set(component);
    const start = component[0];
    const parent = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
        const node = queue.shift()!;
        for (const next of edges.get(node) ?? []) {
            if (!members.has(next)) continue;
            if (next === start) {
                const cycle = [start];
                for (let at = node; at !== start; at = parent.get(at)!) cycle.splice(1, 0, at);
                return [...cycle, start];
            }
            if (!parent.has(next)) {
                parent.set(next, node);
                queue.push(next);
            }
        }
    }
    return [...component, start];
}

const repoRoot = path.resolve(__dirname, '../..');

/** Reads every .ts file under the given repository folders. */
function readSources(dirs: readonly string[]): SourceFile[] {
    return dirs.flatMap((dir) => {
        let entries: string[];
        try {
            entries = readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' });
        } catch {
            return [];
        }
        return entries
            .filter((entry) => entry.endsWith('.ts'))
            .map((entry) => `${dir}/${entry.split(path.sep).join('/')}`)
            .sort()
            .map((file) => ({ path: file, text: readFileSync(path.join(repoRoot, file), 'utf8') }));
    });
}

const sources = readSources(['src', 'webview']);
const violations = checkLayering(sources);

function assertNoViolations(ruleIds: readonly RuleId[]): void {
    const messages = violations
        .filter((violation) => ruleIds.includes(violation.rule))
        .map((violation) => violation.message);
    assert.equal(messages.length, 0, `layering violations:\n  ${messages.join('\n  ')}`);
}

test('scanFindsTheEntryPoints', () => {
    const paths = sources.map((file) => file.path);
    assert.ok(paths.includes('src/extension/main.ts'), 'src/extension/main.ts was not scanned');
    assert.ok(
        paths.includes('webview/rankings/main.ts'),
        'webview/rankings/main.ts was not scanned',
    );
});

test('coreImportsNeitherVscodeNorOnnxruntimeNorHostLayers', () => {
    assertNoViolations(['coreNoVscode', 'coreNoOnnxruntime', 'coreNoHostLayers']);
});

test('onlyWorkerImportsOnnxruntime', () => {
    assertNoViolations(['onnxruntimeOnlyInWorker']);
});

test('onlyExtensionImportsVscode', () => {
    assertNoViolations(['vscodeOnlyInExtension']);
});

test('webviewImportsOnlyProtocolFromSrc', () => {
    assertNoViolations(['webviewOnlyProtocolFromSrc']);
});

test('sourcesHaveNoImportCycles', () => {
    const cycles = findCycles(sources).map((cycle) => cycle.join(' -> '));
    assert.equal(cycles.length, 0, `import cycles:\n  ${cycles.join('\n  ')}`);
});

test('protocolImportsOnlyCoreSpecAndCoreNeverImportsProtocol', () => {
    assertNoViolations(['protocolOnlyCoreSpecFromSrc', 'specImportsOnlySpec', 'coreNoProtocol']);
});

test('extensionImportsNothingFromWebview', () => {
    assertNoViolations(['extensionNoWebview']);
});

test('onlyWorkerImportsWorkerSoHostsGoThroughTheEngine', () => {
    assertNoViolations(['workerOnlyThroughEngine']);
});

test('foldersHaveNoImportCycles', () => {
    const cycles = findFolderCycles(sources).map((cycle) => cycle.join(' -> '));
    assert.equal(cycles.length, 0, `folder import cycles:\n  ${cycles.join('\n  ')}`);
});

test('checkerReportsEachViolationWithFileAndImport', () => {
    const files: SourceFile[] = [
        { path: 'src/core/ir/graph.ts', text: "import * as vscode from 'vscode';" },
        { path: 'src/core/ir/run.ts', text: "const ort = require('onnxruntime-node');" },
        { path: 'src/core/ir/leak.ts', text: "export * from '../../extension/ctx';" },
        { path: 'src/extension/ctx.ts', text: "import type { Tensor } from 'onnxruntime-common';" },
        { path: 'src/worker/session.ts', text: "import * as ort from 'onnxruntime-node';" },
        { path: 'webview/rankings/view.ts', text: "import { x } from '../../src/core/ir/graph';" },
        {
            path: 'webview/shared/msg.ts',
            text: "import type { M } from '../../src/protocol/webview';",
        },
        { path: 'src/cli/main.ts', text: "// import 'vscode' in a comment is not an import.\n" },
    ];
    const found = checkLayering(files).map(
        (violation) => `${violation.rule} | ${violation.message}`,
    );
    assert.deepEqual(found, [
        "coreNoVscode | src/core/ir/graph.ts imports 'vscode': src/core/** must not import vscode",
        "vscodeOnlyInExtension | src/core/ir/graph.ts imports 'vscode': only src/extension/** may import vscode",
        "coreNoOnnxruntime | src/core/ir/run.ts imports 'onnxruntime-node': src/core/** must not import onnxruntime",
        "onnxruntimeOnlyInWorker | src/core/ir/run.ts imports 'onnxruntime-node': only src/worker/** may import onnxruntime",
        "coreNoHostLayers | src/core/ir/leak.ts imports '../../extension/ctx': src/core/** must not import src/extension, src/worker or src/cli",
        "onnxruntimeOnlyInWorker | src/extension/ctx.ts imports 'onnxruntime-common': only src/worker/** may import onnxruntime",
        "webviewOnlyProtocolFromSrc | webview/rankings/view.ts imports '../../src/core/ir/graph': webview/** may import from src/ only src/protocol/**",
    ]);
});

test('checkerReportsCyclesAndIgnoresAcyclicImports', () => {
    const files: SourceFile[] = [
        { path: 'src/core/a.ts', text: "import { b } from './b';" },
        { path: 'src/core/b.ts', text: "import { c } from './sub';" },
        { path: 'src/core/sub/index.ts', text: "import type { A } from '../a.js';" },
        { path: 'src/core/d.ts', text: "import { a } from './a'; import { x } from './x';" },
        { path: 'src/core/self.ts', text: "export * from './self';" },
    ];
    assert.deepEqual(findCycles(files), [
        ['src/core/a.ts', 'src/core/b.ts', 'src/core/sub/index.ts', 'src/core/a.ts'],
        ['src/core/self.ts', 'src/core/self.ts'],
    ]);
    assert.deepEqual(findCycles(files.slice(1)), [['src/core/self.ts', 'src/core/self.ts']]);
});

test('checkerReportsProtocolCoreWebviewAndWorkerDirections', () => {
    const files: SourceFile[] = [
        {
            path: 'src/protocol/worker.ts',
            text: "import type { A } from '../core/spec/spec';\nimport type { R } from '../core/selftest/selfTest';",
        },
        { path: 'src/core/spec/spec.ts', text: "import type { G } from '../ir/graph';" },
        {
            path: 'src/core/search/runFile.ts',
            text: "import type { S } from '../../protocol/worker';",
        },
        {
            path: 'src/extension/panel.ts',
            text: "import { toCsv } from '../../webview/rankings/table';",
        },
        {
            path: 'src/cli/commands/selftest.ts',
            text: "import { createSession } from '../../worker/ortSession';",
        },
        { path: 'src/worker/main.ts', text: "import { runJobs } from './jobs';" },
        { path: 'src/engine/client.ts', text: "import type { H } from '../protocol/worker';" },
    ];
    const found = checkLayering(files).map(
        (violation) => `${violation.rule} | ${violation.message}`,
    );
    assert.deepEqual(found, [
        "protocolOnlyCoreSpecFromSrc | src/protocol/worker.ts imports '../core/selftest/selfTest': src/protocol/** may import from src/ only src/protocol/** and src/core/spec/**",
        "specImportsOnlySpec | src/core/spec/spec.ts imports '../ir/graph': src/core/spec/** may import from src/ only src/core/spec/**",
        "coreNoProtocol | src/core/search/runFile.ts imports '../../protocol/worker': src/core/** must not import src/protocol (protocol sits on core/spec, not under core)",
        "extensionNoWebview | src/extension/panel.ts imports '../../webview/rankings/table': src/extension/** must not import webview/** (browser code, bundled separately)",
        "workerOnlyThroughEngine | src/cli/commands/selftest.ts imports '../../worker/ortSession': only src/worker/** may import src/worker (hosts run it through src/engine)",
    ]);
});

test('checkerReportsFolderCyclesButNotFileLevelOnes', () => {
    const files: SourceFile[] = [
        {
            path: 'src/core/search/objective.ts',
            text: "import { presetScore } from '../libra/preset';",
        },
        {
            path: 'src/core/libra/preset.ts',
            text: "import type { SpaceId } from '../search/spaces';",
        },
        { path: 'src/core/search/spaces.ts', text: "import type { S } from '../spec/spec';" },
        { path: 'src/core/spec/spec.ts', text: '' },
        { path: 'src/cli/main.ts', text: "import { x } from './commands/score';" },
        { path: 'src/cli/commands/score.ts', text: "import { y } from '../main';" },
    ];
    // No file imports itself back, yet search -> libra -> search is a folder cycle; the cli files
    // form a file cycle inside one folder, which is not a folder cycle.
    assert.deepEqual(findCycles(files.slice(0, 4)), []);
    assert.deepEqual(findFolderCycles(files), [
        ['src/core/libra', 'src/core/search', 'src/core/libra'],
    ]);
    assert.deepEqual(findFolderCycles(files.slice(1)), []);
});
