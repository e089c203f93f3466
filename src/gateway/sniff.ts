/** Format detection lives with the image verifier (src/images), where every user can import it. */
export { SNIFF_BYTES, sniffFormat } from '../images/sniff.js';
