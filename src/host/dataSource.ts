// `--data` / `lswag.data` as a data source: synthetic, an image folder, CIFAR binaries or .npy.
// One reading for the CLI (paths from the working folder) and the extension (from the workspace).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { notRegularKind } from '../core/util/boundedRead';
import path from 'node:path';
import type { DataSourceSpec } from '../protocol/worker';
import { UserInputError } from './errors';

export interface DataPaths {
    /** 'synthetic' or a path. */
    readonly data: string;
    /** Labels of a .npy data file. */
    readonly labels?: string;
}

export interface DataReading {
    /** Where relative paths start; undefined = relative paths are refused (no folder open). */
    readonly baseDir: string | undefined;
    /** How the option is named in messages: `--data` or `lswag.data`. */
    readonly label: string;
    readonly labelsLabel?: string;
    /** The value as written, for messages, where `data` had variables expanded. */
    readonly written?: string;
}

/** The data source `paths` names; throws UserInputError naming the option when it cannot be used. */
export function resolveDataSource(paths: DataPaths, how: DataReading): DataSourceSpec {
    const { data, labels } = paths;
    const written = how.written ?? data;
    const labelsOnlyWithNpy = () =>
        new UserInputError(`${how.labelsLabel ?? 'labels'} only goes with ${how.label} FILE.npy`);
    if (data === 'synthetic') {
        if (labels) throw labelsOnlyWithNpy();
        return { kind: 'synthetic' };
    }
    if (!path.isAbsolute(data) && how.baseDir === undefined) {
        throw new UserInputError(`${how.label}: '${written}' is relative and no folder is open`);
    }
    const full = path.resolve(how.baseDir ?? '', data);
    if (!existsSync(full)) throw new UserInputError(`${how.label}: '${written}' does not exist`);
    // Why: a FIFO would block the worker's read forever, a device never ends.
    const special = notRegularKind(statSync(full));
    if (special && special !== 'a folder')
        throw new UserInputError(
            `${how.label}: '${written}' is ${special}; data must be a regular file or a folder`,
        );
    if (labels !== undefined && existsSync(path.resolve(how.baseDir ?? '', labels))) {
        const labelKind = notRegularKind(statSync(path.resolve(how.baseDir ?? '', labels)));
        if (labelKind)
            throw new UserInputError(
                `${how.labelsLabel ?? 'labels'}: '${labels}' is ${labelKind}; labels must be a regular .npy file`,
            );
    }
    if (full.endsWith('.npy'))
        return {
            kind: 'npy',
            path: full,
            ...(labels ? { labels: path.resolve(how.baseDir ?? '', labels) } : {}),
        };
    if (labels) throw labelsOnlyWithNpy();
    if (full.endsWith('.bin')) return { kind: 'cifar', path: full };
    if (statSync(full).isDirectory()) {
        const isCifar = readdirSync(full).some((f) => f.endsWith('.bin'));
        return { kind: isCifar ? 'cifar' : 'images', path: full };
    }
    throw new UserInputError(
        `${how.label}: '${written}' is not a folder of images, CIFAR .bin files or a .npy file`,
    );
}
