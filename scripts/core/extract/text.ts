/**
 * extractText: refang once, run the single-pass scanners in a fixed order (URLs, emails, IPv6,
 * bare hosts; hashes and CVEs everywhere), map positions back to the original text and merge
 * duplicates in first-seen order.
 */
import { Extracted } from '../model';
import { Stats } from './chars';
import { scanCves } from './cve';
import { scanEmails } from './email';
import { scanHashes } from './hash';
import { Hit, mergeSpans, Span } from './hit';
import { scanHosts } from './hosts';
import { scanIPv6 } from './ipv6';
import { Mapper, refang } from './refang';
import { scanUrls } from './url';

export interface ExtractOptions {
  /** Deterministic work counter (characters visited); used to prove linear time in tests. */
  stats?: Stats;
}

/** Merges occurrences by (type, value) preserving first-seen order. */
export function Collector() {
  var index: { [k: string]: Extracted } = {};
  var list: Extracted[] = [];
  return {
    list: list,
    /** Adds one occurrence; returns the (possibly existing) record. */
    add: function (h: Hit, raw: string, offset: number | null, defanged: boolean, path?: string): Extracted {
      var key = h.type + ' ' + h.value;
      var x = index[key];
      if (!x || !Object.prototype.hasOwnProperty.call(index, key)) {
        x = { type: h.type, value: h.value, raw: raw, offsets: [] };
        if (h.scope) x.scope = h.scope;
        if (h.derivedFrom !== undefined) x.derivedFrom = h.derivedFrom;
        index[key] = x;
        list.push(x);
      } else if (h.derivedFrom === undefined) delete x.derivedFrom;
      if (offset !== null) x.offsets.push(offset);
      if (defanged) x.defanged = true;
      if (path !== undefined) {
        if (!x.paths) x.paths = [];
        if (x.paths[x.paths.length - 1] !== path && indexOf(x.paths, path) < 0) x.paths.push(path);
      }
      return x;
    }
  };
}

function indexOf(a: string[], v: string): number {
  for (var i = 0; i < a.length; i++) if (a[i] === v) return i;
  return -1;
}

/** Scan one string and hand every occurrence, in text order, to `emit`. */
export function scanText(text: string, emit: (h: Hit, raw: string, offset: number, defanged: boolean) => void, stats?: Stats): void {
  if (typeof text !== 'string' || !text.length) return;
  var rf = refang(text, stats);
  var r = rf.text;
  var map = Mapper(rf.edits);
  var hits: Hit[] = [];
  var urlSpans: Span[] = [];
  var mailSpans: Span[] = [];
  var v6Spans: Span[] = [];
  scanUrls(r, hits, urlSpans, stats);
  scanEmails(r, urlSpans, hits, mailSpans, stats);
  scanIPv6(r, mergeSpans([urlSpans, mailSpans]), hits, v6Spans, stats);
  scanHosts(r, mergeSpans([urlSpans, mailSpans, v6Spans]), map.defanged, hits, stats);
  scanHashes(r, hits, stats);
  scanCves(r, hits, stats);
  var order: number[] = [];
  for (var i = 0; i < hits.length; i++) order.push(i);
  order.sort(function (a, b) {
    return hits[a].s - hits[b].s || a - b;
  });
  for (i = 0; i < order.length; i++) {
    var h = hits[order[i]];
    var s = h.bracket ? h.s - 1 : h.s;
    var e = h.bracket ? h.e + 1 : h.e;
    var t0 = map.start(s);
    var t1 = map.end(e);
    emit(h, text.substring(t0, t1), t0, !!h.bracket || map.defanged(h.s, h.e));
  }
}

/**
 * Every IOC in free text, deduplicated by (type, value) in first-seen order, with the first raw
 * spelling, every occurrence's offset in the original text, `defanged`, `scope` and `derivedFrom`.
 */
export function extractText(text: string, options?: ExtractOptions): Extracted[] {
  var c = Collector();
  scanText(
    text,
    function (h, raw, offset, defanged) {
      c.add(h, raw, offset, defanged);
    },
    options && options.stats
  );
  return c.list;
}
