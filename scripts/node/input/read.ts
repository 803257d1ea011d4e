/**
 * Reading CLI inputs: files or stdin into bytes, refusing binary data with a reason, decoding
 * text leniently (invalid UTF-8 becomes U+FFFD rather than an error: a partly garbled alert still
 * holds indicators worth finding).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

/** How an input is interpreted. */
export type InputKind = 'text' | 'alert' | 'ndjson' | 'email';

export var INPUT_KINDS: InputKind[] = ['text', 'alert', 'ndjson', 'email'];

/** `.eml` → email, `.json` → alert (object or array), `.ndjson`/`.jsonl` → one alert per line, else text. */
export function kindFromPath(path: string): InputKind {
  var ext = extname(path).toLowerCase();
  if (ext === '.eml') return 'email';
  if (ext === '.json') return 'alert';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return 'text';
}

/** A human-readable reason an input could not be read; the CLI prints it and exits 1. */
export class InputError extends Error {
  constructor(
    public readonly source: string,
    reason: string,
  ) {
    super(source + ': ' + reason);
    this.name = 'InputError';
  }
}

export async function readAllStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  var chunks: Buffer[] = [];
  for await (var chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Bytes of a file, or of stdin for `-`; failures become InputError with the errno explained. */
export async function readSource(source: string): Promise<Buffer> {
  if (source === '-') return readAllStdin();
  try {
    return await readFile(source);
  } catch (e) {
    var code = (e as NodeJS.ErrnoException).code;
    var why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory (pass files, not directories)' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'cannot read: ' + (e as Error).message;
    throw new InputError(source, why);
  }
}

var SAMPLE = 65536;

/**
 * Why the bytes look binary, or null when they look like text. Text never holds NUL (outside
 * UTF-16, handled by `decodeText` via its BOM), and more than 10% C0 control characters other than
 * tab, newline, CR, form feed, vertical tab and ESC means an executable, archive or image.
 */
export function binaryReason(buf: Buffer): string | null {
  if (hasUtf16Bom(buf)) return null;
  var n = Math.min(buf.length, SAMPLE);
  var control = 0;
  for (var i = 0; i < n; i++) {
    var b = buf[i];
    if (b === 0) return 'binary data (NUL byte at offset ' + i + '); extract reads text, JSON alerts and .eml messages';
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 27) control++;
    else if (b === 0x7f) control++;
  }
  if (n > 0 && control / n > 0.1) return 'binary data (' + Math.round((control / n) * 100) + '% control characters); extract reads text, JSON alerts and .eml messages';
  // NUL past the sample still means binary; indexOf is fast even on 50 MB.
  if (buf.length > SAMPLE) {
    var at = buf.indexOf(0, SAMPLE);
    if (at >= 0) return 'binary data (NUL byte at offset ' + at + '); extract reads text, JSON alerts and .eml messages';
  }
  return null;
}

function hasUtf16Bom(buf: Buffer): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

/** UTF-8 (BOM stripped, invalid sequences → U+FFFD), or UTF-16 when the file starts with its BOM. */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    var body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  var s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
