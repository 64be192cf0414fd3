// The JSON that crosses to and from python/lswag_trace.py: one request in, one result line out.
// Types only, so that the script and the host agree in one place.
import type { PytorchSpec } from '../../core/spec/spec';

/** What the script reads on stdin: where the definition is (as the spec says), and how to trace. */
export interface TraceRequest extends Pick<
    PytorchSpec,
    'file' | 'cell' | 'target' | 'args' | 'input' | 'inputFrom'
> {
    /** Used only when neither `input` nor the shape rule decides (the inputShape setting). */
    readonly fallbackInput?: readonly number[];
    readonly fallbackInputFrom?: string;
    readonly workspaceRoot: string;
    /** Where the script writes the ONNX file. */
    readonly outPath: string;
    readonly opset: number;
    readonly memoryBytes?: number;
    readonly threads: number;
}

/** Why a trace failed; the host adds `timeout`, `cancelled`, `noInterpreter` and `crashed`. */
export type TraceErrorKind =
    | 'noTorch'
    | 'missingModule'
    | 'requiredArguments'
    | 'notFound'
    | 'notModule'
    | 'inputShape'
    | 'outputType'
    | 'buildFailed'
    | 'exportFailed'
    | 'memory'
    | 'internal'
    | 'timeout'
    | 'cancelled'
    | 'noInterpreter'
    | 'crashed';

export interface TraceSuccess {
    readonly ok: true;
    readonly onnxPath: string;
    /** The per-sample input shape used for the export. */
    readonly input: number[];
    readonly inputFrom: string;
    /** torch's own parameter count of the built module. */
    readonly params: number;
    /** Of those, the ones the scored output depends on (fewer when auxiliary heads are dropped). */
    readonly paramsUsed: number;
    /** Set when the model returned several outputs and one was picked. */
    readonly outputNote: string | null;
    readonly dropoutsZeroed: number;
    readonly torchVersion: string;
    readonly interpreter: string;
    /** Workspace `.py` files the definition imported (absolute). */
    readonly imports: string[];
}

export interface TraceFailure {
    readonly ok: false;
    readonly kind: TraceErrorKind;
    readonly message: string;
    /** missingModule: the module and the interpreter that lacked it. */
    readonly module?: string;
    readonly interpreter?: string;
    /** requiredArguments: the constructor arguments without defaults. */
    readonly names?: string[];
    /** buildFailed: the 1-based line in the definition's file, when the error was raised there. */
    readonly line?: number | null;
}

export type TraceResult = TraceSuccess | TraceFailure;

/** The prefix of the script's result line (the user's own prints go to stderr). */
export const RESULT_PREFIX = 'LSWAG_RESULT ';
