// The README that goes into the VSIX: its relative PNG images inlined as data: URLs. Why: the
// extension details page allows only `img-src https: data:` (VS Code's CSP), so relative images
// are broken there, and https ones need a network; data: URLs show offline. vsce refuses only SVG
// data URLs, and the README links SVGs nowhere.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Markdown images whose target is a relative .png path: `![alt](media/x.png)`. */
const RELATIVE_PNG = /!\[([^\]]*)\]\((?![a-z]+:)([^)\s]+\.png)\)/gi;

/** The README text with every relative PNG that exists under `root` inlined. */
export function inlineReadmeImages(text, root) {
    return text.replace(RELATIVE_PNG, (whole, alt, target) => {
        const file = path.join(root, target);
        if (!existsSync(file)) throw new Error(`README image ${target} does not exist`);
        return `![${alt}](data:image/png;base64,${readFileSync(file).toString('base64')})`;
    });
}

/** Writes `out/vsix/README.md` for vsce's --readme-path and returns its path. */
export function writeVsixReadme(root) {
    const out = path.join(root, 'out', 'vsix', 'README.md');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
        out,
        inlineReadmeImages(readFileSync(path.join(root, 'README.md'), 'utf8'), root),
    );
    return out;
}
