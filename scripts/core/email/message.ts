/**
 * Walks a parsed message and lists what must be scanned for IOCs, in reading order: selected
 * header values, body text, HTML text and link targets, attachment hashes and text-like
 * attachment contents (forwarded .eml attachments recursively). No IOC extraction happens here,
 * so this layer is testable on its own.
 */
import { utf8Encode } from '../bytes';
import { hashBytes } from '../hash/index';
import { bytesToBinaryString, decodeText } from './charset';
import { decodeHeaderValue, decodeRawHeader, getHeader, HeaderField } from './headers';
import { htmlToText } from './html';
import { MAX_DEPTH, MimePart, ParseState, parseMime, partLabel } from './mime';
import { decodeTransfer } from './transfer';
import { EmailAttachment, EmailExtraction } from './types';

/** One thing to scan: text with its source label, or an attachment whose hashes are indicators. */
export interface Segment {
  source: string;
  text?: string;
  attachment?: EmailAttachment;
}

/** The walk's result: everything extractEmail needs except the IOC extraction itself. */
export interface WalkedEmail {
  segments: Segment[];
  attachments: EmailAttachment[];
  headers: EmailExtraction['headers'];
  warnings: string[];
}

/** RFC 5322 §2.1.1 line limit; longer lines are legal nowhere and common in obfuscated mail. */
var MAX_LINE = 998;

/** Extensions of attachments whose content is text worth scanning (scripts and shortcuts included). */
var TEXT_EXT = /\.(txt|text|csv|log|md|xml|json|url|webloc|ics|vcf|js|vbs|vbe|ps1|bat|cmd|sh|py|hta|htm|html|xhtml|shtml|svg|mht|mhtml|eml)$/;
var HTML_EXT = /\.(htm|html|xhtml|shtml|svg|hta)$/;

/**
 * Relay identity from a Received header: the `from` clause (HELO name, reverse DNS, bracketed IP).
 * The `by`, `with`, `id`, `for` clauses are ours (receiving host, recipient) and are cut off;
 * parenthesised comments are kept only inside the `from` clause.
 */
export function receivedFromClause(value: string): string {
  var v = value.replace(/^\s+/, '');
  if (v.substring(0, 5).toLowerCase() !== 'from ') return '';
  var depth = 0;
  var i = 5;
  var n = v.length;
  while (i < n) {
    var c = v.charAt(i);
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) depth--;
    } else if (depth === 0) {
      if (c === ';') break;
      if ((c === ' ' || c === '\t') && /^[ \t]+(by|with|id|for|via)[ \t]/i.test(v.substring(i, i + 8))) break;
    }
    i++;
  }
  return v.substring(5, i).replace(/^\s+|\s+$/g, '');
}

function domainOf(v: string): string {
  var at = v.lastIndexOf('@');
  return at >= 0 ? v.substring(at + 1) : v;
}

/**
 * Authentication-Results (RFC 8601): the sender-controlled properties only (smtp.mailfrom and
 * smtp.helo domains, header.from / header.d / header.i domains, client-ip, and Microsoft's
 * "sender IP is" comment). The leading authserv-id names our own server and is skipped.
 */
export function authResultsValues(value: string): string {
  var out: string[] = [];
  var re = /\b(smtp\.mailfrom|smtp\.helo|header\.from|header\.d|header\.i|client-ip)[ \t]*=[ \t]*"?([^\s;"()]+)/gi;
  var m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) out.push(m[1].toLowerCase() === 'client-ip' ? m[2] : domainOf(m[2]));
  var ms = /sender IP is ([0-9A-Fa-f:.]+)/gi;
  while ((m = ms.exec(value)) !== null) out.push(m[1]);
  return out.join('\n');
}

/** Received-SPF (RFC 7208 §9.1): client-ip, helo and the envelope-from domain; `receiver` is ours. */
export function receivedSpfValues(value: string): string {
  var out: string[] = [];
  var re = /\b(client-ip|helo|envelope-from)[ \t]*=[ \t]*"?([^\s;"()]+)/gi;
  var m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) out.push(m[1].toLowerCase() === 'envelope-from' ? domainOf(m[2].replace(/[<>]/g, '')) : m[2]);
  return out.join('\n');
}

/** The domain of a Message-ID (`<local@domain>`), which names the sending system. */
export function messageIdDomain(value: string): string {
  var m = /@([^>\s]+)>?/.exec(value);
  return m === null ? '' : m[1];
}

/**
 * `[203.0.113.9]` in Received / X-Originating-IP is an RFC 5321 address literal, not a defang:
 * unwrap it so the IP is not reported as defanged.
 */
export function unwrapAddressLiterals(v: string): string {
  return v.replace(/\[(IPv6:)?/gi, ' ').replace(/\]/g, ' ');
}

/** Header fields read for IOCs, with their canonical label and how their value is reduced. */
var READ_HEADERS: { [key: string]: { label: string; reduce: (v: string, notes: string[]) => string } } = {
  from: { label: 'From', reduce: decodeHeaderValue },
  'reply-to': { label: 'Reply-To', reduce: decodeHeaderValue },
  'return-path': { label: 'Return-Path', reduce: decodeHeaderValue },
  sender: { label: 'Sender', reduce: decodeHeaderValue },
  received: { label: 'Received', reduce: function (v) { return unwrapAddressLiterals(receivedFromClause(decodeRawHeader(v))); } },
  'x-originating-ip': { label: 'X-Originating-IP', reduce: function (v) { return unwrapAddressLiterals(decodeRawHeader(v)); } },
  'x-sender-ip': { label: 'X-Sender-IP', reduce: function (v) { return unwrapAddressLiterals(decodeRawHeader(v)); } },
  'authentication-results': { label: 'Authentication-Results', reduce: authResultsValues },
  'received-spf': { label: 'Received-SPF', reduce: receivedSpfValues },
  'message-id': { label: 'Message-ID', reduce: messageIdDomain }
};

interface Ctx {
  out: WalkedEmail;
  state: ParseState;
}

function warn(ctx: Ctx, path: string, msg: string) {
  ctx.out.warnings.push(partLabel(path) + ': ' + msg);
}

function readHeaders(ctx: Ctx, headers: HeaderField[], path: string, sourceOverride: string | undefined) {
  var notes: string[] = [];
  for (var i = 0; i < headers.length; i++) {
    var h = headers[i];
    if (!READ_HEADERS.hasOwnProperty(h.key)) continue;
    var spec = READ_HEADERS[h.key];
    var text = spec.reduce(h.value, notes);
    if (text !== '') ctx.out.segments.push({ source: sourceOverride || 'header:' + spec.label, text: text });
  }
  for (var k = 0; k < notes.length; k++) warn(ctx, path, notes[k]);
}

function longLineCheck(ctx: Ctx, part: MimePart) {
  var body = part.body;
  var pos = 0;
  while (pos < body.length) {
    var nl = body.indexOf('\n', pos);
    var end = nl < 0 ? body.length : nl;
    if (end - pos > MAX_LINE + 1) {
      warn(ctx, part.path || '1', 'line longer than ' + MAX_LINE + ' octets (RFC 5322 limit) in a ' + body.length + '-byte body');
      return;
    }
    pos = end + 1;
  }
}

/** Decodes a text leaf to a JS string, honouring charset and the pre-decoded input mode. */
function partText(ctx: Ctx, part: MimePart, bytes: number[], identityTransfer: boolean, preDecoded: boolean): string {
  var label = part.contentType.params['charset'];
  if (preDecoded && identityTransfer) label = 'utf-8'; // the caller already decoded these characters
  var res = decodeText(bytes, label);
  if (res.note) warn(ctx, part.path || '1', res.note);
  return res.text;
}

function pushText(ctx: Ctx, source: string, text: string, html: boolean) {
  if (!html) {
    if (text !== '') ctx.out.segments.push({ source: source, text: text });
    return;
  }
  var h = htmlToText(text);
  if (h.text.replace(/\s+/g, '') !== '') ctx.out.segments.push({ source: source, text: h.text });
  if (h.links.length > 0) ctx.out.segments.push({ source: source, text: h.links.join('\n') });
}

function walkPart(ctx: Ctx, part: MimePart, preDecoded: boolean, inAttachment: string | undefined, depth: number) {
  if (part.children.length > 0) {
    for (var c = 0; c < part.children.length; c++) walkPart(ctx, part.children[c], preDecoded, inAttachment, depth + 1);
    return;
  }
  var ct = part.contentType.value;
  if (ct.substring(0, 10) === 'multipart/') return; // unparsed (too deep): nothing safe to read
  longLineCheck(ctx, part);
  var cte = getHeader(part.headers, 'content-transfer-encoding');
  var identity = !/^\s*(base64|quoted-printable)\s*$/i.test(cte || '');
  var dec = decodeTransfer(part.body, cte);
  if (dec.note) warn(ctx, part.path || '1', dec.note);
  var disp = part.disposition;
  var fileName = (disp && disp.params['filename']) || part.contentType.params['name'] || '';
  var lowerName = fileName.toLowerCase();
  var isText = ct.substring(0, 5) === 'text/';
  var isMessage = ct === 'message/rfc822' || ct === 'message/global' || /\.eml$/.test(lowerName);
  var isAttachment = (disp !== undefined && disp.value === 'attachment') || fileName !== '' || !isText;
  if (!isAttachment) {
    var src = inAttachment || (ct === 'text/html' ? 'body:html' : 'body:text');
    pushText(ctx, src, partText(ctx, part, dec.bytes, identity, preDecoded), ct === 'text/html');
    return;
  }
  var hashes = hashBytes(dec.bytes);
  var att: EmailAttachment = { fileName: fileName, contentType: ct, size: dec.bytes.length, md5: hashes.md5, sha1: hashes.sha1, sha256: hashes.sha256 };
  ctx.out.attachments.push(att);
  ctx.out.segments.push({ source: 'attachment', attachment: att });
  var label = 'attachment:' + (fileName !== '' ? fileName : 'part ' + (part.path || '1'));
  if (isMessage) {
    if (depth >= MAX_DEPTH) {
      warn(ctx, part.path || '1', 'attached message nested too deep, not opened');
      return;
    }
    walkMessage(ctx, bytesToBinaryString(dec.bytes), part.path || '1', label, preDecoded && identity, depth + 1);
    return;
  }
  if (isText || TEXT_EXT.test(lowerName)) {
    var html = ct === 'text/html' || ct === 'image/svg+xml' || HTML_EXT.test(lowerName);
    pushText(ctx, label, partText(ctx, part, dec.bytes, identity, preDecoded), html);
  }
}

function walkMessage(ctx: Ctx, raw: string, path: string, inAttachment: string | undefined, preDecoded: boolean, depth: number): MimePart {
  var root = parseMime(raw, path, depth, ctx.state);
  readHeaders(ctx, root.headers, path, inAttachment);
  walkPart(ctx, root, preDecoded, inAttachment, depth);
  return root;
}

/**
 * Parses `raw` (a byte string, chars 0..255, e.g. Node's `latin1` decoding of the file) and lists
 * the segments to scan. A string with chars above 255 is taken as already-decoded text: it is
 * re-encoded as UTF-8 and its unencoded parts are read as UTF-8 whatever their charset label says.
 */
export function walkEmail(raw: string): WalkedEmail {
  var out: WalkedEmail = { segments: [], attachments: [], headers: {}, warnings: [] };
  var ctx: Ctx = { out: out, state: { warnings: out.warnings, parts: 0 } };
  var preDecoded = /[^\x00-\xff]/.test(raw);
  var input = preDecoded ? bytesToBinaryString(utf8Encode(raw)) : raw;
  if (!/\S/.test(input)) {
    out.warnings.push('message: empty input');
    return out;
  }
  var root = walkMessage(ctx, input, '', undefined, preDecoded, 0);
  var h = root.headers;
  var pick = function (key: string): string | undefined {
    var v = getHeader(h, key);
    return v === undefined ? undefined : decodeHeaderValue(v);
  };
  var from = pick('from'), to = pick('to'), subject = pick('subject'), date = pick('date'), messageId = pick('message-id');
  if (from !== undefined) out.headers.from = from;
  if (to !== undefined) out.headers.to = to;
  if (subject !== undefined) out.headers.subject = subject;
  if (date !== undefined) out.headers.date = date;
  if (messageId !== undefined) out.headers.messageId = messageId;
  return out;
}
