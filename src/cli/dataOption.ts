// `--data` and `--labels`: synthetic (the default), an image folder, CIFAR binaries, or .npy.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceSpec } from '../protocol/worker';
import { UsageError } from './options';

export function parseDataOption(data: string | undefined, labels: string | undefined): DataSourceSpec {
    if (!data || data === 'synthetic') {
        if (labels) throw new UsageError('--labels only goes with --data FILE.npy');
        return { kind: 'synthetic' };
    }
    const full = path.resolve(data);
    if (!existsSync(full)) throw new UsageError(`--data: '${data}' does not exist`);
    if (full.endsWith('.npy')) return { kind: 'npy', path: full, ...(labels ? { labels: path.resolve(labels) } : {}) };
    if (labels) throw new UsageError('--labels only goes with --data FILE.npy');
    if (full.endsWith('.bin')) return { kind: 'cifar', path: full };
    if (statSync(full).isDirectory() && readdirSync(full).some((f) => f.endsWith('.bin'))) return { kind: 'cifar', path: full };
    if (statSync(full).isDirectory()) return { kind: 'images', path: full };
    throw new UsageError(`--data: '${data}' is not a folder of images, CIFAR .bin files or a .npy file`);
}
