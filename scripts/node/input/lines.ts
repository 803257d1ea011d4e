/**
 * A stream of bytes into lines, in bounded memory: the only bytes held are the current partial
 * line (capped at MAX_RECORD_BYTES; a longer line is reported and skipped, not buffered) and one
 * chunk. Lines are Buffers so that mbox messages reach the email parser byte for byte; NDJSON and
 * CSV decode each line as UTF-8 (a UTF-8 sequence never spans a newline byte).
 *
 * The same checks as whole inputs apply: binary data is refused (control characters in the first
 * chunk read — 64 KiB from a file, whatever arrived first from a pipe, so a slow producer's first
 * line is not held back — or a NUL anywhere, raised when reached after the records before it were
 * yielded), and a UTF-16 file (by its BOM) is transcoded to UTF-8 on the fly.
 */
import { binaryReason, hasUtf16Bom, InputError, nulReason } from './read';

/** Largest line, CSV record or mbox message held in memory. */
export var MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface Line {
  /** The line's bytes without its terminator ("\n"; a "\r" before it is kept, see `eol`). */
  bytes: Buffer;
  /** 1-based line number. */
  no: number;
  /** The terminator as read: "\n", "\r\n" or "" for a last line without one. */
  eol: string;
  /** Set instead of `bytes` (which is then empty) when the line was over `maxBytes` and skipped. */
  tooLong?: number;
}

export interface LineOptions {
  maxBytes?: number;
  /** Called with the size of every raw chunk read (progress). */
  onBytes?: (n: number) => void;
}

function toBuffer(chunk: unknown): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
}

/** Raw chunks with the binary check done and UTF-16 turned into UTF-8. */
async function* checkedChunks(source: string, stream: NodeJS.ReadableStream, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  var head: Buffer[] = [];
  var headLen = 0;
  var checked = false;
  var decoder: InstanceType<typeof TextDecoder> | null = null;
  var offset = 0;
  function check(buf: Buffer): Buffer {
    checked = true;
    if (hasUtf16Bom(buf)) {
      decoder = new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be');
      return Buffer.from(decoder.decode(buf.subarray(2), { stream: true }), 'utf8');
    }
    var why = binaryReason(buf);
    if (why) throw new InputError(source, why);
    offset = buf.length;
    return buf;
  }
  for await (var raw of stream) {
    var chunk = toBuffer(raw);
    if (onBytes) onBytes(chunk.length);
    if (!checked) {
      head.push(chunk);
      headLen += chunk.length;
      // A few bytes are enough to see a BOM; the control-character ratio is judged on what came first.
      if (headLen < 4) continue;
      var first = check(Buffer.concat(head));
      head = [];
      if (first.length) yield first;
      continue;
    }
    if (decoder) {
      var s = (decoder as InstanceType<typeof TextDecoder>).decode(chunk, { stream: true });
      if (s) yield Buffer.from(s, 'utf8');
      continue;
    }
    var nul = chunk.indexOf(0);
    if (nul >= 0) throw new InputError(source, nulReason(offset + nul));
    offset += chunk.length;
    yield chunk;
  }
  if (!checked) {
    var all = check(Buffer.concat(head));
    if (all.length) yield all;
  }
  if (decoder) {
    var rest = (decoder as InstanceType<typeof TextDecoder>).decode();
    if (rest) yield Buffer.from(rest, 'utf8');
  }
}

/** Every line of the stream, in order; see the module comment for the memory bound. */
export async function* linesOf(source: string, stream: NodeJS.ReadableStream, options: LineOptions = {}): AsyncGenerator<Line> {
  var max = options.maxBytes || MAX_RECORD_BYTES;
  var parts: Buffer[] = [];
  var partLen = 0;
  var skipping = 0; // bytes of an over-long line dropped so far (0: not skipping)
  var no = 0;
  try {
    for await (var chunk of checkedChunks(source, stream, options.onBytes)) {
      var start = 0;
      while (start < chunk.length) {
        var nl = chunk.indexOf(10, start);
        if (nl < 0) {
          var tail = chunk.length - start;
          if (skipping) skipping += tail;
          else if (partLen + tail > max) {
            skipping = partLen + tail;
            parts = [];
            partLen = 0;
          } else {
            // Copy: a slice would pin the whole 64 KiB chunk for the sake of a short tail.
            parts.push(Buffer.from(chunk.subarray(start)));
            partLen += tail;
          }
          break;
        }
        no++;
        if (skipping || partLen + (nl - start) > max) {
          var dropped = skipping + (skipping ? nl - start : partLen + nl - start);
          skipping = 0;
          parts = [];
          partLen = 0;
          yield { bytes: Buffer.alloc(0), no: no, eol: '\n', tooLong: dropped };
        } else {
          var piece = chunk.subarray(start, nl);
          var bytes = partLen ? Buffer.concat(parts.concat([piece])) : Buffer.from(piece);
          parts = [];
          partLen = 0;
          var cr = bytes.length > 0 && bytes[bytes.length - 1] === 13;
          yield { bytes: cr ? bytes.subarray(0, bytes.length - 1) : bytes, no: no, eol: cr ? '\r\n' : '\n' };
        }
        start = nl + 1;
      }
    }
    if (skipping) yield { bytes: Buffer.alloc(0), no: ++no, eol: '', tooLong: skipping };
    else if (partLen) {
      var last = Buffer.concat(parts);
      var lcr = last[last.length - 1] === 13;
      yield { bytes: lcr ? last.subarray(0, last.length - 1) : last, no: ++no, eol: lcr ? '\r' : '' };
    }
  } finally {
    // Stopped early (Ctrl-C, a consumer that gave up): release the file.
    if (stream !== process.stdin && typeof (stream as { destroy?: unknown }).destroy === 'function') (stream as unknown as { destroy(): void }).destroy();
  }
}

/** A line as text: UTF-8 with invalid bytes as U+FFFD, a BOM on the first line dropped. */
export function lineText(line: Line): string {
  var s = line.bytes.toString('utf8');
  return line.no === 1 && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
