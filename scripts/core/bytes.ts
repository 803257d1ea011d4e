/**
 * Byte helpers in plain ES5 (no TextEncoder, Buffer, Uint8Array or atob in the XSOAR interpreter):
 * bytes are arrays of numbers 0..255.
 */

/** UTF-8 encode a JS string; lone surrogates become U+FFFD. */
export function utf8Encode(s: string): number[] {
  var out: number[] = [];
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** UTF-8 decode; invalid sequences become U+FFFD (never throws). */
export function utf8Decode(bytes: number[]): string {
  var parts: string[] = [];
  var chunk: number[] = [];
  function push(cp: number) {
    if (cp > 0xffff) {
      cp -= 0x10000;
      chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023));
    } else chunk.push(cp);
    if (chunk.length >= 4096) flush();
  }
  function flush() {
    parts.push(String.fromCharCode.apply(null, chunk));
    chunk = [];
  }
  var i = 0;
  var n = bytes.length;
  while (i < n) {
    var b = bytes[i];
    var need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) {
      push(0xfffd);
      i++;
      continue;
    }
    if (need === 0) {
      push(b);
      i++;
      continue;
    }
    var cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    var ok = i + need < n;
    for (var k = 1; ok && k <= need; k++) {
      var cb = bytes[i + k];
      if ((cb & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cb & 63);
    }
    if (ok && ((need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff)))) ok = false;
    if (!ok) {
      push(0xfffd);
      i++;
      continue;
    }
    push(cp);
    i += need + 1;
  }
  flush();
  return parts.join('');
}

/** Latin-1 (one byte per char) view of a string whose chars are all < 256. */
export function binaryStringToBytes(s: string): number[] {
  var out: number[] = new Array(s.length);
  for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding. */
export function base64Encode(bytes: number[]): string {
  var out: string[] = [];
  for (var i = 0; i < bytes.length; i += 3) {
    var a = bytes[i];
    var b = i + 1 < bytes.length ? bytes[i + 1] : -1;
    var c = i + 2 < bytes.length ? bytes[i + 2] : -1;
    out.push(B64.charAt(a >> 2));
    out.push(B64.charAt(((a & 3) << 4) | (b < 0 ? 0 : b >> 4)));
    out.push(b < 0 ? '=' : B64.charAt(((b & 15) << 2) | (c < 0 ? 0 : c >> 6)));
    out.push(c < 0 ? '=' : B64.charAt(c & 63));
  }
  return out.join('');
}

/** Unpadded base64url (RFC 4648 §5), as VirusTotal uses for URL identifiers. */
export function base64UrlEncode(bytes: number[]): string {
  return base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Lenient base64 decode (standard or url alphabet): skips whitespace and any non-alphabet
 * character, as mail transfer decoding must.
 */
export function base64Decode(s: string): number[] {
  var out: number[] = [];
  var acc = 0;
  var bits = 0;
  for (var i = 0; i < s.length; i++) {
    var ch = s.charAt(i);
    if (ch === '=') break;
    var v = ch === '-' ? 62 : ch === '_' ? 63 : B64.indexOf(ch);
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return out;
}

export function toHex(bytes: number[]): string {
  var hex = '0123456789abcdef';
  var out: string[] = [];
  for (var i = 0; i < bytes.length; i++) out.push(hex.charAt((bytes[i] >> 4) & 15) + hex.charAt(bytes[i] & 15));
  return out.join('');
}
