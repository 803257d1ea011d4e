/**
 * HTML to IOC-scannable text: the visible text (tags dropped, entities decoded, script/style
 * removed) and the link targets (href, src, action, formaction, background, meta refresh), which
 * are where phishing URLs live. A single linear scan, no DOM: the core has none, and mail HTML is
 * rarely well-formed anyway.
 */

/** Visible text and link targets of an HTML document. */
export interface HtmlText {
  text: string;
  links: string[];
}

var NAMED: { [name: string]: number } = {
  amp: 38, lt: 60, gt: 62, quot: 34, apos: 39, nbsp: 160, copy: 169, reg: 174, trade: 8482, hellip: 8230,
  mdash: 8212, ndash: 8211, lsquo: 8216, rsquo: 8217, ldquo: 8220, rdquo: 8221, laquo: 171, raquo: 187,
  bull: 8226, middot: 183, euro: 8364, pound: 163, yen: 165, cent: 162, sect: 167, deg: 176, times: 215,
  shy: 173, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207, ensp: 8194, emsp: 8195, thinsp: 8201,
  colon: 58, sol: 47, period: 46, commat: 64, lpar: 40, rpar: 41, lsqb: 91, rsqb: 93, lbrack: 91, rbrack: 93,
  num: 35, percnt: 37, quest: 63, equals: 61, excl: 33, dollar: 36, plus: 43, comma: 44, semi: 59, bsol: 92,
  auml: 228, ouml: 246, uuml: 252, Auml: 196, Ouml: 214, Uuml: 220, szlig: 223, eacute: 233, egrave: 232,
  aacute: 225, agrave: 224, ccedil: 231, ntilde: 241, oacute: 243, iacute: 237, uacute: 250, ecirc: 234
};

function fromCodePoint(cp: number): string {
  if (cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  if (cp < 0x10000) return String.fromCharCode(cp);
  cp -= 0x10000;
  return String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023));
}

/**
 * Decodes HTML character references: `&#64;`, `&#x40;`, and the named entities above (unknown
 * names are left as written). Phishers use numeric references to hide URLs from naive scanners.
 */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?/g, function (all: string, ref: string) {
    if (ref.charAt(0) === '#') {
      var hex = ref.charAt(1) === 'x' || ref.charAt(1) === 'X';
      return fromCodePoint(parseInt(hex ? ref.substring(2) : ref.substring(1), hex ? 16 : 10));
    }
    if (NAMED.hasOwnProperty(ref)) return String.fromCharCode(NAMED[ref]);
    if (NAMED.hasOwnProperty(ref.toLowerCase()) && /^(amp|lt|gt|quot|nbsp)$/i.test(ref)) return String.fromCharCode(NAMED[ref.toLowerCase()]);
    return all;
  });
}

/** Invisible characters inserted to split IOCs (zero-width space/joiners, soft hyphen, BOM, bidi marks). */
var INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

/** Tags after which a line break is implied in rendered text. */
var BLOCK = /^(br|p|div|tr|li|ul|ol|table|h[1-6]|blockquote|pre|hr|section|article|header|footer|td|th|dt|dd|title|center|form|option)$/;

/** Attributes whose values are link targets. */
var LINK_ATTRS = /^(href|src|action|formaction|background|data-src|data-href|poster|cite|xlink:href)$/;

/** Skips link targets that can never be network IOCs. */
function keepLink(v: string): boolean {
  var l = v.replace(/^\s+/, '').toLowerCase();
  return !(l === '' || l.charAt(0) === '#' || l.substring(0, 4) === 'cid:' || l.substring(0, 5) === 'data:' || (l.substring(0, 11) === 'javascript:' && l.indexOf('//') < 0));
}

interface Tag {
  name: string;
  closing: boolean;
  attrs: { name: string; value: string }[];
  end: number;
}

/** Parses the tag starting at `i` (which is '<'); returns null when it is not a tag. */
function parseTag(s: string, i: number): Tag | null {
  var n = s.length;
  var j = i + 1;
  var closing = false;
  if (s.charAt(j) === '/') {
    closing = true;
    j++;
  }
  var ns = j;
  while (j < n && /[A-Za-z0-9:_-]/.test(s.charAt(j))) j++;
  if (j === ns || !/[A-Za-z]/.test(s.charAt(ns))) return null;
  var name = s.substring(ns, j).toLowerCase();
  var attrs: { name: string; value: string }[] = [];
  while (j < n) {
    while (j < n && /[\s\/]/.test(s.charAt(j))) j++;
    if (j >= n) break;
    if (s.charAt(j) === '>') return { name: name, closing: closing, attrs: attrs, end: j + 1 };
    var as = j;
    while (j < n && !/[\s\/>=]/.test(s.charAt(j))) j++;
    var an = s.substring(as, j).toLowerCase();
    if (j === as) {
      j++; // stray character such as a lone '='
      continue;
    }
    while (j < n && /\s/.test(s.charAt(j))) j++;
    var value = '';
    if (s.charAt(j) === '=') {
      j++;
      while (j < n && /\s/.test(s.charAt(j))) j++;
      var q = s.charAt(j);
      if (q === '"' || q === "'") {
        var close = s.indexOf(q, j + 1);
        if (close < 0) close = n;
        value = s.substring(j + 1, close);
        j = close + 1;
      } else {
        var vs = j;
        while (j < n && !/[\s>]/.test(s.charAt(j))) j++;
        value = s.substring(vs, j);
      }
    }
    attrs.push({ name: an, value: value });
  }
  return { name: name, closing: closing, attrs: attrs, end: n };
}

function attr(tag: Tag, name: string): string | undefined {
  for (var i = 0; i < tag.attrs.length; i++) if (tag.attrs[i].name === name) return tag.attrs[i].value;
  return undefined;
}

/** Extracts visible text and link targets from HTML; linear in the input length. */
export function htmlToText(html: string): HtmlText {
  var out: string[] = [];
  var links: string[] = [];
  var n = html.length;
  var i = 0;
  var lower: string | null = null; // lower-cased copy, made only if a raw-text element needs closing
  while (i < n) {
    var lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(html.substring(i));
      break;
    }
    out.push(html.substring(i, lt));
    if (html.substring(lt, lt + 4) === '<!--') {
      var ce = html.indexOf('-->', lt + 4);
      i = ce < 0 ? n : ce + 3;
      continue;
    }
    if (html.charAt(lt + 1) === '!' || html.charAt(lt + 1) === '?') {
      var de = html.indexOf('>', lt);
      i = de < 0 ? n : de + 1;
      continue;
    }
    var tag = parseTag(html, lt);
    if (tag === null) {
      out.push('<');
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (!tag.closing) {
      for (var a = 0; a < tag.attrs.length; a++) {
        if (LINK_ATTRS.test(tag.attrs[a].name)) {
          var v = decodeEntities(tag.attrs[a].value).replace(/^\s+|\s+$/g, '');
          if (keepLink(v)) links.push(v);
        }
      }
      if (tag.name === 'meta') {
        var equiv = attr(tag, 'http-equiv');
        var content = attr(tag, 'content');
        if (equiv !== undefined && equiv.toLowerCase() === 'refresh' && content !== undefined) {
          var um = /url\s*=\s*['"]?([^'"]+)/i.exec(decodeEntities(content));
          if (um !== null) links.push(um[1].replace(/^\s+|\s+$/g, ''));
        }
      }
      if (tag.name === 'script' || tag.name === 'style') {
        if (lower === null) lower = html.toLowerCase();
        var endTag = lower.indexOf('</' + tag.name, i);
        var gt = endTag < 0 ? -1 : html.indexOf('>', endTag);
        i = gt < 0 ? n : gt + 1;
        continue;
      }
    }
    // Inline tags vanish without a space (`<b>evil</b>.example` renders as one word); blocks break lines.
    if (BLOCK.test(tag.name)) out.push('\n');
  }
  var text = decodeEntities(out.join('')).replace(INVISIBLE, '').replace(/\u00a0/g, ' ');
  return { text: text, links: links };
}
