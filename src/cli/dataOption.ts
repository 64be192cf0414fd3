// `--data` and `--labels` as a data source; relative paths start in the working folder.
import { resolveDataSource } from '../host/dataSource';
import type { OptionValues } from '../host/scoreOptions';
import type { DataSourceSpec } from '../protocol/worker';

export function dataFromOptions(values: OptionValues): DataSourceSpec {
    return resolveDataSource(
        {
            data: values.data ?? 'synthetic',
            ...(values.labels !== undefined ? { labels: values.labels } : {}),
        },
        { baseDir: process.cwd(), label: '--data', labelsLabel: '--labels' },
    );
}
