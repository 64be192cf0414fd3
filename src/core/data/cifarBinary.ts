// CIFAR-10/100 binary batches as a data source: fixed-size records (label byte(s) + 3072 bytes of
// 32x32 RGB, channel-planar), read one record at a time by position; the variant is told by size.
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { notRegularKind } from '../util/boundedRead';
import path from 'node:path';
import {
    DataError,
    labelWrapper,
    requireRgb,
    type DataRequest,
    type SampleSource,
} from './dataSource';
import { channelStats, writeImage } from './pixels';

type Variant = 10 | 100;

const PIXELS = 3 * 32 * 32;
/** Label bytes per record: CIFAR-10 has one; CIFAR-100 has coarse then fine (we use fine). */
const LABEL_BYTES: Readonly<Record<Variant, number>> = { 10: 1, 100: 2 };
const C10_NAME = /^(data_batch_\d+|test_batch)\.bin$/;
const C100_NAME = /^(train|test)\.bin$/;

interface CifarFile {
    readonly file: string;
    readonly records: number;
    readonly variant: Variant;
}

/** Opens a CIFAR binary file, or a folder holding `data_batch_*.bin`/`test_batch.bin` or `train.bin`/`test.bin`. */
export async function openCifarBinary(p: string, req: DataRequest): Promise<SampleSource> {
    requireRgb(req, `CIFAR data ${p}`);
    const warnings: string[] = [];
    const files = await cifarFiles(p, warnings);
    const variant = files[0].variant;
    if (files.some((f) => f.variant !== variant)) {
        throw new DataError(`${p}: mixes CIFAR-10 and CIFAR-100 files; point at one of them.`);
    }
    const what = `CIFAR-${variant} binary ${p}`;
    const wrap = labelWrapper(variant, req, what, warnings);
    const stats = channelStats(req, what);
    const recordBytes = LABEL_BYTES[variant] + PIXELS;
    const starts = files.map((_, i) => files.slice(0, i).reduce((n, f) => n + f.records, 0));
    const count = files.reduce((n, f) => n + f.records, 0);
    const handles: (FileHandle | undefined)[] = files.map(() => undefined);
    const record = new Uint8Array(recordBytes);
    return {
        count,
        description: `${what} (${count} records in ${files.length} file${files.length === 1 ? '' : 's'})`,
        warnings,
        async read(index, out, offset) {
            let k = files.length - 1;
            while (starts[k] > index) k--;
            const { file } = files[k];
            const r = index - starts[k];
            handles[k] ??= await open(file, 'r');
            const { bytesRead } = await handles[k]!.read(record, 0, recordBytes, r * recordBytes);
            if (bytesRead !== recordBytes) {
                throw new DataError(`${file}: record ${r} is truncated.`);
            }
            const label = record[LABEL_BYTES[variant] - 1];
            if (label >= variant) {
                throw new DataError(
                    `${file}: record ${r} has label ${label}; CIFAR-${variant} labels are 0..${variant - 1}.`,
                );
            }
            const image = { width: 32, height: 32, channels: 3, layout: 'chw' as const };
            writeImage(
                { ...image, data: record.subarray(LABEL_BYTES[variant]) },
                req,
                stats,
                out,
                offset,
            );
            return wrap(label);
        },
        async close() {
            await Promise.all(handles.map((h) => h?.close()));
        },
    };
}

async function cifarFiles(p: string, warnings: string[]): Promise<CifarFile[]> {
    const info = await stat(p).catch((e: Error) => {
        throw new DataError(`${p}: cannot read CIFAR data (${e.message}).`);
    });
    const kind = notRegularKind(info);
    if (kind && kind !== 'a folder')
        throw new DataError(
            `${p} is ${kind}, not a regular file; CIFAR data must be regular files.`,
        );
    if (!info.isDirectory()) return [classify(p, info.size, warnings)];
    const names = (await readdir(p)).filter((n) => C10_NAME.test(n) || C100_NAME.test(n)).sort();
    if (names.length === 0) {
        throw new DataError(
            `${p}: no CIFAR binary files (expected data_batch_*.bin and test_batch.bin, or train.bin and test.bin).`,
        );
    }
    const files: CifarFile[] = [];
    for (const name of names) {
        const file = path.join(p, name);
        const fileInfo = await stat(file);
        const fileKind = notRegularKind(fileInfo);
        if (fileKind)
            throw new DataError(
                `${file} is ${fileKind}, not a regular file; CIFAR data must be regular files.`,
            );
        files.push(classify(file, fileInfo.size, warnings));
    }
    return files;
}

/** Tells CIFAR-10 from CIFAR-100 by record size (3073 vs 3074 bytes); the name breaks ties. */
function classify(file: string, size: number, warnings: string[]): CifarFile {
    const base = path.basename(file);
    const byName: Variant | undefined = C10_NAME.test(base)
        ? 10
        : C100_NAME.test(base)
          ? 100
          : undefined;
    const fits = ([10, 100] as const).filter(
        (v) => size > 0 && size % (LABEL_BYTES[v] + PIXELS) === 0,
    );
    let variant: Variant;
    if (fits.length === 0) {
        throw new DataError(
            `${file}: ${size} bytes is not a whole number of CIFAR-10 records (3073 bytes: label + 3072 ` +
                `pixels) or CIFAR-100 records (3074 bytes: coarse and fine label + 3072 pixels).`,
        );
    } else if (fits.length === 1) {
        variant = fits[0];
        if (byName !== undefined && byName !== variant) {
            warnings.push(
                `${file}: the name suggests CIFAR-${byName} but the size fits CIFAR-${variant} records; read as CIFAR-${variant}.`,
            );
        }
    } else if (byName !== undefined) {
        variant = byName;
    } else {
        throw new DataError(
            `${file}: ${size} bytes fits both CIFAR-10 and CIFAR-100 records; name it like data_batch_1.bin or train.bin.`,
        );
    }
    return { file, records: size / (LABEL_BYTES[variant] + PIXELS), variant };
}
