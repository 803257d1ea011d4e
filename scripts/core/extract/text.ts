/**
 * extractText: refang once, run the single-pass scanners in a fixed order (URLs, emails, IPv6,
 * bare hosts; hashes and CVEs everywhere), map positions back to the original text and merge
 * duplicates in first-seen order.
 */
import { Extracted } from '../model';
import { asText, Stats, Text } from './chars';
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
  /**
   * Scan through the code-unit view that engines without UTF-16 strings (otto) always use, even
   * where native strings would do. For tests: Node must give the same results both ways.
   */
  codeUnitView?: boolean;
}

/** Merges occurrences by (type, value) preserving first-seen order. */
export function Collector() {
  // One prototype-less map per type: no key concatenation, no inherited names to rule out.
  var index: { [type: string]: { [value: string]: Extracted } } = Object.create(null);
  var list: Extracted[] = [];
  return {
    list: list,
    /** Adds one occurrence found at `[t0, t1)` of `src`; returns the (possibly existing) record. */
    add: function (h: Hit, src: Text, t0: number, t1: number, offset: number | null, defanged: boolean, path?: string): Extracted {
      var byValue = index[h.type];
      if (byValue === undefined) byValue = index[h.type] = Object.create(null);
      var x = byValue[h.value];
      if (x === undefined) {
        // `raw` is the first occurrence only: later ones never build a substring.
        x = { type: h.type, value: h.value, raw: src.substring(t0, t1), offsets: [] };
        if (h.scope) x.scope = h.scope;
        if (h.derivedFrom !== undefined) x.derivedFrom = h.derivedFrom;
        byValue[h.value] = x;
        list.push(x);
      } else if (h.derivedFrom === undefined && x.derivedFrom !== undefined) delete x.derivedFrom;
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
export function scanText(text: string, emit: (h: Hit, src: Text, t0: number, t1: number, defanged: boolean) => void, stats?: Stats, codeUnitView?: boolean): void {
  if (typeof text !== 'string' || !text.length) return;
  var src = asText(text, codeUnitView);
  var rf = refang(src, stats);
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
  // Text order; equal starts keep scanner order (explicit tie-break: engines' sorts need not be stable).
  var order: number[] = [];
  for (var i = 0; i < hits.length; i++) order.push(i);
  var sorted = true;
  for (i = 1; i < hits.length && sorted; i++) if (hits[i].s < hits[i - 1].s) sorted = false;
  if (!sorted)
    order.sort(function (a, b) {
      return hits[a].s - hits[b].s || a - b;
    });
  for (i = 0; i < order.length; i++) {
    var h = hits[order[i]];
    var s = h.bracket ? h.s - 1 : h.s;
    var e = h.bracket ? h.e + 1 : h.e;
    var t0 = map.start(s);
    var t1 = map.end(e);
    emit(h, src, t0, t1, !!h.bracket || !!h.defanged || (map.any && map.defanged(h.s, h.e)));
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
    function (h, src, t0, t1, defanged) {
      c.add(h, src, t0, t1, t0, defanged);
    },
    options && options.stats,
    options && options.codeUnitView
  );
  return c.list;
}
