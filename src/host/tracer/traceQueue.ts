// One tracer at a time per workspace root: later traces wait for earlier ones (a FIFO chain).
// Why: each trace may use gigabytes and all cores; two at once only thrash.

const tails = new Map<string, Promise<void>>();

/** Runs `task` after every task queued earlier for `root` has settled. */
export function queueTrace<T>(root: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(root) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
        () => undefined,
        () => undefined,
    );
    tails.set(root, tail);
    void tail.then(() => {
        if (tails.get(root) === tail) tails.delete(root);
    });
    return run;
}
