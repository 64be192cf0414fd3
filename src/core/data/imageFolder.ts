// A folder of JPEG/PNG images as a data source: class sub-folders (sorted names = class indices),
// or a flat folder labelled by file-name prefix (`n01440764_tench.JPEG` → class `n01440764`).
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { FileReadError, readRegularFileBoundedAsync } from '../util/boundedRead';
import path from 'node:path';
import {
    DataError,
    labelWrapper,
    requireRgb,
    type DataRequest,
    type SampleSource,
} from './dataSource';
import { decodeImage, MAX_IMAGE_FILE_BYTES } from './imageDecode';
import { channelStats, writeImage } from './pixels';

const IMAGE_FILE = /\.(jpe?g|png)$/i;

interface Listing {
    readonly files: string[];
    readonly labels: number[];
    readonly classCount: number;
    readonly summary: string;
}

/**
 * Opens `root` for `req`. With sub-folders, each is a class (sorted by name; images directly in
 * `root` are then ignored). Without, the labels are the sorted distinct prefixes before the first
 * `_` when every file name has one, else all 0 (with a warning). Sub-folders are not recursed.
 */
export async function openImageFolder(root: string, req: DataRequest): Promise<SampleSource> {
    const what = `image folder ${root}`;
    requireRgb(req, what);
    const warnings: string[] = [];
    const listing = await listImages(root, warnings);
    if (listing.files.length === 0) {
        throw new DataError(
            `${root}: no images found (expected class sub-folders or a flat folder of .jpg, .jpeg or .png files).`,
        );
    }
    const wrap = labelWrapper(listing.classCount, req, what, warnings);
    const stats = channelStats(req, what);
    return {
        count: listing.files.length,
        description: `${what} (${listing.summary})`,
        warnings,
        async read(index, out, offset) {
            const file = listing.files[index];
            const bytes = await readImageFile(file, warnings);
            if (bytes === undefined) return undefined;
            try {
                writeImage(decodeImage(bytes, file), req, stats, out, offset);
            } catch (e) {
                if (e instanceof DataError) throw e;
                warnings.push(`Skipped unreadable image ${file}: ${(e as Error).message}`);
                return undefined;
            }
            return wrap(listing.labels[index]);
        },
        close: async () => undefined,
    };
}

/** The file's bytes; refuses files over the size limit, skips (with a warning) unreadable ones. */
async function readImageFile(file: string, warnings: string[]): Promise<Uint8Array | undefined> {
    try {
        const { size } = await stat(file);
        if (size > MAX_IMAGE_FILE_BYTES) {
            throw new DataError(`${file}: ${size} bytes; image files over 50 MB are refused.`);
        }
        // Why bounded again while reading: a file may grow after stat, and a FIFO or a device
        // (size 0 to stat) is refused here instead of blocking or filling memory.
        return await readRegularFileBoundedAsync(file, MAX_IMAGE_FILE_BYTES, 'an image');
    } catch (e) {
        if (e instanceof DataError) throw e;
        if (e instanceof FileReadError && /larger than/.test(e.message))
            throw new DataError(e.message);
        warnings.push(`Skipped unreadable image ${file}: ${(e as Error).message}`);
        return undefined;
    }
}

async function listImages(root: string, warnings: string[]): Promise<Listing> {
    let entries: Dirent[];
    try {
        entries = await readdir(root, { withFileTypes: true });
    } catch (e) {
        throw new DataError(`${root}: cannot read the image folder (${(e as Error).message}).`);
    }
    const visible = entries.filter((e) => !e.name.startsWith('.'));
    const dirs = (await filterAsync(visible, (e) => isDirectory(root, e)))
        .map((e) => e.name)
        .sort();
    const looseFiles = visible.filter((e) => !dirs.includes(e.name) && IMAGE_FILE.test(e.name));
    const loose = looseFiles.map((e) => e.name).sort();
    if (dirs.length > 0) {
        if (loose.length > 0) {
            warnings.push(
                `${loose.length} images directly in ${root} are ignored (it has class sub-folders).`,
            );
        }
        return listClassFolders(root, dirs, warnings);
    }
    return listFlat(root, loose, warnings);
}

async function listClassFolders(
    root: string,
    dirs: string[],
    warnings: string[],
): Promise<Listing> {
    const files: string[] = [];
    const labels: number[] = [];
    for (const [label, dir] of dirs.entries()) {
        const names = (await readdir(path.join(root, dir)))
            .filter((name) => !name.startsWith('.') && IMAGE_FILE.test(name))
            .sort();
        if (names.length === 0) {
            warnings.push(`Class folder ${path.join(root, dir)} has no images.`);
        }
        for (const name of names) {
            files.push(path.join(root, dir, name));
            labels.push(label);
        }
    }
    return {
        files,
        labels,
        classCount: dirs.length,
        summary: `${files.length} images in ${dirs.length} class folders`,
    };
}

function listFlat(root: string, names: string[], warnings: string[]): Listing {
    const files = names.map((name) => path.join(root, name));
    const prefixes = names.map((name) => name.slice(0, Math.max(name.indexOf('_'), 0)));
    if (names.length > 0 && prefixes.every((p) => p.length > 0)) {
        const classes = [...new Set(prefixes)].sort();
        const index = new Map(classes.map((c, i) => [c, i]));
        return {
            files,
            labels: prefixes.map((p) => index.get(p)!),
            classCount: classes.length,
            summary: `${files.length} images, ${classes.length} classes from file-name prefixes`,
        };
    }
    if (names.length > 0) {
        warnings.push(
            `${root} has no class sub-folders and not every file name has a '<class>_' prefix; all labels are 0.`,
        );
    }
    return {
        files,
        labels: names.map(() => 0),
        classCount: 1,
        summary: `${files.length} images, unlabelled`,
    };
}

/** Follows symbolic links, so a linked class folder counts as a folder. */
async function isDirectory(root: string, entry: Dirent): Promise<boolean> {
    if (entry.isDirectory()) return true;
    if (!entry.isSymbolicLink()) return false;
    return stat(path.join(root, entry.name)).then(
        (s) => s.isDirectory(),
        () => false,
    );
}

async function filterAsync<T>(
    items: readonly T[],
    keep: (item: T) => Promise<boolean>,
): Promise<T[]> {
    const flags = await Promise.all(items.map(keep));
    return items.filter((_, i) => flags[i]);
}
