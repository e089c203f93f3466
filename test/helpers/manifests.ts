/**
 * Manifests that several test files share, named for what they are for. A test whose point is its
 * particular manifest (a rule, a parse error, a path) keeps it inline; what files only repeat
 * lives here, so a change to the manifest format is made once.
 */

/**
 * A manifest of `entries` (the YAML under `images:`, two-space indented) with the defaults most
 * tests want: low quality (the cheapest) and one file per entry, `img/<id>.<ext>`.
 */
export function lowQualityManifest(entries: string): string {
  return `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
${entries}`;
}

/** One entry, `hero`, a lighthouse: the smallest manifest that generates an image (`img/hero.webp`). */
export const ONE_HERO = lowQualityManifest(`  hero:
    prompt: A lighthouse at dawn
`);

/** Two plain entries, `hero` and `team`: a run that writes two images, or a filter that keeps one. */
export const HERO_AND_TEAM = lowQualityManifest(`  hero:
    prompt: A lighthouse at dawn
  team:
    prompt: Three developers at a desk
`);

/**
 * Three entries over the three formats, one of them with two images: alpha (webp), beta (png),
 * gamma (two jpegs, `img/gamma-<n>.jpg`). Four images, $0.048 at low quality.
 */
export const THREE_FORMATS = lowQualityManifest(`  alpha:
    prompt: A lighthouse on a cliff at dawn
  beta:
    prompt: A harbour at noon
    output_format: png
  gamma:
    prompt: A fishing boat at dusk
    output_format: jpeg
    number_of_images: 2
    out: img/gamma-{n}.{ext}
`);

/**
 * The CLI's site: model and format pinned, `hero` at 3:2 and `team` as two images at medium
 * quality (`img/team-<n>.webp`), so its plan table shows a price per quality and an image count.
 */
export const CLI_SITE = `version: 1
defaults:
  model: gpt-image-2
  quality: low
  output_format: webp
  out: img/{id}.{ext}
images:
  hero:
    prompt: A lighthouse at dawn
    aspect_ratio: "3:2"
  team:
    prompt: Three developers at a desk
    quality: medium
    number_of_images: 2
    out: img/team-{n}.{ext}
`;

/**
 * A run to cancel mid-way (test/e2e/cancel.test.ts, bench section 8): `fast` is done in moments;
 * `slow1` and `slow2` (a png) run for as long as the emulator's `slowFactor` makes them; `never`
 * waits for a slot at concurrency 2. The cancel comes when `slow2` (the lighthouse) is accepted.
 */
export const CANCEL_MID_RUN = lowQualityManifest(`  fast:
    prompt: A quick sketch of a gull
  slow1:
    prompt: "[[SLOW]] A slow oil painting of a harbour"
  slow2:
    prompt: "[[SLOW]] A slow oil painting of a lighthouse"
    output_format: png
  never:
    prompt: Not submitted before the cancel
`);

/** A gallery's first entry: `hero` at 3:2 with its alt text. */
export const GALLERY_HERO = `  hero:
    prompt: A lighthouse on a cliff at dawn
    aspect_ratio: "3:2"
    alt: A lighthouse at dawn
`;
