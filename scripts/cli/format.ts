/** Plain-text table for humans: left-aligned columns, long cells cut with an ellipsis. */
export function table(headers: string[], rows: string[][], maxWidth = 72): string {
  var cut = function (s: string) {
    return s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s;
  };
  var cells = rows.map(function (r) {
    return r.map(cut);
  });
  var widths = headers.map(function (h, i) {
    var w = h.length;
    cells.forEach(function (r) {
      if (r[i] !== undefined && r[i].length > w) w = r[i].length;
    });
    return w;
  });
  var line = function (r: string[]) {
    return r
      .map(function (c, i) {
        return i === r.length - 1 ? c : c + ' '.repeat(widths[i] - c.length);
      })
      .join('  ')
      .replace(/\s+$/, '');
  };
  var out = [line(headers), line(widths.map((w) => '-'.repeat(w)))];
  cells.forEach(function (r) {
    out.push(line(r));
  });
  return out.join('\n') + '\n';
}
