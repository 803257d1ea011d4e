/**
 * extractEmail: IOCs, attachment hashes, headers and warnings from one RFC 5322 message.
 * See docs/email.md for which headers and parts are read and why some are not.
 */
import { extractText } from '../extract/index';
import { extractEmailWith } from './collect';
import { EmailExtraction } from './types';

export type { EmailAttachment, EmailExtraction, TextExtractor } from './types';
export { extractEmailWith } from './collect';

/**
 * Extracts indicators from a raw message. `raw` is a byte string (each char 0..255, as Node's
 * `latin1` decoding gives); a string with chars above 255 is treated as already-decoded text.
 * Never throws: anything damaged, guessed or skipped is listed in `warnings`.
 */
export function extractEmail(raw: string): EmailExtraction {
  return extractEmailWith(raw, extractText);
}
