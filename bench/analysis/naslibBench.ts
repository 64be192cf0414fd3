// Writes the first N cells of NAS-Bench-Suite-Zero's precomputed NB201 scores as a benchmark CSV
// (arch, val_accuracy) that `lswag eval` scores, so our proxies can be rank-correlated with theirs.
// Usage: npx tsx bench/analysis/naslibBench.ts ZC_NASBENCH201.json DATASET N OUT.csv
import { writeFileSync } from 'node:fs';
import { readNaslibTable } from './naslibTable';

const [jsonFile, dataset = 'cifar10', count = '200', out = 'naslib.csv'] = process.argv.slice(2);
const cells = [...readNaslibTable(jsonFile, dataset)].slice(0, Number(count));
writeFileSync(
    out,
    `arch,val_accuracy\n${cells.map(([cell, v]) => `${cell},${v.val_accuracy}`).join('\n')}\n`,
);
console.log(`wrote ${cells.length} ${dataset} cells to ${out}`);
