// How `lswag libra` prints a LIBRA report: the picks table with why each was chosen, the combined rho
// next to the best single proxy, AZ-NAS and the alternatives, every proxy's statistics and the notes.
import type { LibraReport } from '../core/libra/alternatives';
import { fmt } from '../core/libra/libra';
import type { OutOfSampleReport } from '../core/libra/outOfSample';
import { formatOutOfSample, outOfSampleJson } from './libraOutOfSampleText';

export interface LibraContext {
    readonly acc: string;
    readonly resultsFile: string;
    readonly scored: number;
    readonly labelled: number;
    readonly presetFile?: string;
    /** Absent when the sample is too small to split. */
    readonly outOfSample?: OutOfSampleReport;
}

const ROLES = ['z1', 'z2', 'z3'];

/** The `--json` shape: the contract fields first, then everything the text shows. */
export function libraJson(report: LibraReport, ctx: LibraContext) {
    const r = report.libra;
    return {
        picks: r.picks,
        combined_spearman: r.combined_spearman,
        best_single: r.best_single,
        n: r.n,
        acc: ctx.acc,
        results: ctx.resultsFile,
        labelled: ctx.labelled,
        bins: r.bins,
        band: r.band,
        accuracy_bias: r.accuracy_bias,
        entropy_y: r.entropy_y,
        entropy_y_given_z1: r.entropy_y_given_z1,
        az_nas: report.azNas,
        alternatives: report.alternatives,
        best_objective: report.best ?? null,
        proxies: r.proxies,
        notes: r.notes,
        out_of_sample: ctx.outOfSample ? outOfSampleJson(ctx.outOfSample) : null,
        ...(ctx.presetFile ? { preset: ctx.presetFile } : {}),
    };
}

const rho = (v: number | null) => `rho ${fmt(v)}`;

export function formatLibraReport(report: LibraReport, ctx: LibraContext): string {
    const r = report.libra;
    const lines: string[] = [];
    const of = ctx.scored < ctx.labelled ? ` of ${ctx.labelled}` : '';
    lines.push(
        `LIBRA-NAS on ${r.n}${of} labelled architectures (${ctx.acc}; ${r.bins} bins, band ${r.band}), scores from ${ctx.resultsFile}`,
    );
    lines.push(
        `H(y) = ${fmt(r.entropy_y)} nats; bias(y) = ${fmt(r.accuracy_bias)} (rank correlation of the accuracy with #params)`,
    );
    lines.push('');
    lines.push(
        `${'    proxy'.padEnd(18)} ${'rho'.padStart(7)} ${'IG'.padStart(7)} ${'bias'.padStart(7)}  why`,
    );
    r.picks.forEach((p, k) => {
        lines.push(
            `${ROLES[k]}  ${p.proxy.padEnd(14)} ${fmt(p.spearman).padStart(7)} ${fmt(p.ig).padStart(7)} ${fmt(p.bias).padStart(7)}  ${p.why}`,
        );
    });
    if (r.picks.length === 0) lines.push('(no picks: see the notes)');
    lines.push('');
    const rows: [string, number | null][] = [
        [
            `combined (libra: ${r.picks.map((p) => p.proxy).join(' + ') || '-'})`,
            r.combined_spearman,
        ],
        [`best single proxy (${r.best_single?.proxy ?? '-'})`, r.best_single?.spearman ?? null],
        [
            `AZ-NAS sum over all ${report.azNas.proxies.length} usable proxies`,
            report.azNas.combined_spearman,
        ],
        ...report.alternatives.map((a): [string, number | null] => [
            `${a.method} (${a.picks.join(' + ')})`,
            a.combined_spearman,
        ]),
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) lines.push(`${label.padEnd(width)}  ${rho(value)}`);
    for (const a of report.alternatives) lines.push(`  ${a.method}: ${a.why}`);
    if (report.best) {
        const hint =
            report.best.method === 'libra'
                ? 'the faithful rule'
                : `offer it as a second objective: --save-preset NAME --space SPACE --method ${report.best.method}`;
        lines.push(
            `Best LIBRA objective on this sample: ${report.best.method} (${rho(report.best.combined_spearman)}); ${hint}.`,
        );
    }
    const beats =
        r.combined_spearman !== null &&
        r.best_single !== null &&
        r.combined_spearman > r.best_single.spearman;
    lines.push('');
    lines.push(
        beats
            ? 'Every proxy (* = in the band; IG given z1, in nats):'
            : "libra does not beat the best single proxy here; every proxy's statistics show why (* = in the band; IG given z1, in nats):",
    );
    lines.push(
        `${'    proxy'.padEnd(18)} ${'rho'.padStart(7)} ${'IG'.padStart(7)} ${'bias'.padStart(7)}`,
    );
    for (const s of [...r.proxies].sort(
        (a, b) => (b.spearman ?? -Infinity) - (a.spearman ?? -Infinity),
    )) {
        const mark = s.inBand ? '*' : ' ';
        const missing = s.missing > 0 ? `  (${s.missing} missing)` : '';
        lines.push(
            `  ${mark} ${s.proxy.padEnd(14)} ${fmt(s.spearman).padStart(7)} ${fmt(s.ig).padStart(7)} ${fmt(s.bias).padStart(7)}${missing}`,
        );
    }
    if (ctx.outOfSample) {
        lines.push('');
        lines.push(...formatOutOfSample(ctx.outOfSample));
    }
    lines.push('');
    lines.push('Notes:');
    for (const note of [
        ...r.notes,
        'The rhos in the first tables are in-sample: the same architectures chose the picks; the held-out column is the honest one.',
    ])
        lines.push(`  - ${note}`);
    if (ctx.presetFile) lines.push(`Saved the preset to ${ctx.presetFile}.`);
    return `${lines.join('\n')}\n`;
}
