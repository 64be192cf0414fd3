// A new pruning run's header: the search's own probe (B = 8, N = 2) and reduced supernet unless the
// options say otherwise, so a plain `lswag search --space darts --prune` stays within its time budget.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { type PruneOptions, freshPruneHeader } from '../../../src/cli/commands/searchPrune';
import { PRUNE_DEFAULTS, PRUNE_PROBE_DEFAULTS } from '../../../src/core/search/pruning';

const io: CliIo = { out: () => {}, err: () => {} };
const lswag = () => ({ kind: 'proxy', proxy: 'lswag' }) as const;
const header = (values: PruneOptions['values'], extra: Partial<PruneOptions> = {}) =>
    freshPruneHeader({ space: 'darts', objective: 'lswag', values, ...extra }, io, lswag);

test('aNewPruningRunUsesTheSearchProbeAndWidthByDefault', () => {
    const h = header({});
    assert.equal(h.score.batch, PRUNE_PROBE_DEFAULTS.batch);
    assert.equal(h.score.batches, PRUNE_PROBE_DEFAULTS.batches);
    assert.ok(h.score.psiSamples <= h.score.batch);
    assert.equal(h.settings.channels, PRUNE_DEFAULTS.channels);
    assert.equal(h.settings.layers, PRUNE_DEFAULTS.layers);
});

test('givenBatchOptionsAndWidthOverrideThePruningDefaults', () => {
    const h = header({ batch: 32, batches: 3 }, { width: 6, layers: 4 });
    assert.equal(h.score.batch, 32);
    assert.equal(h.score.batches, 3);
    assert.equal(h.settings.channels, 6);
    assert.equal(h.settings.layers, 4);
});
