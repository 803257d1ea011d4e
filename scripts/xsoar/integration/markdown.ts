/**
 * Markdown for the war room, written here rather than with CommonServer.js's tableToMarkdown: the
 * bundle uses no CommonServer helper, so it runs whatever CommonServer version the server has.
 * Cells are escaped (pipes, line breaks, backslashes) so provider text can never break a table.
 */

// Regexes live at module level: otto compiles a regex literal into a Go regexp each time the
// literal is evaluated, so a literal inside cell() cost ~0.1 ms per cell. Only used with replace()
// (which restarts a /g regex at 0) and with test() on non-/g ones, so sharing them is safe.
var BACKSLASH = /\\/g;
var PIPE = /\|/g;
var LINE_BREAK = /\r\n|\r|\n/g;
var HTTP_URL = /^https?:\/\//i;
var URL_UNSAFE = /[ ()|<>\[\]\\]/g;
var BRACKET = /[\[\]]/g;
var TITLE_BREAK = /\r?\n/g;

/** A table cell from any value: `|` and `\` escaped, line breaks as <br>, empty for null/undefined. */
export function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  var s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Most cells need no escaping: indexOf is native in every engine, replace() is not cheap in otto.
  if (s.indexOf('\\') < 0 && s.indexOf('|') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
  return s.replace(BACKSLASH, '\\\\').replace(PIPE, '\\|').replace(LINE_BREAK, '<br>');
}

/** A markdown link safe inside a table cell; just the (escaped) text when there is no http(s) URL. */
export function link(text: string, url: string | undefined): string {
  if (!url || !HTTP_URL.test(url)) return cell(text);
  var safeUrl = url.replace(URL_UNSAFE, function (c) {
    return '%' + c.charCodeAt(0).toString(16).toUpperCase();
  });
  return '[' + cell(text).replace(BRACKET, '\\$&') + '](' + safeUrl + ')';
}

/** A titled table; `rows` are already-escaped cells (use `cell` / `link`). */
export function table(title: string | null, headers: string[], rows: string[][]): string {
  var out: string[] = [];
  if (title) out.push('### ' + title.replace(TITLE_BREAK, ' '));
  var head: string[] = [];
  var sep: string[] = [];
  for (var i = 0; i < headers.length; i++) {
    head.push(cell(headers[i]));
    sep.push('---');
  }
  out.push('|' + head.join('|') + '|');
  out.push('|' + sep.join('|') + '|');
  if (rows.length === 0) out.push('|' + (headers.length > 0 ? '_none_' : '') + new Array(headers.length).join('|') + '|');
  for (var r = 0; r < rows.length; r++) out.push('|' + rows[r].join('|') + '|');
  return out.join('\n') + '\n';
}

/** One decimal place, no trailing `.0`. */
export function num(x: number): string {
  var r = Math.round(x * 10) / 10;
  return r === Math.floor(r) ? String(r) : r.toFixed(1);
}

/** A compact age: `42 s`, `7 min`, `3 h`. */
export function age(ms: number): string {
  if (ms < 60000) return Math.round(ms / 1000) + ' s';
  if (ms < 3600000) return Math.round(ms / 60000) + ' min';
  return num(ms / 3600000) + ' h';
}
