/**
 * Command arguments → indicators. Each value is refanged and classified by the core extractor, so
 * `hxxp://evil[.]example/x` and `1.2.3[.]4` work wherever an indicator is asked for. Values that
 * are not an indicator of an accepted type are returned as `invalid` (reported, never dropped silently).
 */
import { extractText } from '../../core/extract/index';
import { Extracted, IocType } from '../../core/model';
import { toList } from './params';

export interface ParsedValues {
  indicators: Extracted[];
  invalid: string[];
}

function allowedType(t: IocType, allowed: IocType[] | null): boolean {
  if (!allowed) return true;
  for (var i = 0; i < allowed.length; i++) if (allowed[i] === t) return true;
  return false;
}

/**
 * One indicator per value when `allowed` is given (the reputation commands: `!ip 1.2.3.4`), every
 * indicator written in the value otherwise (`ioc-enrich indicators=...`). Derived values (a URL's
 * host) are not added for explicit values: the analyst asked about the URL.
 */
export function parseValues(raw: unknown, allowed: IocType[] | null): ParsedValues {
  var values = toList(raw);
  var out: ParsedValues = { indicators: [], invalid: [] };
  for (var i = 0; i < values.length; i++) {
    var hits = extractText(values[i]);
    var found = 0;
    for (var j = 0; j < hits.length; j++) {
      var h = hits[j];
      if (h.derivedFrom !== undefined || !allowedType(h.type, allowed)) continue;
      out.indicators.push(h);
      found++;
      if (allowed) break;
    }
    if (found === 0) out.invalid.push(values[i]);
  }
  return out;
}

/** Every indicator in free text, derived hosts included (as the Node shell does for alert text). */
export function parseText(text: unknown): Extracted[] {
  if (text === undefined || text === null) return [];
  return extractText(String(text));
}

/** Quoted, truncated list of values for messages. */
export function quoteList(values: string[], max?: number): string {
  var n = max || 10;
  var shown: string[] = [];
  for (var i = 0; i < values.length && i < n; i++) shown.push('"' + (values[i].length > 80 ? values[i].substring(0, 77) + '...' : values[i]) + '"');
  return shown.join(', ') + (values.length > n ? ' and ' + (values.length - n) + ' more' : '');
}
