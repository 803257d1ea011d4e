/**
 * RFC 3492 punycode encoder and IDNA-style label conversion in plain ES5 (the XSOAR interpreter has
 * no `url.domainToASCII`). Only encoding is needed: hosts are normalised to their A-label form.
 */

var BASE = 36;
var TMIN = 1;
var TMAX = 26;
var SKEW = 38;
var DAMP = 700;
var INITIAL_BIAS = 72;
var INITIAL_N = 128;

function adapt(delta: number, numPoints: number, first: boolean): number {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  var k = 0;
  while (delta > ((BASE - TMIN) * TMAX) >> 1) {
    delta = Math.floor(delta / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * delta) / (delta + SKEW));
}

function digit(d: number): string {
  return String.fromCharCode(d < 26 ? d + 97 : d + 22);
}

/** Code points of a UTF-16 string (a lone surrogate is kept as its own code unit). */
function codePoints(s: string): number[] {
  var out: number[] = [];
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** Punycode-encode one label (RFC 3492 §6.3), without the `xn--` prefix. Returns null on overflow. */
export function punycodeEncode(input: string): string | null {
  var cps = codePoints(input);
  var out: string[] = [];
  var i: number;
  for (i = 0; i < cps.length; i++) if (cps[i] < 128) out.push(String.fromCharCode(cps[i]));
  var b = out.length;
  var h = b;
  if (b > 0) out.push('-');
  var n = INITIAL_N;
  var delta = 0;
  var bias = INITIAL_BIAS;
  while (h < cps.length) {
    var m = 0x7fffffff;
    for (i = 0; i < cps.length; i++) if (cps[i] >= n && cps[i] < m) m = cps[i];
    if ((m - n) * (h + 1) > 0x7fffffff - delta) return null;
    delta += (m - n) * (h + 1);
    n = m;
    for (i = 0; i < cps.length; i++) {
      var c = cps[i];
      if (c < n) delta++;
      if (c === n) {
        var q = delta;
        for (var k = BASE; ; k += BASE) {
          var t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
          if (q < t) break;
          out.push(digit(t + ((q - t) % (BASE - t))));
          q = Math.floor((q - t) / (BASE - t));
        }
        out.push(digit(q));
        bias = adapt(delta, h + 1, h === b);
        delta = 0;
        h++;
      }
    }
    delta++;
    n++;
  }
  return out.join('');
}

/**
 * Lower-case a label character by character: ASCII directly, other characters with a one-character
 * `toLowerCase`. Whole-string `toLowerCase` is context-sensitive in JS (a final `Σ` becomes `ς`)
 * but not in otto (Go's strings.ToLower), and UTS 46 maps `Σ` to `σ` anyway; `İ` is spelled out
 * because Go lower-cases it to a bare `i` where JS gives `i̇`.
 */
function lowerLabel(label: string): string {
  var ascii = true;
  for (var i = 0; i < label.length && ascii; i++) if (label.charCodeAt(i) >= 128) ascii = false;
  if (ascii) return label.toLowerCase();
  var out: string[] = [];
  for (i = 0; i < label.length; i++) {
    var c = label.charCodeAt(i);
    if (c < 128) out.push(String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c));
    else if (c === 0x130) out.push('i\u0307');
    else out.push(String.fromCharCode(c).toLowerCase());
  }
  return out.join('');
}

/** Lower-case a label and convert it to its A-label (`xn--…`) when it has non-ASCII characters. */
export function labelToAscii(label: string): string | null {
  var l = lowerLabel(label);
  for (var i = 0; i < l.length; i++) {
    if (l.charCodeAt(i) >= 128) {
      var enc = punycodeEncode(l);
      return enc === null ? null : 'xn--' + enc;
    }
  }
  return l;
}
