// A Metro babel transformer that records what it is given, for
// test/node/metro-transformer.test.ts: its result's metadata is its arguments.
exports.transform = (args) => ({ ast: null, metadata: { args } });
exports.getCacheKey = () => `recording-${process.env.RECORDING_TRANSFORMER_KEY ?? '1'}`;
