// The extension-tests entry VS Code loads (extensionTestsPath): runs every *.test.js next to it with
// mocha (TDD interface, as @vscode/test-cli does) and prints one `N passed, N failed` line.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
    const files = fs
        .readdirSync(__dirname)
        .filter((f) => f.endsWith('.test.js'))
        .sort();
    for (const file of files) mocha.addFile(path.join(__dirname, file));
    const grep = process.env.LSWAG_HOST_GREP;
    if (grep) mocha.grep(grep);
    await new Promise<void>((resolve, reject) => {
        const runner = mocha.run(() => {
            const { passes, failures } = runner.stats ?? { passes: 0, failures: 1 };
            console.log(`${passes} passed, ${failures} failed`);
            if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
            else resolve();
        });
    });
}
