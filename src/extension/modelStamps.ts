// Which files' definitions read which model files (ONNX), and an epoch per file that moves when one
// of its models changes on disk. The epoch is part of the score cache key: a retrained or replaced
// model never shows the scores of its previous contents, although the file naming it is unchanged.
// Pure TS (no vscode); the context feeds it file-watcher events.
import path from 'node:path';

export class ModelStamps {
    /** Model path -> the files whose definitions read it. */
    private readonly readers = new Map<string, Set<string>>();
    private readonly epochs = new Map<string, number>();

    /** Records that the definitions of `file` read `models` (absolute paths); `file` may be a model itself. */
    record(file: string, models: readonly string[]): void {
        for (const m of models) {
            const key = path.resolve(m);
            const set = this.readers.get(key) ?? new Set<string>();
            set.add(file);
            this.readers.set(key, set);
        }
    }

    /** A model file changed, appeared or was deleted: moves the epoch of every file that read it and returns them. */
    changed(model: string): string[] {
        const stale = [...(this.readers.get(path.resolve(model)) ?? [])];
        for (const f of stale) this.epochs.set(f, this.epoch(f) + 1);
        return stale;
    }

    epoch(file: string): number {
        return this.epochs.get(file) ?? 0;
    }
}
