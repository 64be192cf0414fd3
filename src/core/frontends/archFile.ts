// Reads the project's architecture files (*.arch.yaml / *.arch.json; docs/architecture-files.md):
// one spec per valid candidate, one diagnostic per problem at its exact range. Never throws, and a
// broken candidate never hides the others.
import type { ArchitectureSpec, Family, FrontendResult } from '../spec/spec';
import {
    EMPTY_LEVEL,
    enumField,
    numberField,
    readLevel,
    stringField,
    type LevelFields,
} from './archFields';
import { checkCandidateLevels, type FamilyDef } from './archFamily';
import { ARCH_LIMITS } from './archLimits';
import { AUTOFORMER_FAMILY } from './autoformerFields';
import { LAYERS_FAMILY } from './layerListFields';
import { LineIndex } from './lineIndex';
import { NB201_FAMILY } from './nb201Fields';
import { NB101_FAMILY } from './nb101Fields';
import { DARTS_FAMILY } from './dartsFields';
import { ONNX_FAMILY } from './onnxFields';
import { Reporter, internalError, type Span } from './reporter';
import {
    describeNode,
    entryOf,
    entrySpan,
    type MapEntry,
    type MapNode,
    type TreeNode,
} from './sourceTree';
import { uniqueNames } from './uniqueNames';
import { didYouMean, nearestName } from '../util/didYouMean';
import { readYamlTree } from './yamlTree';

/** Families an architecture file may name (a PyTorch definition lives in Python code, not here). */
export type FileFamily = Exclude<Family, 'pytorch' | 'graph' | 'darts-supernet'>;

export const FAMILIES: Readonly<Record<FileFamily, FamilyDef>> = {
    nb201: NB201_FAMILY,
    nb101: NB101_FAMILY,
    darts: DARTS_FAMILY,
    autoformer: AUTOFORMER_FAMILY,
    layers: LAYERS_FAMILY,
    onnx: ONNX_FAMILY,
};
export const FAMILY_NAMES = Object.keys(FAMILIES) as FileFamily[];
export const AUTOFORMER_SPACES = ['autoformer-t', 'autoformer-s', 'autoformer-b'] as const;

const TOP_KEYS = ['$schema', 'family', 'space', 'candidates', 'architectures'];
const CANDIDATE_KEYS = ['name', 'family', 'accuracy'];
const LIST_KEYS = ['candidates', 'architectures'];

const familyField = enumField(FAMILY_NAMES);
const nameField = stringField(ARCH_LIMITS.nameLength);
const accuracyValue = numberField({ max: Number.MAX_VALUE });

/** What the top of the file says about its candidates. */
interface FileContext {
    readonly family?: FileFamily;
    /** True when the file's `family` is present but invalid: candidates relying on it are skipped quietly. */
    readonly familyFailed: boolean;
    readonly defaults: LevelFields;
    readonly file: string;
}

/** Reads an architecture file (YAML or JSON). `file` is its path, used in ranges and for onnx paths. */
export function readArchitectureFile(text: string, file: string): FrontendResult {
    let r: Reporter | undefined;
    try {
        r = Reporter.forFile(file, new LineIndex(text));
        const specs = readFile(text, file, r);
        return { specs, diagnostics: r.diagnostics };
    } catch (e) {
        return {
            specs: [],
            diagnostics: [...(r?.diagnostics ?? []), internalError(file, 'reading the file', e)],
        };
    }
}

function readFile(text: string, file: string, r: Reporter): ArchitectureSpec[] {
    if (text.length > ARCH_LIMITS.fileChars) {
        r.error(
            { start: 0, end: 0 },
            `file is over ${ARCH_LIMITS.fileChars} characters; split it, or list many cells in a benchmark CSV`,
        );
        return [];
    }
    const errorsBefore = r.errorCount;
    const { root, errorSpans } = readYamlTree(text, r);
    if (root === undefined) {
        const empty = `empty file: expected 'family' and a list of 'candidates'`;
        if (r.errorCount === errorsBefore) r.error({ start: 0, end: 0 }, empty);
        return [];
    }
    if (root.kind !== 'map') {
        r.error(
            root,
            `expected a mapping with 'family' and 'candidates' at the top, not ${describeNode(root)}`,
        );
        return [];
    }
    const ctx = readTop(root, file, r);
    const list = candidateList(root, r);
    if (list === undefined) return [];
    const read: ReadCandidate[] = [];
    for (const item of list) {
        if (errorSpans.some((span) => touches(text, item, span))) continue;
        const spec = readCandidate(item, ctx, r);
        if (spec) read.push({ spec, item: item as MapNode });
    }
    return renameDuplicates(read, r);
}

/** True when a YAML error lies inside the item or next to it (only whitespace between them). */
function touches(text: string, item: Span, error: Span): boolean {
    if (error.start < item.end && item.start < error.end) return true;
    const [from, to] = error.start >= item.end ? [item.end, error.start] : [error.end, item.start];
    for (let i = from; i < to; i++) if (!/\s/.test(text[i])) return false;
    return true;
}

function readTop(root: MapNode, file: string, r: Reporter): FileContext {
    const familyEntry = entryOf(root, 'family');
    const family = familyEntry && familyField(familyEntry.value, r, 'family');
    const space = entryOf(root, 'space');
    if (space) {
        enumField(AUTOFORMER_SPACES)(space.value, r, 'space');
        if (family !== 'autoformer') {
            r.warning(space.keySpan, `'space' applies only to files with 'family: autoformer'`);
        }
    }
    const schemaEntry = entryOf(root, '$schema');
    if (schemaEntry) stringField(4096)(schemaEntry.value, r, '$schema');
    const def = family ? FAMILIES[family] : undefined;
    const misplaced = root.entries.filter(
        (e) => !TOP_KEYS.includes(e.key) && !def?.defaultable.includes(e.key),
    );
    // Why: a misspelt 'family' or list key is the root cause of everything after it; it is the one
    // error, and the candidates that would each report "no family" are skipped quietly.
    const rootCause = misspeltRootKey(root, misplaced);
    if (rootCause) r.error(rootCause.keySpan, rootCauseMessage(rootCause.key));
    // Why: with an invalid `family` every other top-level key would look misplaced; one error is enough.
    const familyFailed =
        (familyEntry !== undefined && !family) ||
        nearestName(rootCause?.key ?? '', ['family']) !== undefined;
    if (!(familyEntry !== undefined && !family)) {
        for (const entry of misplaced) if (entry !== rootCause) warnMisplaced(entry, def, r);
    }
    const handled = [...TOP_KEYS, ...misplaced.map((e) => e.key)];
    const defaults = def ? readLevel(root, def.fields, r, handled, 'at the top') : EMPTY_LEVEL;
    return { family, familyFailed, defaults, file };
}

/** A top-level key that is a typo of 'family' (when none is set) or of the candidate list key. */
function misspeltRootKey(root: MapNode, misplaced: readonly MapEntry[]): MapEntry | undefined {
    const roots = [
        ...(entryOf(root, 'family') ? [] : ['family']),
        ...(root.entries.some((e) => LIST_KEYS.includes(e.key)) ? [] : LIST_KEYS),
    ];
    return misplaced.find((e) => nearestName(e.key, roots) !== undefined);
}

function rootCauseMessage(key: string): string {
    const meant = nearestName(key, ['family', ...LIST_KEYS]) ?? key;
    const consequence =
        meant === 'family'
            ? 'candidates without their own family are not read'
            : 'the file lists no candidates';
    return `unknown top-level field '${key}' (did you mean '${meant}'?); ${consequence}`;
}

/** A top-level key that is not a default of the file's family: say why it is ignored. */
function warnMisplaced(entry: MapEntry, def: FamilyDef | undefined, r: Reporter): void {
    const owner = FAMILY_NAMES.find((f) => Object.hasOwn(FAMILIES[f].fields, entry.key));
    let message: string;
    if (owner === undefined) {
        const known = [...TOP_KEYS, ...(def?.defaultable ?? [])];
        message = `unknown top-level field '${entry.key}'${didYouMean(entry.key, known)}`;
    } else if (def && Object.hasOwn(def.fields, entry.key)) {
        message = `'${entry.key}' must be set on each candidate, not at the top`;
    } else message = `'${entry.key}' at the top needs 'family: ${owner}' there`;
    r.warning(entry.keySpan, `${message}; it is ignored`);
}

function candidateList(root: MapNode, r: Reporter): TreeNode[] | undefined {
    const entries = root.entries.filter((e) => LIST_KEYS.includes(e.key));
    if (entries.length === 0) {
        // Why: a misspelt list key was already reported as the cause (readTop); once is enough.
        if (root.entries.some((e) => nearestName(e.key, LIST_KEYS) !== undefined)) return undefined;
        r.error(
            root.entries[0]?.keySpan ?? root,
            `missing 'candidates': the list of architectures`,
        );
        return undefined;
    }
    for (const extra of entries.slice(1)) {
        r.error(extra.keySpan, `use either 'candidates' or 'architectures', not both`);
    }
    const list = entries[0].value;
    if (list.kind !== 'list') {
        r.error(
            list,
            `'${entries[0].key}' must be a list of candidates, not ${describeNode(list)}`,
        );
        return undefined;
    }
    if (list.items.length === 0) r.warning(entrySpan(entries[0]), `'${entries[0].key}' is empty`);
    if (list.items.length > ARCH_LIMITS.candidates) {
        r.error(
            entries[0].keySpan,
            `more than ${ARCH_LIMITS.candidates} candidates; only the first ${ARCH_LIMITS.candidates} are read`,
        );
    }
    return list.items.slice(0, ARCH_LIMITS.candidates);
}

function readCandidate(
    item: TreeNode,
    file: FileContext,
    r: Reporter,
): ArchitectureSpec | undefined {
    if (item.kind !== 'map') {
        return r.fail(
            item,
            `a candidate must be a mapping with 'name' and its family's fields, not ${describeNode(item)}`,
        );
    }
    const errorsBefore = r.errorCount;
    const nameEntry = entryOf(item, 'name');
    const anchor: Span = nameEntry ? entrySpan(nameEntry) : (item.entries[0]?.keySpan ?? item);
    const name = nameEntry
        ? nameField(nameEntry.value, r, 'name')
        : r.fail(anchor, `missing required field 'name'`);
    const familyEntry = entryOf(item, 'family');
    const family = familyEntry ? familyField(familyEntry.value, r, 'family') : file.family;
    if (family === undefined) {
        if (!familyEntry && !file.familyFailed) {
            r.error(anchor, `no family: set 'family' on the candidate or at the top of the file`);
        }
        return undefined;
    }
    const def = FAMILIES[family];
    const own = readLevel(item, def.fields, r, CANDIDATE_KEYS, `for family ${family}`);
    const accuracy = readAccuracy(item, r);
    const levels = family === file.family ? [own, file.defaults] : [own];
    const ctx = { levels, anchor, r, file: file.file };
    const body = checkCandidateLevels(def, ctx) ? def.build(ctx) : undefined;
    if (body === undefined || name === undefined || r.errorCount !== errorsBefore) return undefined;
    return {
        ...body,
        name,
        source: r.range(item),
        ...(accuracy ? { accuracy } : {}),
    } as ArchitectureSpec;
}

function readAccuracy(item: MapNode, r: Reporter): Record<string, number> | undefined {
    const entry = entryOf(item, 'accuracy');
    if (entry === undefined) return undefined;
    const node = entry.value;
    if (node.kind !== 'map') {
        return r.fail(
            node,
            `'accuracy' must map column names to numbers (cifar10: 93.76), not ${describeNode(node)}`,
        );
    }
    const pairs: Array<[string, number]> = [];
    for (const column of node.entries) {
        if (column.key.length === 0) {
            r.error(column.keySpan, `accuracy column names must not be empty`);
        }
        const v = accuracyValue(column.value, r, `accuracy.${column.key}`);
        if (v !== undefined) pairs.push([column.key, v]);
    }
    return Object.fromEntries(pairs);
}

interface ReadCandidate {
    readonly spec: ArchitectureSpec;
    readonly item: MapNode;
}

/** Keeps names unique within the file: a repeated name gets a `#k` suffix and a warning. */
function renameDuplicates(read: readonly ReadCandidate[], r: Reporter): ArchitectureSpec[] {
    const { names, renamed } = uniqueNames(read.map(({ spec }) => spec.name));
    for (const dup of renamed) {
        const line = (read[dup.firstIndex].spec.source?.start.line ?? 0) + 1;
        const item = read[dup.index].item;
        const where = entryOf(item, 'name')?.value ?? item;
        r.warning(
            where,
            `duplicate name '${dup.original}' (first on line ${line}); this one is listed as '${dup.renamed}'`,
        );
    }
    return read.map(({ spec }, i) => (names[i] === spec.name ? spec : { ...spec, name: names[i] }));
}
