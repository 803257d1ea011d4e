/**
 * extractAlert: walks a parsed SIEM alert iteratively (an explicit stack, so 10,000-deep JSON
 * cannot overflow the call stack) and scans every string VALUE. Keys, numbers, booleans and null
 * are not scanned. Each indicator lists the JSON paths where it was seen; offsets stay empty
 * because positions in different fields are not comparable.
 */
import { Extracted } from '../model';
import { Collector, ExtractOptions, scanText } from './text';

/** Upper bound on visited nodes: protects against cyclic objects handed in by a caller. */
var MAX_NODES = 1000000;

interface Frame {
  value: unknown;
  parent: Frame | null;
  key: string | number | null;
}

function isIdentifier(k: string): boolean {
  if (!k.length) return false;
  for (var i = 0; i < k.length; i++) {
    var c = k.charCodeAt(i);
    var ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 45 || c === 64 || (i > 0 && c >= 48 && c <= 57);
    if (!ok) return false;
  }
  return true;
}

/** `event.message`, `hosts[2].ip`, `["odd key"].x`; the root itself is `$`. */
function pathOf(f: Frame): string {
  var parts: string[] = [];
  for (var p: Frame | null = f; p && p.parent; p = p.parent) {
    var k = p.key;
    if (typeof k === 'number') parts.push('[' + k + ']');
    else if (isIdentifier(k as string)) parts.push((p.parent.parent ? '.' : '') + k);
    else parts.push('[' + JSON.stringify(k) + ']');
  }
  if (!parts.length) return '$';
  parts.reverse();
  return parts.join('');
}

export function extractAlert(json: unknown, options?: ExtractOptions): Extracted[] {
  var c = Collector();
  var stack: Frame[] = [{ value: json, parent: null, key: null }];
  var visited = 0;
  var stats = options && options.stats;
  while (stack.length) {
    var f = stack.pop() as Frame;
    if (++visited > MAX_NODES) throw new Error('extractAlert: more than ' + MAX_NODES + ' nodes (cyclic or oversized alert)');
    var v = f.value;
    if (typeof v === 'string') {
      var path: string | null = null;
      scanText(
        v,
        function (h, src, t0, t1, defanged) {
          if (path === null) path = pathOf(f);
          c.add(h, src, t0, t1, null, defanged, path);
        },
        stats,
        options && options.codeUnitView
      );
    } else if (v !== null && typeof v === 'object') {
      var k: number;
      if (Object.prototype.toString.call(v) === '[object Array]') {
        var arr = v as unknown[];
        for (k = arr.length - 1; k >= 0; k--) stack.push({ value: arr[k], parent: f, key: k });
      } else {
        var obj = v as { [key: string]: unknown };
        var keys: string[] = [];
        for (var key in obj) if (Object.prototype.hasOwnProperty.call(obj, key)) keys.push(key);
        for (k = keys.length - 1; k >= 0; k--) stack.push({ value: obj[keys[k]], parent: f, key: keys[k] });
      }
    }
  }
  return c.list;
}

/** JSON.parse then extractAlert; invalid JSON throws an Error naming the problem. */
export function extractAlertText(jsonText: string, options?: ExtractOptions): Extracted[] {
  if (typeof jsonText !== 'string') throw new Error('extractAlertText: expected a JSON string, got ' + typeof jsonText);
  var parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (e) {
    throw new Error('extractAlertText: invalid JSON: ' + (e && (e as Error).message ? (e as Error).message : String(e)));
  }
  return extractAlert(parsed, options);
}
