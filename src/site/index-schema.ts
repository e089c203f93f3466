/**
 * The image index's one definition: what a run writes for site generators (see `image-index.ts`),
 * and, through `scripts/gen-schema.ts`, the committed JSON Schema that documents it.
 */
import { z } from 'zod';
import { OUTPUT_FORMATS } from '../models/registry.js';

const indexedFile = z
  .object({
    path: z.string().min(1).describe("The image file, relative to the index file's folder, `/`-separated."),
    width: z.int().positive().describe('Width in pixels, as browsers lay the image out.'),
    height: z.int().positive().describe('Height in pixels.'),
    format: z.enum(OUTPUT_FORMATS).describe('File format.'),
    bytes: z.int().nonnegative().describe('File size in bytes.'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('Hex sha256 of the bytes: changes whenever the image does (cache busting).'),
    content_credentials: z
      .boolean()
      .optional()
      .describe(
        'Whether the file carries C2PA content credentials as delivered by the gateway (a PNG `caBX` chunk, a JPEG APP11 JUMBF box, a RIFF `C2PA` chunk): the file says it was made by AI. Presence only: signatures are not validated. Absent when unknown (an image recorded by an older version).',
      ),
  })
  .describe('One image file of the entry, in the order of its `{n}`.');

const indexedImage = z
  .object({
    alt: z
      .string()
      .optional()
      .describe(
        'The entry’s `alt` text, as the manifest gives it. `""` marks a decorative image (the manifest says `alt: ""`); the key is absent when the manifest gives no alt, so a site can tell a forgotten alt from a decorative image.',
      ),
    files: z.array(indexedFile).min(1),
    model: z.string().describe('The model that made the image.'),
    generated_at: z.string().describe('When the image was made (ISO 8601, UTC).'),
  })
  .describe('An entry of the manifest that has its image.');

/** The index file: `{ version: 1, images: { <id>: … } }`. */
export const imageIndexSchema = z
  .object({
    version: z.literal(1).describe('Index format version. Always 1.'),
    images: z
      .record(z.string(), indexedImage)
      .describe(
        'Every entry of the manifest that has an image, by id. An entry never generated yet (or whose first generation failed or is still pending) is absent; one whose regeneration failed keeps its previous image.',
      ),
  })
  .describe('pixazo-images image index, for site generators.');

export type ImageIndex = z.infer<typeof imageIndexSchema>;
export type IndexedImage = z.infer<typeof indexedImage>;
export type IndexedFile = z.infer<typeof indexedFile>;

/**
 * An index file's text, when it is one: anything else (missing, hand-edited, half-merged) is
 * undefined, and the caller simply rebuilds it.
 */
export function parseImageIndex(text: string | undefined): ImageIndex | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = imageIndexSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON Schema (draft-07) committed as `schema/images.index.schema.json`. */
export function indexJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(imageIndexSchema, { target: 'draft-07', io: 'input' }),
    title: 'pixazo-images image index',
  };
}
