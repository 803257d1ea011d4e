/**
 * File hashes (MD5, SHA-1, SHA-256) in plain ES5: the XSOAR interpreter has no crypto module, and
 * attachments must be reported by the hashes threat-intel providers index samples by.
 */
import { utf8Encode } from '../bytes';
import { md5Hex } from './md5';
import { sha1Hex } from './sha1';
import { sha256Hex } from './sha256';

export { md5Hex, sha1Hex, sha256Hex };

/** The three digests of one input, lower-case hex. */
export interface TextHashes {
  md5: string;
  sha1: string;
  sha256: string;
}

/** MD5, SHA-1 and SHA-256 of a byte array. */
export function hashBytes(bytes: number[]): TextHashes {
  return { md5: md5Hex(bytes), sha1: sha1Hex(bytes), sha256: sha256Hex(bytes) };
}

/** MD5, SHA-1 and SHA-256 of the UTF-8 encoding of `s`. */
export function hashText(s: string): TextHashes {
  return hashBytes(utf8Encode(s));
}
