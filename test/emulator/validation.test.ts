import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Emulator, type ModelSlug, startEmulator } from './index.js';
import { submit } from './testkit.js';
import { validateSubmit } from './validate.js';

const T2I: ModelSlug = 'gpt-image-2-text-to-image';
const I2I: ModelSlug = 'gpt-image-2-image-to-image';
const V15: ModelSlug = 'gpt-image-1-5-api-923';
const REF = 'https://example.com/a.png';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ latency: 5 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.options.disabledModels = [];
  emu.resetCounters();
});

describe('400 on bodies the documentation does not allow', () => {
  test.each<[string, ModelSlug, unknown, string]>([
    ['missing prompt', T2I, {}, 'prompt is required'],
    ['empty prompt', T2I, { prompt: '  ' }, 'prompt must be a non-empty string'],
    ['prompt not a string', T2I, { prompt: 3 }, 'prompt must be a non-empty string'],
    ['bad quality', T2I, { prompt: 'p', quality: 'standard' }, 'quality must be one of'],
    ['bad background', T2I, { prompt: 'p', background: 'white' }, 'background must be one of'],
    ['bad moderation', T2I, { prompt: 'p', moderation: 'high' }, 'moderation must be one of'],
    ['bad aspect', T2I, { prompt: 'p', aspect_ratio: '16:9' }, 'aspect_ratio must be one of'],
    ['bad format', T2I, { prompt: 'p', output_format: 'jpg' }, 'output_format must be one of'],
    [
      '0 images',
      T2I,
      { prompt: 'p', number_of_images: 0 },
      'number_of_images must be an integer from 1 to 10',
    ],
    ['11 images', T2I, { prompt: 'p', number_of_images: 11 }, 'number_of_images must be an integer'],
    ['1.5 images', T2I, { prompt: 'p', number_of_images: 1.5 }, 'number_of_images must be an integer'],
    ['string count', T2I, { prompt: 'p', number_of_images: '2' }, 'number_of_images must be an integer'],
    [
      'compression 101',
      T2I,
      { prompt: 'p', output_compression: 101 },
      'output_compression must be an integer from 0 to 100',
    ],
    [
      'transparent jpeg',
      T2I,
      { prompt: 'p', background: 'transparent', output_format: 'jpeg' },
      'requires output_format',
    ],
    ['unknown field', T2I, { prompt: 'p', size: '1024x1024' }, 'unknown parameter size'],
    ['input_images on t2i', T2I, { prompt: 'p', input_images: [REF] }, 'unknown parameter input_images'],
    ['i2i without input_images', I2I, { prompt: 'p' }, 'input_images is required'],
    ['i2i empty input_images', I2I, { prompt: 'p', input_images: [] }, 'input_images must be an array'],
    ['i2i ftp url', I2I, { prompt: 'p', input_images: ['ftp://x/y.png'] }, 'http:// or https://'],
    ['i2i local path', I2I, { prompt: 'p', input_images: ['docs/a.png'] }, 'http:// or https://'],
    ['1.5 bad size', V15, { prompt: 'p', image_size: '512x512' }, 'image_size must be one of'],
    [
      '1.5 wire name of gpt-image-2',
      V15,
      { prompt: 'p', number_of_images: 2 },
      'unknown parameter number_of_images',
    ],
    ['1.5 aspect_ratio', V15, { prompt: 'p', aspect_ratio: '1:1' }, 'unknown parameter aspect_ratio'],
    ['1.5 num_images 0', V15, { prompt: 'p', num_images: 0 }, 'num_images must be an integer from 1 to 10'],
    [
      '1.5 transparent jpeg',
      V15,
      { prompt: 'p', background: 'transparent', output_format: 'jpeg' },
      'requires',
    ],
    ['array body', T2I, [{ prompt: 'p' }], 'must be a JSON object'],
  ])('%s', async (_name, model, body, message) => {
    const res = await submit(emu, model, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'Validation Error', message: expect.stringContaining(message) });
    expect(emu.counters).toMatchObject({ submissions: 1, accepted: 0, chargedUsd: 0 });
  });

  test('invalid JSON', async () => {
    const res = await submit(emu, T2I, '{"prompt": ');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'Bad Request', message: 'Invalid JSON body.' });
  });

  test('every problem is listed', () => {
    const v = validateSubmit(T2I, { quality: 'x', extra: 1 });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message.split('; ')).toHaveLength(3);
  });

  test('a disabled model answers the seed’s "Model not found"', async () => {
    emu.options.disabledModels = [I2I];
    const res = await submit(emu, I2I, { prompt: 'p', input_images: [REF] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'Model not found',
      message: "Model 'gpt-image-2-image-to-image' not found or is disabled",
    });
  });
});

describe('bodies the documentation allows', () => {
  test.each<[string, ModelSlug, Record<string, unknown>]>([
    ['seed t2i minimal', T2I, { prompt: 'A photorealistic portrait of an astronaut on Mars at golden hour' }],
    [
      'seed t2i full',
      T2I,
      {
        prompt: 'A photorealistic portrait',
        quality: 'high',
        background: 'auto',
        moderation: 'auto',
        aspect_ratio: '3:2',
        output_format: 'png',
        number_of_images: 2,
        output_compression: 95,
      },
    ],
    ['seed i2i minimal', I2I, { prompt: 'Ghibli', input_images: ['https://pub.r2.dev/f1.png'] }],
    ['http input', I2I, { prompt: 'p', input_images: ['http://127.0.0.1:1/a.png', REF] }],
    ['transparent webp', T2I, { prompt: 'p', background: 'transparent' }],
    ['extremes', T2I, { prompt: 'p', number_of_images: 10, output_compression: 0, moderation: 'low' }],
    [
      'seed 1.5',
      V15,
      {
        prompt:
          'create a realistic image taken with iphone at these coordinates 41°43′32″N 49°56′49″W 15 April 1912',
        image_size: '1024x1024',
        background: 'auto',
        quality: 'high',
        num_images: 1,
        output_format: 'png',
      },
    ],
    ['1.5 prompt only', V15, { prompt: 'p' }],
  ])('%s → 202', async (_name, model, body) => {
    const res = await submit(emu, model, body);
    expect(res.status).toBe(202);
    expect(emu.log[0]!.body).toEqual(body);
  });
});
