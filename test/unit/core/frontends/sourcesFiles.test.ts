// Hostile files given to `readSources` (issue 20): FIFOs, devices and sockets are refused with a
// message and never opened for a blocking read; reads are bounded while reading (/dev/zero reports
// size 0); symlinks inside a scored folder are followed when they stay inside it, a loop ends the
// walk, a link out of the folder is reported and not followed; --dataset reaches cell strings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { type SourceResult, readSources } from '../../../../src/core/frontends/sources';
import { readOnnxFile } from '../../../../src/core/frontends/onnxImport';
import { FileReadError, readRegularFileBounded } from '../../../../src/core/util/boundedRead';

const CELL = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';
const ARCH = `family: nb201\ncandidates:\n  - {name: linked, cell: "${CELL}"}\n`;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-sources-'));

const messages = (rs: readonly SourceResult[]) =>
    rs.flatMap((r) => r.diagnostics.map((d) => `${d.severity} ${d.message}`));
const names = (rs: readonly SourceResult[]) => rs.flatMap((r) => r.specs.map((s) => s.name));

test('aFifoAndADeviceGivenAsInputsAreRefusedAtOnce', () => {
    const fifo = path.join(tmp, 'pipe.arch.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const rs = readSources([fifo, '/dev/zero'], {});
    assert.ok(Date.now() - started < 2000, 'no blocking open of the FIFO');
    const m = messages(rs);
    assert.equal(m.length, 2, m.join('\n'));
    assert.match(
        m[0],
        /^error .*pipe\.arch\.yaml.*a FIFO \(named pipe\); only regular files and folders are read/,
    );
    assert.match(m[1], /^error .*\/dev\/zero.*a device; only regular files and folders are read/);
});

test('specialFilesInsideAFolderArePassedOverAndTheRestIsRead', async () => {
    const dir = path.join(tmp, 'special');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'good.arch.yaml'), ARCH);
    execFileSync('mkfifo', [path.join(dir, 'fifo.arch.yaml')]);
    const server = net.createServer().listen(path.join(dir, 'sock.arch.yaml'));
    await new Promise((r) => server.once('listening', r));
    try {
        const rs = readSources([dir], {});
        assert.deepEqual(names(rs), ['linked']);
        assert.deepEqual(messages(rs), []);
    } finally {
        server.close();
    }
});

test('symlinksInsideTheFolderAreFollowedOnceAndLinksOutOfItAreNot', () => {
    const root = path.join(tmp, 'ws');
    const real = path.join(root, 'defs');
    mkdirSync(real, { recursive: true });
    writeFileSync(path.join(real, 'a.arch.yaml'), ARCH);
    const scored = path.join(root, 'scored');
    mkdirSync(scored);
    symlinkSync(path.join(real, 'a.arch.yaml'), path.join(scored, 'link.arch.yaml'));
    symlinkSync(scored, path.join(scored, 'loop')); // a link back to its own folder
    symlinkSync(path.join(root, 'missing'), path.join(scored, 'dangling.arch.yaml'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'lswag-outside-'));
    writeFileSync(path.join(outside, 'far.arch.yaml'), ARCH);
    symlinkSync(path.join(outside, 'far.arch.yaml'), path.join(root, 'far.arch.yaml'));

    // The workspace is `root`: the linked file under scored/ is read once, though the loop leads back.
    const rs = readSources([root], {});
    const read = rs.filter((r) => r.specs.length > 0).map((r) => path.relative(root, r.file));
    assert.deepEqual(
        read,
        ['defs/a.arch.yaml', 'scored/link.arch.yaml'],
        'each file once; the loop ends',
    );
    const warnings = messages(rs);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /^warning not followed: the link points outside/);

    // Scoring only scored/: its link into defs/ leaves the folder given, so it is reported, not read.
    const only = readSources([scored], {});
    assert.deepEqual(names(only), []);
    assert.match(messages(only).join('\n'), /not followed: the link points outside/);
});

test('readsAreBoundedWhileReadingNotByStat', () => {
    const big = path.join(tmp, 'big.bin');
    writeFileSync(big, Buffer.alloc(3000, 1));
    assert.equal(readRegularFileBounded(big, 3000).length, 3000);
    assert.throws(
        () => readRegularFileBounded(big, 2999, 'a test file'),
        (e: Error) =>
            e instanceof FileReadError &&
            /larger than 3 KiB; a test file is read only up to that size/.test(e.message),
    );
    assert.throws(
        () => readRegularFileBounded('/dev/zero', 1 << 20),
        (e: Error) => e instanceof FileReadError && /is a device/.test(e.message),
    );
    const rss = process.memoryUsage().rss;
    assert.throws(
        () => readOnnxFile('/dev/zero'),
        /a device, not a regular file; an ONNX model must be a regular file/,
    );
    assert.ok(
        process.memoryUsage().rss - rss < 256 * 2 ** 20,
        'memory did not grow reading /dev/zero',
    );
    const fifo = path.join(tmp, 'model.onnx');
    execFileSync('mkfifo', [fifo]);
    assert.throws(() => readOnnxFile(fifo), /a FIFO \(named pipe\), not a regular file/);
});

test('theDatasetReachesCellStringsInTextFilesAndIsNotedWhereItDoesNotApply', () => {
    const notes = path.join(tmp, 'cells.md');
    writeFileSync(notes, `Best cell: ${CELL}\n`);
    const arch = path.join(tmp, 'd.arch.yaml');
    writeFileSync(arch, ARCH);
    const rs = readSources([notes, arch], { dataset: 'cifar100' });
    const [fromText, fromArch] = rs.flatMap((r) => r.specs) as { classes: number }[];
    assert.equal(fromText.classes, 100, 'cifar100 heads for a cell string in a text file');
    assert.equal(fromArch.classes, 10, 'an architecture file keeps its own dataset');
    assert.match(
        messages(rs).join('\n'),
        /^warning the dataset option \(cifar100\) applies to cell strings and benchmark files/m,
    );
    assert.equal(
        readSources([notes], {})
            .flatMap((r) => r.specs)
            .map((s) => (s as { classes: number }).classes)[0],
        10,
    );
});
