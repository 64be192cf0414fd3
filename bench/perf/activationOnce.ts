// One cold activation: the vscode hand mock, then require + activate() of the bundle given on the
// command line. extension.ts bundles this file with esbuild and runs it in a fresh plain `node`
// (no tsx loader hooks in the measured require). Prints {"seconds", "require_s"}.
import { mockExtensionContext } from '../../test/unit/extension/vscodeMock';

async function main(): Promise<void> {
    const start = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(process.argv[2]) as { activate(ctx: unknown): unknown };
    const required = performance.now();
    await extension.activate(mockExtensionContext());
    console.log(
        JSON.stringify({
            seconds: (performance.now() - start) / 1000,
            require_s: (required - start) / 1000,
        }),
    );
    process.exit(0);
}

void main();
