// The gradient registry: one rule per op, keyed exactly as ONNX spells the op (checked against the
// IR's op names). An op that is absent has no gradient: backward() throws NoGradRuleError naming it.
import type { OpType } from '../../ir/ops/index';
import { type AnyGradRule, notDifferentiable } from '../gradRule';
import * as activation from './activation';
import * as conv from './conv';
import * as ein from './einsum';
import * as ew from './elementwise';
import * as linalg from './linalg';
import * as norm from './norm';
import * as pw from './pointwise';
import * as reduce from './reduce';
import * as resample from './resample';
import * as shape from './shape';

export const gradRules = {
    // Elementwise arithmetic and activations.
    Add: ew.add,
    Sub: ew.sub,
    Mul: ew.mul,
    Div: ew.div,
    Neg: ew.neg,
    Abs: ew.abs,
    Pow: ew.pow,
    Relu: ew.relu,
    Gelu: ew.gelu,
    Erf: ew.erf,
    Sigmoid: ew.sigmoid,
    Tanh: ew.tanh,
    Exp: ew.exp,
    Log: ew.log,
    Sqrt: ew.sqrt,
    Reciprocal: ew.reciprocal,
    Identity: ew.identity,
    Cast: ew.cast,
    Where: ew.where,
    Clip: activation.clip,
    HardSigmoid: activation.hardSigmoid,
    HardSwish: activation.hardSwish,
    // More activations and Mod (rules/pointwise.ts).
    LeakyRelu: pw.leakyRelu,
    PRelu: pw.prelu,
    Elu: pw.elu,
    Selu: pw.selu,
    Softplus: pw.softplus,
    Mish: pw.mish,
    Mod: pw.mod,
    // Linear algebra.
    MatMul: linalg.matMul,
    Gemm: linalg.gemm,
    Einsum: ein.einsum,
    // Convolution and pooling.
    Conv: conv.conv,
    ConvTranspose: conv.convTranspose,
    MaxPool: conv.maxPool,
    AveragePool: conv.averagePool,
    GlobalAveragePool: conv.globalAveragePool,
    // Normalisation.
    LayerNormalization: norm.layerNormalization,
    BatchNormTraining: norm.batchNormTraining,
    // Reductions and softmax.
    ReduceSum: reduce.reduceSum,
    ReduceMean: reduce.reduceMean,
    ReduceSumSquare: reduce.reduceSumSquare,
    Softmax: reduce.softmax,
    LogSoftmax: reduce.logSoftmax,
    // Shapes.
    Reshape: shape.reshapeBack,
    Flatten: shape.reshapeBack,
    Squeeze: shape.reshapeBack,
    Unsqueeze: shape.reshapeBack,
    Transpose: shape.transpose,
    Expand: shape.expand,
    Concat: shape.concat,
    Split: shape.split,
    Slice: shape.slice,
    Pad: shape.pad,
    Gather: shape.gather,
    ScatterElements: shape.scatterRows,
    ScatterND: shape.scatterRows,
    Tile: resample.tile,
    Resize: resample.resize,
    // Not differentiable: integer, boolean or shape-valued results.
    Shape: notDifferentiable,
    Size: notDifferentiable,
    Sign: notDifferentiable,
    Floor: notDifferentiable,
    Equal: notDifferentiable,
    Less: notDifferentiable,
    Greater: notDifferentiable,
    Not: notDifferentiable,
    ConstantOfShape: notDifferentiable,
    Range: notDifferentiable,
} satisfies Partial<Record<OpType, AnyGradRule>>;
