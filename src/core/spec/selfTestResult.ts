// One self-test check's outcome: plain data that core/selftest computes and the worker protocol
// (src/protocol/worker.ts) carries back to the host; it imports nothing.

export interface SelfTestResult {
    readonly name: string;
    readonly what: string;
    readonly error: number;
    readonly tolerance: number;
    readonly passed: boolean;
    readonly seconds: number;
}
