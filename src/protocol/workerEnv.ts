// The environment the engine worker process starts with (set by the host, read by the worker).
// Why here: the host (src/engine) must not import src/worker, which loads onnxruntime.

/**
 * glibc settings under which freed blocks stay in the worker's heap: the next session reuses them
 * instead of fresh page-faulting mmaps, so onnxruntime's arena can stay off (ortSession's
 * arenaByDefault). The heap keeps its high-water mark; lswag.maxWorkerMemoryMb caps it.
 */
export const workerMallocEnv: Readonly<Record<string, string>> = {
    MALLOC_MMAP_THRESHOLD_: String(2 ** 32),
    MALLOC_TRIM_THRESHOLD_: String(2 ** 34),
};
