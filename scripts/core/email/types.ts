/** Public result types of extractEmail. Plain data: they cross the XSOAR, Node and SOAR shells. */
import { Extracted } from '../model';

/** One attachment (any non-body leaf part), hashed over its decoded bytes. */
export interface EmailAttachment {
  /** From Content-Disposition filename (RFC 2231/2047 decoded) or Content-Type name; '' if none. */
  fileName: string;
  /** Lower-cased `type/subtype`. */
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
}

/** Everything extractEmail reads from one message. */
export interface EmailExtraction {
  /** Deduplicated by (type, value), first-seen order; `sources` lists where each was seen. */
  indicators: Extracted[];
  attachments: EmailAttachment[];
  /** Top-level headers, RFC 2047 decoded. */
  headers: { from?: string; to?: string; subject?: string; date?: string; messageId?: string };
  /** Everything that was damaged, guessed or skipped, prefixed with the part (`part 2.1: ...`). */
  warnings: string[];
}

/** The IOC extractor extractEmail runs over each piece of text (extractText in production). */
export type TextExtractor = (text: string) => Extracted[];
