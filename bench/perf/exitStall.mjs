// Does a large process exiting stall other processes on this machine? Starts a Python process that
// touches MIB mebibytes, kills it, and reports how late a 5 ms timer of this (unrelated) Node
// process ran meanwhile. Why: the engine replaces its worker every 50 sessions, and the longest
// extension-host stall during long jobs fell on those exits (docs/performance.md, stop 5).
// Usage: node bench/perf/exitStall.mjs [MIB=1200] [KILLS=4]
import { spawn } from 'node:child_process';

const [mib = 1200, kills = 4] = process.argv.slice(2).map(Number);
let last = performance.now();
let worst = 0;
const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
}, 5);
const touch = `b = bytearray(${mib} * 1024 * 1024)\nb[::4096] = b"x" * (len(b) // 4096)\nprint("ready", flush=True)\nimport time\ntime.sleep(60)`;
for (let i = 0; i < kills; i++) {
    const child = spawn('python3', ['-c', touch], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    worst = 0;
    const started = performance.now();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const exited = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 300));
    console.log(
        `${mib} MiB process killed: exit seen after ${exited.toFixed(0)} ms, longest stall of this process ${worst.toFixed(0)} ms`,
    );
}
clearInterval(ticker);
