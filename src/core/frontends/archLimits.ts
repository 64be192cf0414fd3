// Sane upper bounds for architecture fields: past these a file is a typo or an attack, not a model.
// The JSON Schema (schemas/architecture.schema.json) states the same numbers; a test keeps them equal.

export const ARCH_LIMITS = {
    /** Characters in a candidate name. */
    nameLength: 200,
    /** Output classes (ImageNet-21k has 21,843). */
    classes: 100_000,
    /** Input height = width, in pixels. */
    imageSize: 4096,
    /** NB201 first-stage channels (the benchmark uses 16). */
    nb201Channels: 1024,
    /** NB201 cells per stage (the benchmark uses 5). */
    cellsPerStage: 64,
    embedDim: 8192,
    depth: 64,
    numHeads: 256,
    headDim: 1024,
    mlpRatio: 16,
    /** Image channels of a ViT input. */
    inChannels: 1024,
    /** Each entry of a layer list's `input`. */
    inputDim: 65_536,
    /** Conv and linear output widths, conv groups. */
    width: 65_536,
    /** Conv and pooling kernel, stride, padding and dilation; ViT patch size. */
    window: 4096,
    /** Layers of one layer list, nested blocks included. */
    layers: 1000,
    /** Residual blocks inside residual blocks. */
    layerNesting: 16,
    /** Candidates read from one file (and specs from one scanned text or benchmark). */
    candidates: 10_000,
    /** Characters of one architecture file: YAML parses at about 0.5 MB/s, and the host waits. */
    fileChars: 1_048_576,
} as const;
