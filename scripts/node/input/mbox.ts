/**
 * mbox (mboxo/mboxrd, as written by Thunderbird, mutt, Gmail's Takeout and `formail`) read a
 * message at a time: a message starts at a line beginning with "From " (the separator line itself
 * is not part of the message), body lines escaped as ">From " (">>From " ...) lose one ">", and the
 * blank line that writers put before the next separator is dropped. Bytes are kept as they are
 * (latin1 string, one char per byte) since MIME declares its own charsets.
 */
import { Line, MAX_RECORD_BYTES } from './lines';

export interface MboxMessage {
  /** 1-based message number in the file. */
  no: number;
  /** 1-based line of the message's first line (after its "From " separator). */
  line: number;
  /** The message as a latin1 byte string. */
  raw: string;
}

export interface MboxProblem {
  /** 1-based message number (or 0: text before the first "From " line). */
  no: number;
  line: number;
  message: string;
}

var FROM = Buffer.from('From ');

function isSeparator(b: Buffer): boolean {
  return b.length >= 5 && b[0] === 0x46 && b[1] === 0x72 && b[2] === 0x6f && b[3] === 0x6d && b[4] === 0x20;
}

/** ">From ", ">>From ", ...: a body line that a writer escaped. */
function isEscaped(b: Buffer): boolean {
  var i = 0;
  while (i < b.length && b[i] === 0x3e) i++;
  return i > 0 && b.length - i >= 5 && b.compare(FROM, 0, 5, i, i + 5) === 0;
}

export async function* mboxMessages(lines: AsyncIterable<Line>, onProblem: (p: MboxProblem) => void, maxBytes = MAX_RECORD_BYTES): AsyncGenerator<MboxMessage> {
  var parts: Buffer[] = [];
  var size = 0;
  var no = 0;
  var firstLine = 0;
  var started = false; // inside a message (or the preamble before the first separator)
  var dropped = ''; // why the current message is being skipped, or ''
  var lastBlank = false;

  function take(): MboxMessage | null {
    var msg: MboxMessage | null = null;
    if (started && !dropped) {
      // The blank line before a separator belongs to the mbox format, not to the message.
      if (lastBlank && parts.length >= 2) parts.length -= 2;
      var raw = Buffer.concat(parts).toString('latin1');
      if (raw.trim() !== '') msg = { no: no, line: firstLine, raw: raw };
    } else if (started && dropped) onProblem({ no: no, line: firstLine, message: dropped });
    parts = [];
    size = 0;
    dropped = '';
    lastBlank = false;
    return msg;
  }

  for await (var line of lines) {
    if (line.tooLong === undefined && isSeparator(line.bytes)) {
      var m = take();
      if (m) yield m;
      no++;
      started = true;
      firstLine = line.no + 1;
      continue;
    }
    if (!started) {
      // Text before the first separator: not an mbox file, or one that lost its first line.
      if (line.tooLong === undefined && line.bytes.length === 0) continue;
      no++;
      started = true;
      firstLine = line.no;
      onProblem({ no: no, line: line.no, message: 'does not start with a "From " line; reading the text before the first one as message ' + no });
    }
    if (dropped) continue;
    if (line.tooLong !== undefined) {
      dropped = 'message ' + no + ' skipped: line ' + line.no + ' is ' + line.tooLong + ' bytes, over the ' + maxBytes + '-byte limit';
      parts = [];
      continue;
    }
    var bytes = isEscaped(line.bytes) ? line.bytes.subarray(1) : line.bytes;
    size += bytes.length + line.eol.length;
    if (size > maxBytes) {
      dropped = 'message ' + no + ' skipped: over the ' + maxBytes + '-byte limit';
      parts = [];
      continue;
    }
    lastBlank = bytes.length === 0;
    parts.push(bytes, Buffer.from(line.eol, 'latin1'));
  }
  var end = take();
  if (end) yield end;
}
