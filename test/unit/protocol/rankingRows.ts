// Four ranking rows (a tie, an unscored row, a row without params) for the rankings table's tests.
import type { RankingRow } from '../../../src/protocol/webview';

export const row = (
    name: string,
    lswag: number | null,
    params: number | null,
    source = `/w/${name}:1`,
) =>
    ({
        key: `/w\n${name}`,
        name,
        source,
        label: source.slice(3),
        family: 'nb201',
        params,
        flops: params === null ? null : params * 2,
        scores: { lswag, zico: lswag === null ? null : -lswag },
        errors: [],
    }) satisfies RankingRow;

export const rows = [row('b', 2, 300), row('a', null, 100), row('c', 5, null), row('d', 2, 200)];
