/** The manifest layer: load and validate `images.config.yaml` into resolved entries. */
export { type DurationRange, parseDuration, parseDurationRange } from './duration.js';
export { type LoadOptions, loadManifest } from './load.js';
export { parseManifestText } from './parse.js';
export { manifestJsonSchema } from './schema.js';
export * from './types.js';
