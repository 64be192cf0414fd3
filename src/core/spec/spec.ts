// ArchitectureSpec: what the front ends produce and the space builders consume. Plain data (JSON-
// serialisable) so it crosses the worker boundary unchanged.
import type { DartsGenotype } from './dartsGenotype';

/** A position in a text file: 0-based line and UTF-16 column, as VS Code counts them. */
export interface SourcePosition {
    readonly line: number;
    readonly character: number;
}

/** Where a definition (or a problem) sits in its file. */
export interface SourceRange {
    readonly file: string;
    readonly start: SourcePosition;
    readonly end: SourcePosition;
    /** Notebooks: the index of the code cell (among code cells); positions are within that cell. */
    readonly cell?: number;
}

export type Family =
    | 'nb201'
    | 'nb101'
    | 'darts'
    | 'darts-supernet'
    | 'autoformer'
    | 'layers'
    | 'onnx'
    | 'pytorch'
    | 'graph';

interface SpecBase {
    readonly family: Family;
    /** Shown in tables and CodeLens; unique within its file. */
    readonly name: string;
    readonly source?: SourceRange;
    /** Known accuracies by column name (e.g. {"cifar10": 93.76}): makes a file a labelled benchmark. */
    readonly accuracy?: Readonly<Record<string, number>>;
}

/** A NAS-Bench-201 cell in the fixed macro skeleton (docs/architecture-files.md, `nb201`). */
export interface Nb201Spec extends SpecBase {
    readonly family: 'nb201';
    /** Canonical cell string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`. */
    readonly cell: string;
    /** Output classes: 10 (CIFAR-10), 100 (CIFAR-100), 120 (ImageNet16-120). */
    readonly classes: number;
    /** Input height = width: 32 (CIFAR) or 16 (ImageNet16-120). */
    readonly imageSize: number;
    /** Channels of the first stage (16 in the benchmark). */
    readonly channels: number;
    /** Cells per stage (5 in the benchmark). */
    readonly cellsPerStage: number;
}

/** A NAS-Bench-101 cell in the benchmark's network (docs/spaces-nb101-darts.md). */
export interface Nb101Spec extends SpecBase {
    readonly family: 'nb101';
    /** Upper-triangular adjacency, at most 7x7 (vertex 0 the input, the last the output). */
    readonly matrix: readonly (readonly number[])[];
    /** One op per vertex: 'input', then conv3x3-bn-relu / conv1x1-bn-relu / maxpool3x3, then 'output'. */
    readonly ops: readonly string[];
    readonly classes: number;
    readonly imageSize: number;
    /** Stem output channels (128 in the benchmark); doubled at each later stack. */
    readonly stemChannels: number;
    readonly stacks: number;
    readonly cellsPerStack: number;
}

/** A DARTS genotype in the DARTS/NB301 evaluation network (docs/spaces-nb101-darts.md). */
export interface DartsSpec extends SpecBase {
    readonly family: 'darts';
    readonly genotype: DartsGenotype;
    readonly classes: number;
    readonly imageSize: number;
    /** Initial channels C (NB301: 32; DARTS' CIFAR model: 36). */
    readonly channels: number;
    /** Cells (NB301: 8; DARTS: 20); reduction cells at layers/3 and 2*layers/3. */
    readonly layers: number;
}

/**
 * The DARTS supernet of the pruning search: every node reads every earlier state, each edge sums
 * the ops listed for it (indices into DARTS_OPS; 14 edges per cell, node by node).
 */
export interface DartsSupernetSpec extends SpecBase {
    readonly family: 'darts-supernet';
    readonly normal: readonly (readonly number[])[];
    readonly reduce: readonly (readonly number[])[];
    readonly classes: number;
    readonly imageSize: number;
    readonly channels: number;
    readonly layers: number;
}

/** An AutoFormer-style ViT (also timm-style ViTs via headDim/pool). */
export interface AutoformerSpec extends SpecBase {
    readonly family: 'autoformer';
    readonly embedDim: number;
    readonly depth: number;
    /** One per layer. */
    readonly mlpRatio: readonly number[];
    /** One per layer. */
    readonly numHeads: readonly number[];
    /** q/k/v width per head: 64 in AutoFormer; embed_dim / heads in timm. */
    readonly headDim: number;
    readonly patchSize: number;
    readonly imageSize: number;
    readonly inChannels: number;
    readonly classes: number;
    /** 'mean' of patch tokens (AutoFormer) or the 'cls' token (timm default). */
    readonly pool: 'mean' | 'cls';
}

export type LayerSpec =
    | {
          readonly type: 'conv';
          readonly out: number;
          readonly kernel: number;
          readonly stride?: number;
          readonly padding?: number;
          readonly dilation?: number;
          readonly groups?: number;
          readonly bias?: boolean;
      }
    | { readonly type: 'linear'; readonly out: number; readonly bias?: boolean }
    | { readonly type: 'batchnorm' }
    | { readonly type: 'layernorm' }
    | { readonly type: 'relu' | 'gelu' | 'sigmoid' | 'tanh' }
    | {
          readonly type: 'maxpool' | 'avgpool';
          readonly kernel: number;
          readonly stride?: number;
          readonly padding?: number;
      }
    | { readonly type: 'globalavgpool' | 'flatten' | 'identity' }
    | {
          readonly type: 'residual';
          readonly layers: readonly LayerSpec[];
          /** Applied to the block input before the add; identity when absent. */
          readonly shortcut?: readonly LayerSpec[];
      };

export type LayerType = LayerSpec['type'];

/** A small custom network as a list of layers; the input is [C, H, W] or [features]. */
export interface LayerListSpec extends SpecBase {
    readonly family: 'layers';
    readonly input: readonly number[];
    readonly classes: number;
    readonly layers: readonly LayerSpec[];
}

/** An ONNX model file, imported with its weights or re-initialised PyTorch-style. */
export interface OnnxSpec extends SpecBase {
    readonly family: 'onnx';
    /** Absolute path of the model file. */
    readonly path: string;
    readonly keepWeights: boolean;
    /** The graph inputs after the first are value-less weights (a PyTorch trace). */
    readonly weightsAsInputs?: boolean;
    /** Where the input shape came from, when the file was traced from PyTorch (see PytorchSpec). */
    readonly inputFrom?: string;
    /** The per-sample input shape a trace used (only to tell which scores compare; not read by the engine). */
    readonly input?: readonly number[];
}

/** What a PyTorch definition is: a class or module-level builder function named in its file, or a
 * call expression (a zoo call such as `torchvision.models.resnet18(num_classes=10)`). */
export type PytorchTarget =
    | { readonly kind: 'class' | 'function'; readonly name: string }
    | {
          readonly kind: 'expression';
          /** The call's source text, e.g. `models.resnet18(num_classes=10)`. */
          readonly code: string;
          /** The file's module-level import statements, run before `code` (the file itself is not
           * executed, so a zoo call in a training script does not start the training). */
          readonly imports: string;
      };

/**
 * A PyTorch definition that only the user's own PyTorch can build. The host's tracer (never the
 * worker, and only in a trusted workspace) exports it to ONNX and scores that as an OnnxSpec.
 */
export interface PytorchSpec extends SpecBase {
    readonly family: 'pytorch';
    /** Absolute path of the `.py` file or `.ipynb` notebook that defines it. */
    readonly file: string;
    /** For a notebook: the index of the code cell (among code cells) that holds the definition. */
    readonly cell?: number;
    readonly target: PytorchTarget;
    /** Python source of the constructor's arguments, from `# lswag: args=...` (e.g. `num_classes=10`). */
    readonly args?: string;
    /** Per-sample input shape ([C, H, W] or [features]) when known before tracing. */
    readonly input?: readonly number[];
    /** Where `input` came from, in words ("`# lswag: input=` comment", "first conv has 3 channels and
     * the head 1000 classes: 224x224"); shown with every result. */
    readonly inputFrom?: string;
    /** Why the definition was not built statically; shown when tracing is not possible. */
    readonly staticReason: string;
}

/** The ops a GraphSpec node may hold (PyTorch's semantics; built by spaces/graph.ts). */
export type GraphOp =
    | 'conv'
    | 'convtranspose'
    | 'upsample'
    | 'linear'
    | 'batchnorm'
    | 'layernorm'
    | 'groupnorm'
    | 'relu'
    | 'relu6'
    | 'silu'
    | 'gelu'
    | 'sigmoid'
    | 'tanh'
    | 'hardswish'
    | 'hardsigmoid'
    | 'softmax'
    | 'logsoftmax'
    | 'maxpool'
    | 'avgpool'
    | 'adaptiveavgpool'
    | 'add'
    | 'sub'
    | 'mul'
    | 'div'
    | 'scale'
    | 'matmul'
    | 'cat'
    | 'reshape'
    | 'permute'
    | 'mean'
    | 'slice'
    | 'expand'
    | 'param';

/** One node of a GraphSpec. Shapes are whole tensors with the batch axis written as -1. */
export interface GraphNode {
    readonly op: GraphOp;
    /** Indices of earlier nodes; -1 is the data input. */
    readonly inputs: readonly number[];
    /** Op settings (kernel, stride, axis, ...), plain numbers and lists. */
    readonly attrs?: Readonly<Record<string, number | readonly number[] | boolean>>;
    /** The PyTorch module path that made it (`layer1.0.conv1`); parameter names start with it. */
    readonly path?: string;
    readonly shape: readonly number[];
}

/**
 * A PyTorch definition read statically (no Python run): the forward pass as a topologically
 * ordered node list, in PyTorch's own layer semantics, with PyTorch-default initialisation.
 */
export interface GraphSpec extends SpecBase {
    readonly family: 'graph';
    /** Per-sample input shape ([C, H, W] or [features]). */
    readonly input: readonly number[];
    /** Where `input` came from, in words; shown with every result. */
    readonly inputFrom: string;
    readonly classes: number;
    readonly nodes: readonly GraphNode[];
    /** Index of the logits node ([batch, classes]). */
    readonly output: number;
    /**
     * PyTorch's own parameter count (`sum(p.numel() for p in model.parameters())`): every module
     * constructed, including ones the forward pass does not use (e.g. GoogLeNet's auxiliary heads).
     */
    readonly moduleParams?: number;
}

export type ArchitectureSpec =
    | Nb201Spec
    | Nb101Spec
    | DartsSpec
    | DartsSupernetSpec
    | AutoformerSpec
    | LayerListSpec
    | OnnxSpec
    | PytorchSpec
    | GraphSpec;

/** A problem a front end found, at the range it concerns. */
export interface SpecDiagnostic {
    readonly severity: 'error' | 'warning' | 'info';
    readonly message: string;
    readonly range: SourceRange;
}

/** What every front end returns: the specs it could read and what it could not. */
export interface FrontendResult {
    readonly specs: ArchitectureSpec[];
    readonly diagnostics: SpecDiagnostic[];
}
