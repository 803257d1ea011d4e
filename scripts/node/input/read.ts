/**
 * Reading CLI inputs: files or stdin into bytes, refusing binary data with a reason, decoding
 * text leniently (invalid UTF-8 becomes U+FFFD rather than an error: a partly garbled alert still
 * holds indicators worth finding).
 *
 * Two ways in: `readSource` reads a whole input (a JSON document, an .eml message, a text file —
 * kinds whose unit is the whole input) and refuses inputs over MAX_WHOLE_BYTES; `openSource` opens
 * a stream for the record kinds (NDJSON, CSV, mbox), which are read a line at a time in flat memory.
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';

/** How an input is interpreted. */
export type InputKind = 'text' | 'alert' | 'ndjson' | 'email' | 'mbox' | 'csv';

export var INPUT_KINDS: InputKind[] = ['text', 'alert', 'ndjson', 'email', 'mbox', 'csv'];

/** Kinds read as a stream of records (lines, rows, messages) rather than as one whole input. */
export var STREAMED_KINDS: InputKind[] = ['ndjson', 'mbox', 'csv'];

/**
 * Largest input read whole (JSON document, .eml, text). Bigger inputs would be held in memory
 * several times over (bytes, string, parsed JSON); NDJSON, CSV and mbox have no such limit.
 */
export var MAX_WHOLE_BYTES = 256 * 1024 * 1024;

/** `.eml` → email, `.mbox` → mbox, `.json` → alert, `.ndjson`/`.jsonl` → one alert per line, `.csv` → one per row, else text. */
export function kindFromPath(path: string): InputKind {
  var ext = extname(path).toLowerCase();
  if (ext === '.eml') return 'email';
  if (ext === '.mbox') return 'mbox';
  if (ext === '.json') return 'alert';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.csv') return 'csv';
  return 'text';
}

/** A human-readable reason an input could not be read; the CLI prints it and exits 1. */
export class InputError extends Error {
  constructor(
    public readonly source: string,
    public readonly reason: string,
  ) {
    super(source + ': ' + reason);
    this.name = 'InputError';
  }
}

function mb(n: number): string {
  return Math.round(n / (1024 * 1024)) + ' MB';
}

function tooBig(source: string, size: string): InputError {
  return new InputError(
    source,
    size + ' is over the ' + mb(MAX_WHOLE_BYTES) + ' limit for inputs read whole (JSON document, .eml, text); ' +
      'split it, or use a streamed form: NDJSON (e.g. jq -c ".[]" file.json > file.ndjson), CSV or mbox',
  );
}

export async function readAllStdin(stream: NodeJS.ReadableStream = process.stdin, source = '-'): Promise<Buffer> {
  var chunks: Buffer[] = [];
  var total = 0;
  for await (var chunk of stream) {
    var b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += b.length;
    if (total > MAX_WHOLE_BYTES) {
      if (typeof (stream as { destroy?: () => void }).destroy === 'function') (stream as unknown as { destroy(): void }).destroy();
      throw tooBig(source, 'more than ' + mb(MAX_WHOLE_BYTES));
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function errnoReason(e: unknown): string {
  var code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'is a directory (pass files, not directories)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : 'cannot read: ' + (e as Error).message;
}

/** Bytes of a file, or of stdin for `-`; failures become InputError with the errno explained. */
export async function readSource(source: string): Promise<Buffer> {
  if (source === '-') return readAllStdin();
  var handle;
  try {
    handle = await open(source, 'r');
  } catch (e) {
    throw new InputError(source, errnoReason(e));
  }
  try {
    var st = await handle.stat();
    if (st.isDirectory()) throw new InputError(source, 'is a directory (pass files, not directories)');
    if (st.size > MAX_WHOLE_BYTES) throw tooBig(source, mb(st.size));
    return await handle.readFile();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(source, errnoReason(e));
  } finally {
    await handle.close();
  }
}

/**
 * A readable stream of a file, or stdin for `-`. The file is checked before the stream is made so
 * that a missing or unreadable file is an InputError here rather than an 'error' event later.
 */
export async function openSource(source: string): Promise<NodeJS.ReadableStream> {
  if (source === '-') return process.stdin;
  try {
    var st = await stat(source);
    if (st.isDirectory()) throw new InputError(source, 'is a directory (pass files, not directories)');
    var handle = await open(source, 'r');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(source, errnoReason(e));
  }
  // The stream owns the handle: it closes it at end, on error and when destroyed.
  return handle.createReadStream({ highWaterMark: 64 * 1024 });
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
    if (b === 0) return nulReason(i);
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 27) control++;
    else if (b === 0x7f) control++;
  }
  if (n > 0 && control / n > 0.1) return 'binary data (' + Math.round((control / n) * 100) + '% control characters); ' + READS;
  // NUL past the sample still means binary; indexOf is fast even on 50 MB.
  if (buf.length > SAMPLE) {
    var at = buf.indexOf(0, SAMPLE);
    if (at >= 0) return nulReason(at);
  }
  return null;
}

var READS = 'ioc-enrich reads text, JSON/NDJSON alerts, CSV, .eml messages and mbox files';

export function nulReason(offset: number): string {
  return 'binary data (NUL byte at offset ' + offset + '); ' + READS;
}

export function hasUtf16Bom(buf: Buffer): boolean {
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
