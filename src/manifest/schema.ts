/**
 * The zod schema of `images.config.yaml` — the single source of truth for its shape. The loader
 * validates with it and `scripts/gen-schema.ts` turns it into the committed JSON Schema that
 * editors use. Value sets are the union over all models in the registry: which model takes which
 * value is checked later, per entry, where the model is known (see `resolve.ts`).
 */
import { z } from 'zod';
import { DEFAULT_MODEL, MODEL_IDS, MODELS, PARAM_KEYS, type ParamKey } from '../models/registry.js';
import { DURATION_HINT, DURATION_PATTERN } from '../shared/duration.js';

/** Entry ids: safe in file names, URLs, globs and messages. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Variable names as written inside `{{…}}`. */
export const VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Every key an entry may have, in the order the manifest reference lists them. */
export const ENTRY_KEYS = [
  'prompt',
  'model',
  'input_images',
  ...PARAM_KEYS,
  'out',
  'max_age',
  'alt',
  'variant',
  'candidates',
] as const;

/** Top-level keys of the manifest. */
export const TOP_KEYS = [
  'version',
  'index',
  'candidates-dir',
  'defaults',
  'vars',
  'pricing',
  'images',
] as const;

/** Allowed string values of a parameter across all models (union of the registry's rows). */
export function valuesAcrossModels(key: ParamKey): string[] {
  const all = new Set<string>();
  for (const m of Object.values(MODELS)) {
    const allowed = m.params[key]?.allowed;
    if (Array.isArray(allowed)) for (const v of allowed) all.add(v);
  }
  return [...all];
}

/** Integer range of a parameter across all models, or undefined for string-valued parameters. */
export function rangeAcrossModels(key: ParamKey): { min: number; max: number } | undefined {
  let range: { min: number; max: number } | undefined;
  for (const m of Object.values(MODELS)) {
    const allowed = m.params[key]?.allowed;
    if (!allowed || Array.isArray(allowed)) continue;
    const { min, max } = allowed as { min: number; max: number };
    range = range ? { min: Math.min(range.min, min), max: Math.max(range.max, max) } : { min, max };
  }
  return range;
}

/** Which models take a key, for descriptions and "use model …" hints. */
export function modelsTaking(key: ParamKey | 'input_images'): string[] {
  return MODEL_IDS.filter((id) =>
    key === 'input_images' ? MODELS[id]!.acceptsInputImages : MODELS[id]!.params[key] !== undefined,
  );
}

const PARAM_TEXT: Record<ParamKey, string> = {
  quality: 'Rendering quality.',
  background: '`transparent` requires output_format png or webp.',
  moderation: 'Content moderation strictness.',
  aspect_ratio:
    'Image shape. Models that take a pixel size get the matching image_size. Set this or image_size, not both.',
  image_size: 'Pixel size. Set this or aspect_ratio, not both.',
  output_format: 'File format; decides the `{ext}` of `out` (png, jpg, webp).',
  number_of_images: 'Images per request. Above 1, `out` must contain `{n}`.',
  output_compression: 'Compression level for jpeg/webp (ignored for png).',
};

function paramSchema(key: ParamKey) {
  const only = modelsTaking(key);
  const scope = only.length === MODEL_IDS.length ? '' : ` Only for ${only.join(', ')}.`;
  const range = rangeAcrossModels(key);
  // Values only some models take are named in the description, since the enum is the union.
  const notes = range
    ? []
    : valuesAcrossModels(key)
        .map(
          (v) =>
            [
              v,
              MODEL_IDS.filter((id) =>
                (MODELS[id]!.params[key]?.allowed as string[] | undefined)?.includes(v),
              ),
            ] as const,
        )
        .filter(([, ids]) => ids.length < only.length)
        .map(([v, ids]) => ` \`${v}\`: ${ids.join(', ')} only.`);
  const base = range
    ? z.int().min(range.min).max(range.max)
    : z.enum(valuesAcrossModels(key) as [string, ...string[]]);
  return base.optional().describe(PARAM_TEXT[key] + scope + notes.join(''));
}

const params = Object.fromEntries(PARAM_KEYS.map((k) => [k, paramSchema(k)])) as {
  [K in ParamKey]: ReturnType<typeof paramSchema>;
};

/** Keys shared by entries and `defaults` (everything except `prompt`). */
const commonFields = {
  model: z
    .enum(MODEL_IDS as [string, ...string[]])
    .optional()
    .describe(`Gateway model. Default ${DEFAULT_MODEL}.`),
  input_images: z
    .array(z.string().min(1))
    .min(1)
    .max(16)
    .optional()
    .describe(
      `Reference images (1..16; models: ${modelsTaking('input_images').join(', ')}): an http(s) URL, a path relative to the manifest's folder, \`@id\` (all images of that entry) or \`@id#n\` (its n-th image). Present ⇒ image-to-image.`,
    ),
  ...params,
  out: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Output path relative to the manifest's folder, inside the workspace. Placeholders: {id}, {n} (1-based image number), {ext} (png, jpg, webp). Default `{id}.{ext}`.",
    ),
  max_age: z
    .string()
    .regex(new RegExp(DURATION_PATTERN), `must be ${DURATION_HINT}`)
    .optional()
    .describe('Regenerate when the recorded image is older than this, e.g. 90m, 12h, 30d, 8w.'),
  alt: z.string().optional().describe('Alt text for previews, the summary and the report. Not hashed.'),
  variant: z
    .union([z.string(), z.int()])
    .optional()
    .describe('Asks for a distinct image where another entry has identical parameters. Hashed only.'),
  candidates: z
    .int()
    .min(2)
    .max(8)
    .optional()
    .describe(
      'On pull request runs, buy this many candidates (2..8, one request) for a reviewer to pick from with `/pixazo pick <id> <k>`. Not hashed. Not with number_of_images above 1.',
    ),
};

/** One entry under `images:`. */
export const EntrySchema = z
  .strictObject({
    prompt: z
      .string()
      .regex(/\S/, 'must not be empty')
      .describe('What to draw. `{{name}}` is replaced by `vars.name`.'),
    ...commonFields,
  })
  .describe('An image entry; its key is the id.');

/** `defaults:` — any entry key except `prompt`; entries override. */
export const DefaultsSchema = z
  .strictObject(commonFields)
  .describe('Values for every entry (except prompt). Keys a model does not take are ignored for that model.');

/** How ids are spelled, for messages. */
export const ID_HINT = 'ids start with a letter or digit and use only letters, digits, `.`, `_` and `-`';

/** The whole manifest. */
export const ManifestSchema = z
  .strictObject({
    version: z.literal(1).describe('Manifest format version. Always 1.'),
    index: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A JSON image index for site generators, written by every run that changes anything: per id its alt text, files (path relative to the index, width, height, format, bytes, sha256), model and generated_at. A path relative to the manifest's folder ending in .json, inside the workspace, e.g. src/data/images.json.",
      ),
    'candidates-dir': z
      .string()
      .min(1)
      .optional()
      .describe(
        "Where candidate sets awaiting a pick are written: `<candidates-dir>/<id>/<k>.<ext>`. A folder relative to the manifest's folder, inside the workspace. Default `.pixazo/candidates`.",
      ),
    defaults: DefaultsSchema.optional(),
    vars: z
      .record(
        z
          .string()
          .regex(
            VAR_NAME_PATTERN,
            'variable names start with a letter or `_` and use letters, digits, `_`, `-`',
          ),
        z.string(),
      )
      .optional()
      .describe(
        'Text snippets: `{{name}}` in a prompt is replaced by the value. An unknown name is an error.',
      ),
    pricing: z
      .partialRecord(
        z.enum(MODEL_IDS as [string, ...string[]]),
        z
          .record(z.string(), z.number().nonnegative())
          .describe('Quality name (or `default`) → USD per image.'),
      )
      .optional()
      .describe('USD-per-image overrides per model and quality; fills in unpriced models.'),
    images: z
      .record(z.string().regex(ID_PATTERN, `invalid id; ${ID_HINT}`), EntrySchema)
      .describe('The images to generate; each key is the entry id.'),
  })
  .describe('pixazo-images manifest (images.config.yaml).');

/** One entry under `images:` as written. */
export type RawEntry = z.infer<typeof EntrySchema>;
/** `defaults:` as written. */
export type RawDefaults = z.infer<typeof DefaultsSchema>;

/** Field schemas by key, for validating `defaults` one key at a time (see `validDefaults` in `sections.ts`). */
export const FIELD_SCHEMAS: Readonly<Record<string, z.ZodType>> = { ...EntrySchema.shape };

/**
 * The JSON Schema (draft-07) of the manifest, as committed in `schema/images.config.schema.json`.
 * `io: 'input'` describes what a user writes (optional keys not required).
 */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ManifestSchema, { target: 'draft-07', io: 'input' }),
    title: 'pixazo-images manifest',
  };
}
