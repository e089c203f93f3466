/**
 * Submit-body validation per model, as the gateway's documentation lists the parameters.
 * Stricter than a lenient real gateway on purpose (unknown fields and wrong types are 400):
 * the emulator exists to catch a client that sends anything the documentation does not name.
 */
import type { ImageFormat, JsonObject, ModelSlug } from './types.js';

/** What a valid body asks for, normalised with the documented defaults. */
export interface ParsedSubmit {
  readonly prompt: string;
  readonly quality: string;
  readonly format: ImageFormat;
  readonly count: number;
  /** Documented pixel size, before `imageScale`. */
  readonly width: number;
  readonly height: number;
  readonly transparent: boolean;
  readonly compression: number;
}

export type Validation = { ok: true; value: ParsedSubmit } | { ok: false; message: string };

type Rule =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'prompt' }
  | { kind: 'urls' };

const QUALITY_2 = ['low', 'medium', 'high', 'auto'];
const BACKGROUND = ['auto', 'transparent', 'opaque'];
const FORMATS = ['png', 'jpeg', 'webp'];
const ASPECT_SIZE: Readonly<Record<string, readonly [number, number]>> = {
  '1:1': [1024, 1024],
  '3:2': [1536, 1024],
  '2:3': [1024, 1536],
};
const SIZES = ['1024x1024', '1536x1024', '1024x1536'];

const GPT_IMAGE_2: Readonly<Record<string, Rule>> = {
  prompt: { kind: 'prompt' },
  quality: { kind: 'enum', values: QUALITY_2 },
  background: { kind: 'enum', values: BACKGROUND },
  moderation: { kind: 'enum', values: ['auto', 'low'] },
  aspect_ratio: { kind: 'enum', values: Object.keys(ASPECT_SIZE) },
  output_format: { kind: 'enum', values: FORMATS },
  number_of_images: { kind: 'int', min: 1, max: 10 },
  output_compression: { kind: 'int', min: 0, max: 100 },
};

/** The documented parameters of each model. */
export const MODEL_PARAMS: Readonly<Record<ModelSlug, Readonly<Record<string, Rule>>>> = {
  'gpt-image-2-text-to-image': GPT_IMAGE_2,
  'gpt-image-2-image-to-image': { ...GPT_IMAGE_2, input_images: { kind: 'urls' } },
  'gpt-image-1-5-api-923': {
    prompt: { kind: 'prompt' },
    image_size: { kind: 'enum', values: SIZES },
    background: { kind: 'enum', values: BACKGROUND },
    // `standard` is in the seed's description; the rest are OpenAI's documented values.
    quality: { kind: 'enum', values: [...QUALITY_2, 'standard'] },
    num_images: { kind: 'int', min: 1, max: 10 },
    output_format: { kind: 'enum', values: FORMATS },
  },
};

const REQUIRED: Readonly<Record<ModelSlug, readonly string[]>> = {
  'gpt-image-2-text-to-image': ['prompt'],
  'gpt-image-2-image-to-image': ['prompt', 'input_images'],
  'gpt-image-1-5-api-923': ['prompt'],
};

function checkRule(key: string, rule: Rule, value: unknown): string | null {
  switch (rule.kind) {
    case 'prompt':
      return typeof value === 'string' && value.trim() !== '' ? null : `${key} must be a non-empty string`;
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value)
        ? null
        : `${key} must be one of ${rule.values.map((v) => `"${v}"`).join(', ')}`;
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max
        ? null
        : `${key} must be an integer from ${rule.min} to ${rule.max}`;
    case 'urls': {
      const ok =
        Array.isArray(value) &&
        value.length >= 1 &&
        value.every((u) => typeof u === 'string' && /^https?:\/\/[^\s/]+/i.test(u));
      return ok ? null : `${key} must be an array of at least one http:// or https:// URL`;
    }
  }
}

/** Checks a parsed JSON body against the model's documented parameters; lists every problem. */
export function validateSubmit(model: ModelSlug, body: unknown): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Request body must be a JSON object' };
  }
  const obj = body as JsonObject;
  const rules = MODEL_PARAMS[model];
  const problems: string[] = [];
  for (const key of REQUIRED[model]) {
    if (obj[key] === undefined) problems.push(`${key} is required`);
  }
  for (const [key, value] of Object.entries(obj)) {
    const rule = rules[key];
    if (!rule) {
      problems.push(`unknown parameter ${key}`);
      continue;
    }
    const problem = checkRule(key, rule, value);
    if (problem) problems.push(problem);
  }
  if (problems.length === 0) {
    const format = (obj.output_format ?? defaultFormat(model)) as ImageFormat;
    if (obj.background === 'transparent' && format === 'jpeg') {
      problems.push('background "transparent" requires output_format "png" or "webp"');
    }
  }
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  return { ok: true, value: normalise(model, obj) };
}

/**
 * gpt-image-2's documented default is webp; the 1.5 page documents none, so the emulator
 * follows OpenAI's own default for that model (png).
 */
function defaultFormat(model: ModelSlug): ImageFormat {
  return model === 'gpt-image-1-5-api-923' ? 'png' : 'webp';
}

function normalise(model: ModelSlug, obj: JsonObject): ParsedSubmit {
  const format = (obj.output_format ?? defaultFormat(model)) as ImageFormat;
  const is15 = model === 'gpt-image-1-5-api-923';
  const [width, height] = is15
    ? (String(obj.image_size ?? '1024x1024')
        .split('x')
        .map(Number) as [number, number])
    : ASPECT_SIZE[String(obj.aspect_ratio ?? '1:1')]!;
  return {
    prompt: String(obj.prompt),
    quality: String(obj.quality ?? 'auto'),
    format,
    count: Number((is15 ? obj.num_images : obj.number_of_images) ?? 1),
    width,
    height,
    transparent: obj.background === 'transparent',
    compression: Math.max(1, Number(obj.output_compression ?? 90)),
  };
}
