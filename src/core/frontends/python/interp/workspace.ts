// Where the interpreter finds other Python modules of the workspace: by dotted name, absolute or
// relative to the importing file. The CLI's implementation reads files with node:fs.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface PythonModuleText {
    /** Absolute path of the module's file. */
    readonly file: string;
    readonly text: string;
}

/** Reads other modules of the workspace; the extension passes its own (open editors first). */
export interface PythonWorkspace {
    /**
     * The module `name` as imported from `fromFile`: `name` is dotted and may start with dots for
     * a relative import (`..ops.misc`). Undefined when the workspace has no such module.
     */
    module(name: string, fromFile: string): PythonModuleText | undefined;
}

/** Larger modules are not followed (a generated file is not a model library). */
const MAX_MODULE_BYTES = 2 * 1024 * 1024;

/**
 * A workspace on disk: relative imports resolve against the importing file's folder, absolute
 * ones against `roots` and then against each folder above the importing file.
 */
export function fileSystemWorkspace(roots: readonly string[] = []): PythonWorkspace {
    const cache = new Map<string, PythonModuleText | undefined>();
    const load = (base: string, parts: string[]): PythonModuleText | undefined => {
        const stem = path.join(base, ...parts);
        for (const file of [`${stem}.py`, path.join(stem, '__init__.py')]) {
            if (cache.has(file)) {
                const cached = cache.get(file);
                if (cached) return cached;
                continue;
            }
            let found: PythonModuleText | undefined;
            try {
                if (existsSync(file) && statSync(file).size <= MAX_MODULE_BYTES) {
                    found = { file, text: readFileSync(file, 'utf8') };
                }
            } catch {
                found = undefined;
            }
            cache.set(file, found);
            if (found) return found;
        }
        return undefined;
    };
    return {
        module(name, fromFile) {
            const dots = /^\.*/.exec(name)?.[0].length ?? 0;
            const parts = name
                .slice(dots)
                .split('.')
                .filter((p) => p !== '');
            if (dots > 0) {
                let base = path.dirname(fromFile);
                for (let i = 1; i < dots; i++) base = path.dirname(base);
                return load(base, parts);
            }
            for (const root of roots) {
                const found = load(root, parts);
                if (found) return found;
            }
            for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
                const found = load(dir, parts);
                if (found) return found;
                if (path.dirname(dir) === dir) return undefined;
            }
        },
    };
}
