// Every contributed command as a factory over the context, in one table (ids as package.json has
// them). Handlers gather what to score; scoring.ts runs the job.
import path from 'node:path';
import * as vscode from 'vscode';
import type { SourceKind } from '../core/frontends/sources';
import type { ArchitectureSpec } from '../core/spec/spec';
import { readRegularFileBoundedAsync } from '../core/util/boundedRead';
import { calibrateWindow } from './calibrate';
import type { ArchitectureTarget } from './codeLens';
import { DEVICE_CHOICES } from '../protocol/scoreLimits';
import { SECTION, currentSettings } from './config';
import type { Ctx } from './ctx';
import type { ScoreTarget } from './scoring';
import { tracingOffReason } from './tracing';
import {
    SHOW_WHAT_CAN_BE_SCORED,
    WHAT_CAN_BE_SCORED,
    showNothingFound,
    showWhatCanBeScored,
    topicOf,
} from './whatCanBeScored';
import { openExamples } from './examples';
import { whyNothingFound } from '../core/frontends/nothingFound';
import { WORKSPACE_EXCLUDE, WORKSPACE_GLOB, documentKind } from './specReader';

type Handler = (...args: never[]) => unknown;

/** The walkthrough's id in package.json (`contributes.walkthroughs`). */
export const WALKTHROUGH_ID = 'lswag.gettingStarted';

/** Files larger than this are skipped by a workspace run (the front ends' own bound). */
const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

export const commandFactories = {
    'lswag.scoreArchitecture': (ctx: Ctx) => (uri?: vscode.Uri, name?: string) =>
        scoreArchitecture(ctx, uri, name),
    'lswag.scoreWorkspace': (ctx: Ctx) => () => scoreWorkspace(ctx),
    'lswag.openRankings': (ctx: Ctx) => (target?: ArchitectureTarget) => ctx.rankings.open(target),
    'lswag.runSearch': (ctx: Ctx) => () => ctx.search.focus(),
    'lswag.calibrateWindow': (ctx: Ctx) => () =>
        calibrateWindow({
            engine: () => ctx.engine.get(),
            data: () => ctx.settings.data(),
            batches: () => currentSettings().batches,
            storageDir: ctx.calibrationDir,
            output: ctx.output,
            onSaved: () => ctx.settings.changed(),
        }),
    'lswag.selectDevice': (_ctx: Ctx) => () => selectDevice(),
    'lswag.showEngineLog': (ctx: Ctx) => () => showEngineLog(ctx),
    'lswag.sortArchitectures': (ctx: Ctx) => () => ctx.architectures.pickSort(),
    'lswag.showWhatCanBeScored': (ctx: Ctx) => (topic?: string) =>
        showWhatCanBeScored(ctx.extension.extensionPath, topic),
    'lswag.openWalkthrough': (ctx: Ctx) => () =>
        vscode.commands.executeCommand(
            'workbench.action.openWalkthrough',
            `${String(ctx.extension.extension.id ?? 'lswag.lswag-zero-shot-nas')}#${WALKTHROUGH_ID}`,
            false,
        ),
    'lswag.openExamples': (ctx: Ctx) => () => openExamples(ctx),
} satisfies Record<string, (ctx: Ctx) => Handler>;

/** Scores `name` in `uri` (a lens, a menu), else the definition at the cursor, else the whole active file. */
async function scoreArchitecture(ctx: Ctx, uri?: vscode.Uri, name?: string): Promise<void> {
    if (uri?.fsPath.toLowerCase().endsWith('.onnx')) return scoreModelFile(ctx, uri.fsPath);
    const editor = vscode.window.activeTextEditor;
    const document = uri
        ? (vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
          (await vscode.workspace.openTextDocument(uri)))
        : editor?.document;
    const kind = document && documentKind(document.fileName, document.languageId);
    if (!document || !kind) {
        void showNothingFound(
            'L-SWAG: open an architecture file (.arch.yaml/.yml/.json), a Python model, a notebook or notes with NAS-Bench-201 cells.',
        );
        return;
    }
    if (kind === 'python' && !(await ctx.reader.ensurePython())) {
        void vscode.window.showErrorMessage(
            'L-SWAG: the Python parser could not be loaded (see the engine log).',
        );
        return;
    }
    const result = await ctx.reader.read(document);
    const specs = result?.specs ?? [];
    const line = !uri && editor?.document === document ? editor.selection.active.line : undefined;
    const chosen =
        name !== undefined ? specs.filter((s) => s.name === name) : pickAtLine(specs, line);
    if (chosen.length === 0) {
        const why = result ? whyNothingFound(result) : '';
        const first = result?.diagnostics[0]?.message ?? why;
        void showNothingFound(
            `L-SWAG: no architectures found in ${path.basename(document.fileName)}${why ? `: ${why}` : ''}.`,
            topicOf(first, kind === 'architecture') ??
                (kind === 'python' || kind === 'notebook'
                    ? 'nothing-is-found-in-my-python-file'
                    : undefined),
        );
        return;
    }
    const title = `Scoring ${chosen.length === 1 ? chosen[0].name : path.basename(document.fileName)}`;
    const targets = await traceTargets(ctx, [
        { file: document.uri.fsPath, text: document.getText(), specs: chosen },
    ]);
    // Why: when every definition needed tracing and none could be traced, the warning said why.
    if (targets.length === 0) return;
    await ctx.scorer.run(targets, { scope: 'file', title });
}

/** Scores one ONNX model file (the explorer's menu); its bytes are read by the engine, not here. */
async function scoreModelFile(ctx: Ctx, file: string): Promise<void> {
    const result = await ctx.reader.readText(file, 'onnx', undefined);
    if (result.specs.length === 0) {
        void showNothingFound(
            `L-SWAG: ${path.basename(file)} cannot be scored: ${whyNothingFound(result)}.`,
            'onnx-files-are-skipped',
        );
        return;
    }
    await ctx.scorer.run([{ file, text: undefined, specs: result.specs }], {
        scope: 'file',
        title: `Scoring ${path.basename(file)}`,
    });
}

/**
 * The targets with their PyTorch definitions traced (or left out with the reason in the log and
 * one message); targets without any pass through without starting Python.
 */
async function traceTargets(ctx: Ctx, targets: readonly ScoreTarget[]): Promise<ScoreTarget[]> {
    if (!targets.some((t) => t.specs.some((s) => s.family === 'pytorch'))) return [...targets];
    const problems: string[] = [];
    const traced = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'L-SWAG', cancellable: true },
        async (progress, token) => {
            const out: ScoreTarget[] = [];
            for (const t of targets) {
                const r = await ctx.tracing.resolve(t.file, t.specs, {
                    report: (message) => progress.report({ message }),
                    token,
                });
                problems.push(...r.problems);
                if (r.specs.length > 0) out.push({ ...t, specs: r.specs });
            }
            return out;
        },
    );
    if (problems.length > 0) void reportTraceProblems(ctx, problems);
    return traced;
}

/** One warning for the definitions that could not be traced, with the fix that applies. */
async function reportTraceProblems(ctx: Ctx, problems: readonly string[]): Promise<void> {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    const off = tracingOffReason(vscode.workspace.isTrusted, currentSettings().usePython);
    const fix = !vscode.workspace.isTrusted
        ? 'Manage Trust'
        : off
          ? 'Turn On Tracing'
          : 'Open Output';
    const picked = await vscode.window.showWarningMessage(
        `L-SWAG: ${problems[0]}${more}`,
        fix,
        WHAT_CAN_BE_SCORED,
    );
    if (picked === 'Manage Trust') await vscode.commands.executeCommand('workbench.trust.manage');
    else if (picked === 'Turn On Tracing') {
        await vscode.workspace
            .getConfiguration(SECTION)
            .update('usePython', true, vscode.ConfigurationTarget.Workspace);
    } else if (picked === 'Open Output') ctx.output.show(true);
    else if (picked === WHAT_CAN_BE_SCORED) {
        await vscode.commands.executeCommand(
            SHOW_WHAT_CAN_BE_SCORED,
            'it-needs-tracing-with-python',
        );
    }
}

/** The definition whose range holds `line`, or all of them. */
export function pickAtLine(
    specs: readonly ArchitectureSpec[],
    line: number | undefined,
): ArchitectureSpec[] {
    const at =
        line === undefined
            ? undefined
            : specs.find(
                  (s) => s.source && s.source.start.line <= line && line <= s.source.end.line,
              );
    return at ? [at] : [...specs];
}

/** Reads every architecture source of the workspace (open documents as edited) and scores them together. */
async function scoreWorkspace(ctx: Ctx): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) {
        void showNothingFound('L-SWAG: open a folder to score its architectures.');
        return;
    }
    const uris = await vscode.workspace.findFiles(WORKSPACE_GLOB, WORKSPACE_EXCLUDE);
    const files = uris.map((u) => u.fsPath).sort();
    const targets: ScoreTarget[] = [];
    for (const file of files) {
        const kind: SourceKind = file.toLowerCase().endsWith('.onnx')
            ? 'onnx'
            : (documentKind(file, '') ?? 'text');
        try {
            const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
            let text = open?.getText();
            if (text === undefined && kind !== 'onnx') {
                // Why bounded while reading: a FIFO or /dev/zero in the workspace must neither
                // hang Score All nor grow memory (stat's size cannot be trusted for them).
                const bytes = await readRegularFileBoundedAsync(file, MAX_SOURCE_BYTES, 'a source');
                text = bytes.toString('utf8');
            }
            const result = await ctx.reader.readText(file, kind, text);
            if (result.specs.length > 0) targets.push({ file, text, specs: result.specs });
        } catch (e) {
            ctx.output.warn(`skipped ${file}: ${e instanceof Error ? e.message : String(e)}`);
        }
    }
    await ctx.scorer.run(await traceTargets(ctx, targets), {
        scope: 'workspace',
        title: 'Scoring the workspace',
    });
}

async function selectDevice(): Promise<void> {
    const current = currentSettings().device;
    const details: Record<string, string> = {
        auto: 'CUDA when available, else WebGPU, else CPU',
        cpu: 'onnxruntime CPU provider',
        cuda: 'NVIDIA GPU (falls back to CPU when unavailable)',
        webgpu: 'WebGPU provider (falls back to CPU when unavailable)',
    };
    const picked = await vscode.window.showQuickPick(
        DEVICE_CHOICES.map((d) => ({
            label: d,
            description: d === current ? '(current)' : undefined,
            detail: details[d],
        })),
        { title: 'L-SWAG: Select Compute Device' },
    );
    if (!picked || picked.label === current) return;
    // Why Global: the device is a property of the machine, not of one workspace.
    await vscode.workspace
        .getConfiguration(SECTION)
        .update('device', picked.label, vscode.ConfigurationTarget.Global);
}

function showEngineLog(ctx: Ctx): void {
    const version = String(ctx.extension.extension.packageJSON.version ?? 'unknown');
    const state = ctx.engine.isCreated
        ? ctx.status.text.replace(/\$\([^)]*\)\s*/g, '')
        : 'not started';
    ctx.output.info(`L-SWAG Zero-Shot NAS ${version}; engine: ${state}`);
    ctx.output.show(true);
}
