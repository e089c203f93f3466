/**
 * The model registry: one row per gateway model. Everything the rest of the code knows about a
 * model — submit paths, which manifest keys it takes and under which wire names, the documented
 * defaults, the allowed values and the prices — lives here. Adding a model is adding a row.
 */

/** Manifest keys that are generation parameters (sent to the gateway, hashed). */
export const PARAM_KEYS = [
  'quality',
  'background',
  'moderation',
  'aspect_ratio',
  'image_size',
  'output_format',
  'number_of_images',
  'output_compression',
] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];

export type Mode = 'text-to-image' | 'image-to-image';

/** The image formats every model can deliver, as `output_format` names them. */
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The one table of format ↔ file extension: the extensions each format is known by (lower case),
 * the one `{ext}` writes first. An `out` path, an image index and the image cache all read it.
 */
export const FORMAT_EXTENSIONS: Readonly<Record<OutputFormat, readonly [string, ...string[]]>> = {
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  webp: ['webp'],
};

/** File extension written for each output format. */
export const FORMAT_EXT: Readonly<Record<OutputFormat, string>> = {
  png: FORMAT_EXTENSIONS.png[0],
  jpeg: FORMAT_EXTENSIONS.jpeg[0],
  webp: FORMAT_EXTENSIONS.webp[0],
};

/** The format a file extension (without the dot, case aside) names, or undefined for another one. */
export function formatOfExtension(ext: string): OutputFormat | undefined {
  const e = ext.toLowerCase();
  return OUTPUT_FORMATS.find((f) => FORMAT_EXTENSIONS[f].includes(e));
}
export type ParamValue = string | number;

/** How one parameter is carried for one model. */
export interface ParamSpec {
  /** Name in the JSON body sent to the gateway. */
  readonly wire: string;
  /** Allowed values (strings) or an integer range. */
  readonly allowed: readonly string[] | { readonly min: number; readonly max: number };
  /**
   * The documented default. For models whose documentation lists defaults (`sendDefaults`),
   * it is sent explicitly and hashed; otherwise it is only used locally (never sent).
   */
  readonly default?: ParamValue;
}

export interface ModelSpec {
  readonly id: string;
  /** Submit path per mode, relative to `gateway-url`. A mode absent here is unsupported. */
  readonly endpoints: Readonly<Partial<Record<Mode, string>>>;
  /** The parameters this model takes (manifest key → wire spec). */
  readonly params: Readonly<Partial<Record<ParamKey, ParamSpec>>>;
  /**
   * true: the body carries every parameter explicitly, documented defaults included.
   * false: the body carries only what the manifest sets (plus `alwaysSend`).
   */
  readonly sendDefaults: boolean;
  /** Parameters always sent (with their default when unset) even when `sendDefaults` is false. */
  readonly alwaysSend: readonly ParamKey[];
  /** Whether `input_images` is accepted (image-to-image endpoint). */
  readonly acceptsInputImages: boolean;
  /** USD per image by quality; `null` = the gateway publishes no price ("unpriced"). */
  readonly prices: Readonly<Record<string, number>> | null;
}

const QUALITY_2 = ['low', 'medium', 'high', 'auto'] as const;
const BACKGROUND = ['auto', 'transparent', 'opaque'] as const;
const ASPECTS = ['1:1', '3:2', '2:3'] as const;
const SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

/** aspect_ratio → image_size, for models that take a pixel size. */
export const ASPECT_TO_SIZE: Readonly<Record<string, string>> = {
  '1:1': '1024x1024',
  '3:2': '1536x1024',
  '2:3': '1024x1536',
};

export const MODELS: Readonly<Record<string, ModelSpec>> = {
  'gpt-image-2': {
    id: 'gpt-image-2',
    endpoints: {
      'text-to-image': '/gpt-image-2-text-to-image/v1/gpt-image-2-text-to-image/generate',
      'image-to-image': '/gpt-image-2-image-to-image/v1/gpt-image-2-image-to-image/generate',
    },
    params: {
      quality: { wire: 'quality', allowed: QUALITY_2, default: 'auto' },
      background: { wire: 'background', allowed: BACKGROUND, default: 'auto' },
      moderation: { wire: 'moderation', allowed: ['auto', 'low'], default: 'auto' },
      aspect_ratio: { wire: 'aspect_ratio', allowed: ASPECTS, default: '1:1' },
      output_format: { wire: 'output_format', allowed: OUTPUT_FORMATS, default: 'webp' },
      number_of_images: { wire: 'number_of_images', allowed: { min: 1, max: 10 }, default: 1 },
      output_compression: { wire: 'output_compression', allowed: { min: 0, max: 100 }, default: 90 },
    },
    sendDefaults: true,
    alwaysSend: [],
    acceptsInputImages: true,
    prices: { low: 0.012, medium: 0.047, high: 0.128, auto: 0.128 },
  },
  'gpt-image-1.5': {
    id: 'gpt-image-1.5',
    endpoints: {
      'text-to-image': '/gpt-image-1-5-api-923/v1/gpt-image-1-5-api-request',
    },
    params: {
      quality: { wire: 'quality', allowed: ['low', 'medium', 'high', 'auto', 'standard'] },
      background: { wire: 'background', allowed: BACKGROUND },
      // aspect_ratio is a manifest convenience: it is sent as image_size.
      aspect_ratio: { wire: 'image_size', allowed: ASPECTS },
      image_size: { wire: 'image_size', allowed: SIZES, default: '1024x1024' },
      // The format is always sent: the output's extension and the byte check depend on it.
      output_format: { wire: 'output_format', allowed: OUTPUT_FORMATS, default: 'webp' },
      number_of_images: { wire: 'num_images', allowed: { min: 1, max: 10 }, default: 1 },
    },
    sendDefaults: false,
    alwaysSend: ['image_size', 'output_format'],
    acceptsInputImages: false,
    prices: null,
  },
};

export const MODEL_IDS = Object.keys(MODELS) as readonly string[];
export const DEFAULT_MODEL = 'gpt-image-2';

/** The universal status path (all models). */
export const STATUS_PATH = '/v2/requests/status/';

export function getModel(id: string): ModelSpec {
  const m = MODELS[id];
  if (!m) throw new Error(`unknown model ${id}`);
  return m;
}

/**
 * The effective parameters of an entry for one model: what the fingerprint hashes and what the
 * body is built from. `set` holds the values the manifest gave (entry over defaults), already
 * filtered to keys the model takes. For models with documented defaults every parameter appears;
 * for the others only the set ones plus `alwaysSend`. `aspect_ratio` is folded into `image_size`
 * where the model takes a pixel size, so both spellings hash alike.
 */
export function effectiveParams(
  model: ModelSpec,
  set: Readonly<Partial<Record<ParamKey, ParamValue>>>,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  const values: Partial<Record<ParamKey, ParamValue>> = { ...set };
  if (model.params.image_size && values.aspect_ratio !== undefined) {
    values.image_size ??= ASPECT_TO_SIZE[String(values.aspect_ratio)]!;
    delete values.aspect_ratio;
  }
  for (const key of PARAM_KEYS) {
    const spec = model.params[key];
    if (!spec) continue;
    if (key === 'aspect_ratio' && model.params.image_size) continue;
    const v = values[key];
    const always = model.sendDefaults || model.alwaysSend.includes(key);
    // A value spelled out equal to its default must hash like the omitted one; for models that
    // are sent only what is set, that means leaving it out.
    if (v !== undefined && (always || v !== spec.default)) out[key] = v;
    else if (always && spec.default !== undefined) out[key] = spec.default;
  }
  return out;
}

/** The JSON body for a submit: the prompt, input images and the effective params under wire names. */
export function wireBody(
  model: ModelSpec,
  prompt: string,
  params: Readonly<Record<string, ParamValue>>,
  inputImageUrls?: readonly string[],
): Record<string, unknown> {
  const body: Record<string, unknown> = { prompt };
  if (inputImageUrls && inputImageUrls.length > 0) body.input_images = [...inputImageUrls];
  for (const [key, value] of Object.entries(params)) {
    const spec = model.params[key as ParamKey];
    if (spec) body[spec.wire] = value;
  }
  return body;
}

/** The number of images an entry's effective params ask for. */
export function imageCount(params: Readonly<Record<string, ParamValue>>): number {
  return Number(params.number_of_images ?? 1);
}

/** The output format an entry's effective params ask for. */
export function outputFormat(params: Readonly<Record<string, ParamValue>>): OutputFormat {
  return (params.output_format ?? 'webp') as OutputFormat;
}

/** Quality name used for pricing and reporting (`auto` where unset). */
export function pricingQuality(params: Readonly<Record<string, ParamValue>>): string {
  return String(params.quality ?? 'auto');
}
