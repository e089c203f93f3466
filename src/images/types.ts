import type { OutputFormat } from '../models/registry.js';

/** A width and height in pixels, as a browser lays the image out (EXIF rotation applied). */
export interface Dimensions {
  width: number;
  height: number;
}

/** What the verifier learnt from a complete image. */
export interface VerifiedImage {
  format: OutputFormat;
  bytes: number;
  /** Undefined only when the header gave no size (never for an image that verified, in practice). */
  dimensions: Dimensions | undefined;
  /** C2PA content credentials as delivered: PNG `caBX`, JPEG APP11 JUMBF, RIFF `C2PA`. */
  contentCredentials: boolean;
}
