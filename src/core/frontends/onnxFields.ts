// The onnx family in architecture files: a model path relative to the file, and whether to keep
// its weights. Existence is checked when the model is scored, not here (front ends only parse).
import path from 'node:path';
import { boolField, stringField } from './archFields';
import { valueOr, type FamilyDef } from './archFamily';

const MAX_PATH_LENGTH = 4096;

export const ONNX_FAMILY: FamilyDef = {
    family: 'onnx',
    fields: {
        path: stringField(MAX_PATH_LENGTH),
        keep_weights: boolField,
    },
    defaultable: ['keep_weights'],
    required: ['path'],
    build(ctx) {
        const modelPath = valueOr<string | undefined>(ctx, 'path', undefined);
        if (modelPath === undefined) return undefined;
        return {
            family: 'onnx',
            path: path.resolve(path.dirname(ctx.file), modelPath),
            keepWeights: valueOr(ctx, 'keep_weights', true),
        };
    },
};
