/** Shared scanner types: a hit in refanged coordinates and claimed spans. */
import { IocType, IpScope } from '../model';

export interface Hit {
  type: IocType;
  value: string;
  /** Refanged-text start and exclusive end of the indicator as written. */
  s: number;
  e: number;
  scope?: IpScope;
  derivedFrom?: string;
  /** The value was wrapped in `[...]` (a defang): raw includes the brackets. */
  bracket?: boolean;
  /** Written defanged in a way the refang edits do not record (`http://[evil.com]/`). */
  defanged?: boolean;
}

/** A half-open range of refanged text already owned by a URL, email or IPv6 hit. */
export interface Span {
  s: number;
  e: number;
}

/** Sorted, merged copy of span lists (used to skip claimed text in later passes). */
export function mergeSpans(lists: Span[][]): Span[] {
  var all: Span[] = [];
  for (var i = 0; i < lists.length; i++) for (var k = 0; k < lists[i].length; k++) all.push(lists[i][k]);
  all.sort(function (a, b) {
    return a.s - b.s || a.e - b.e;
  });
  var out: Span[] = [];
  for (i = 0; i < all.length; i++) {
    var last = out[out.length - 1];
    if (last && all[i].s <= last.e) {
      if (all[i].e > last.e) last.e = all[i].e;
    } else out.push({ s: all[i].s, e: all[i].e });
  }
  return out;
}

/**
 * Answers "is p claimed / where does the next claim start" for monotonically increasing p,
 * in amortised O(1).
 */
export function SpanCursor(spans: Span[]) {
  var k = 0;
  return {
    /** End of the span containing p, or -1. */
    inside: function (p: number): number {
      while (k < spans.length && spans[k].e <= p) k++;
      return k < spans.length && spans[k].s <= p ? spans[k].e : -1;
    },
    /** End of the last span ending at or before p (0 if none); call after inside(p)/nextStart(p). */
    prevEnd: function (): number {
      return k > 0 ? spans[k - 1].e : 0;
    },
    /** Start of the next span at or after p (or Infinity). */
    nextStart: function (p: number): number {
      while (k < spans.length && spans[k].e <= p) k++;
      return k < spans.length ? spans[k].s : Infinity;
    }
  };
}
