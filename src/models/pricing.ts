import { getModel } from './registry.js';

/** Per-model price overrides from the manifest's `pricing:`: quality name (or `default`) → USD per image. */
export type PricingOverrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * USD per image for a model and quality, or null when nobody publishes a price ("unpriced").
 * A manifest `pricing:` entry wins over the registry: the quality's own price, else its `default`.
 * An unset quality (gpt-image-1.5 sends none) is priced as `default`, else `auto`.
 */
export function unitPrice(
  model: string,
  quality: string | undefined,
  overrides: PricingOverrides,
): number | null {
  const own = overrides[model];
  if (own) {
    const p =
      (quality !== undefined ? own[quality] : undefined) ?? own.default ?? (quality ? undefined : own.auto);
    if (p !== undefined) return p;
  }
  const prices = getModel(model).prices;
  if (!prices) return null;
  return prices[quality ?? 'auto'] ?? null;
}

/** Price of a request: unit price × images, or null when unpriced. */
export function requestPrice(
  model: string,
  quality: string | undefined,
  images: number,
  overrides: PricingOverrides,
): number | null {
  const unit = unitPrice(model, quality, overrides);
  return unit === null ? null : roundCost(unit * images);
}

/** Money arithmetic in micro-dollars so sums of prices stay exact to the cent and beyond. */
export function roundCost(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function addCost(a: number, b: number): number {
  return roundCost(a + b);
}

/** Price of one request for an entry's effective params (quality as sent; unset → `default`). */
export function entryPrice(
  entry: { model: string; count: number; params: Readonly<Record<string, string | number>> },
  overrides: PricingOverrides,
): number | null {
  const q = entry.params.quality;
  return requestPrice(entry.model, q === undefined ? undefined : String(q), entry.count, overrides);
}
