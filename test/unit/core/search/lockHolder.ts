// A child process for runLock.test.ts: takes the lock of argv[2], says "locked" on stdout, then
// `hold` (until killed), `exit` (process.exit without releasing) or `crash` (an uncaught exception).
import { RunLock } from '../../../../src/core/search/runLock';

const [file, how] = process.argv.slice(2);
RunLock.acquire(file);
process.stdout.write('locked\n');
if (how === 'hold') setInterval(() => undefined, 1000);
else if (how === 'exit') process.exit(3);
else if (how === 'crash') throw new Error('crash while searching');
