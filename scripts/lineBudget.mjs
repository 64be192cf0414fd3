// Reports the size of the source tree (as tinygrad's sz.py does) and fails when a file in src/
// passes 500 lines without saying why in its header ("Why over 500 lines" in the first 5 lines).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT = 500;

function files(dir) {
    return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts'))
        .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)));
}

const all = files('src').map((f) => {
    const text = readFileSync(path.join(root, f), 'utf8');
    return { f, lines: text.split('\n').length, head: text.split('\n').slice(0, 5).join('\n') };
});
const byArea = new Map();
for (const { f, lines } of all) {
    const area = f
        .split(path.sep)
        .slice(0, f.startsWith(`src${path.sep}core`) ? 3 : 2)
        .join('/');
    byArea.set(area, (byArea.get(area) ?? 0) + lines);
}
for (const [area, lines] of [...byArea].sort())
    console.log(`${area.padEnd(24)} ${String(lines).padStart(6)} lines`);
const core = all
    .filter((x) => x.f.startsWith(`src${path.sep}core`))
    .reduce((s, x) => s + x.lines, 0);
console.log(
    `src/core total ${core} lines in ${all.filter((x) => x.f.startsWith(`src${path.sep}core`)).length} files`,
);
const over = all.filter((x) => x.lines > LIMIT && !/Why over 500 lines/.test(x.head));
for (const x of over)
    console.error(`${x.f}: ${x.lines} lines (over ${LIMIT} without a reason in its header)`);
process.exit(over.length > 0 ? 1 : 0);
