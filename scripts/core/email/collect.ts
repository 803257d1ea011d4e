/**
 * Runs an IOC extractor over the walked segments and merges the results across parts: one entry
 * per (type, value) in first-seen order, `sources` unioned, the first `raw` kept. Offsets are
 * dropped because they would point into different decoded texts.
 */
import { Extracted } from '../model';
import { walkEmail } from './message';
import { EmailExtraction, TextExtractor } from './types';

/** Text is scanned in chunks of about this many chars, cut at whitespace, to bound extractor cost. */
export var SCAN_CHUNK = 1 << 20;
/** Scanning stops (with a warning) after this many chars of text in one message. */
export var MAX_SCAN_TOTAL = 64 << 20;

/** Splits text at whitespace near each chunk end so no token is cut (tokens over 64 KB may be). */
export function chunkText(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  var out: string[] = [];
  var pos = 0;
  while (pos < text.length) {
    var end = Math.min(text.length, pos + size);
    if (end < text.length) {
      var lo = Math.max(pos + 1, end - 65536);
      var k = end;
      while (k > lo && !/\s/.test(text.charAt(k - 1))) k--;
      if (k > lo) end = k;
    }
    out.push(text.substring(pos, end));
    pos = end;
  }
  return out;
}

/** extractEmail with an injectable extractor; never throws (failures become warnings). */
export function extractEmailWith(raw: string, extract: TextExtractor): EmailExtraction {
  var result: EmailExtraction = { indicators: [], attachments: [], headers: {}, warnings: [] };
  var index: { [key: string]: number } = {};
  function add(e: Extracted, source: string, fileName?: string) {
    var key = e.type + '\u0000' + e.value;
    if (index.hasOwnProperty(key)) {
      var cur = result.indicators[index[key]];
      var srcs = cur.sources || (cur.sources = []);
      if (srcs.indexOf(source) < 0) srcs.push(source);
      if (e.defanged) cur.defanged = true;
      if (fileName && !cur.fileName) cur.fileName = fileName;
      // Seen on its own somewhere: no longer only a by-product of another indicator.
      if (cur.derivedFrom !== undefined && e.derivedFrom === undefined) delete cur.derivedFrom;
      return;
    }
    var copy: Extracted = { type: e.type, value: e.value, raw: e.raw, offsets: [], sources: [source] };
    if (e.scope !== undefined) copy.scope = e.scope;
    if (e.defanged) copy.defanged = true;
    if (e.derivedFrom !== undefined) copy.derivedFrom = e.derivedFrom;
    if (fileName) copy.fileName = fileName;
    index[key] = result.indicators.length;
    result.indicators.push(copy);
  }
  try {
    var walked = walkEmail(raw);
    result.attachments = walked.attachments;
    result.headers = walked.headers;
    result.warnings = walked.warnings;
    var scanned = 0;
    var failed = false;
    for (var i = 0; i < walked.segments.length; i++) {
      var seg = walked.segments[i];
      if (seg.attachment) {
        var a = seg.attachment;
        var types: ['md5', 'sha1', 'sha256'] = ['md5', 'sha1', 'sha256'];
        for (var t = 0; t < 3; t++) {
          var h = a[types[t]];
          add({ type: types[t], value: h, raw: h, offsets: [] }, seg.source, a.fileName || undefined);
        }
        continue;
      }
      var text = seg.text || '';
      if (scanned + text.length > MAX_SCAN_TOTAL) {
        result.warnings.push('message: more than ' + MAX_SCAN_TOTAL + ' chars of text, the rest was not scanned');
        break;
      }
      scanned += text.length;
      var chunks = chunkText(text, SCAN_CHUNK);
      for (var c = 0; c < chunks.length; c++) {
        var found: Extracted[];
        try {
          found = extract(chunks[c]);
        } catch (err) {
          if (!failed) result.warnings.push('message: IOC extraction failed in ' + seg.source + ': ' + String(err));
          failed = true;
          continue;
        }
        for (var f = 0; f < found.length; f++) add(found[f], seg.source);
      }
    }
  } catch (err) {
    result.warnings.push('message: unexpected error, result may be partial: ' + String(err));
  }
  return result;
}
