import { expect } from 'chai';
import { ColumnError, headerNames, selectColumns } from '../../scripts/node/input/csv';
import { InputError } from '../../scripts/node/input/read';
import { alertsFrom, csvOf } from './helpers';

describe('input: CSV (RFC 4180)', function () {
  it('splits plain fields, CRLF or LF, and ignores blank lines between records', async function () {
    expect(await csvOf('a,b,c\r\n1,2,3\n\n4,,6\r\n')).to.deep.equal([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  it('handles quoted fields with commas, "" escapes and embedded newlines, across chunk boundaries', async function () {
    var text = 'id,msg\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"line one\r\nline two\n\nline four"\r\n4,""\r\n';
    for (var size of [1, 2, 7, 1000]) {
      expect(await csvOf(text, size)).to.deep.equal([
        ['id', 'msg'],
        ['1', 'a, b'],
        ['2', 'say "hi"'],
        ['3', 'line one\nline two\n\nline four'],
        ['4', ''],
      ]);
    }
  });

  it('drops a UTF-8 BOM and keeps multibyte characters split across chunks', async function () {
    expect(await csvOf('\ufeffnom,ville\nRené,Zürich\n', 1)).to.deep.equal([
      ['nom', 'ville'],
      ['René', 'Zürich'],
    ]);
  });

  it('is lenient with stray quotes inside unquoted fields and text after a closing quote', async function () {
    expect(await csvOf('a,b\nx"y,"q"z\n')).to.deep.equal([
      ['a', 'b'],
      ['x"y', 'qz'],
    ]);
  });

  it('reports an unterminated quoted field as an InputError naming the row', async function () {
    var err: unknown = null;
    try {
      await csvOf('a,b\n1,"never closed\n2,3\n');
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(InputError);
    expect((err as Error).message).to.match(/t\.csv:2: unterminated quoted field \(row starting at line 2\)/);
  });

  it('makes header names unique and selects columns exactly, case-insensitively or from comma lists', function () {
    var h = headerNames(['ip', 'ip', '', 'Dest, Host', 'URL']);
    expect(h).to.deep.equal(['ip', 'ip (2)', 'column 3', 'Dest, Host', 'URL']);
    expect(selectColumns('f', h, undefined)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(selectColumns('f', h, ['Dest, Host'])).to.deep.equal([3]);
    expect(selectColumns('f', h, ['url,ip', 'ip'])).to.deep.equal([0, 4]);
    expect(() => selectColumns('f.csv', h, ['ip,nope', 'zz']))
      .to.throw(ColumnError)
      .with.property('message', 'f.csv: no column "nope", "zz" (--column); the columns are: "ip", "ip (2)", "column 3", "Dest, Host", "URL"');
  });

  it('alertsOf: one alert per row with the row number (header = row 1), selected columns only', async function () {
    var text = 'id,src,note\n1,8.8.8.8,"multi\nline 9.9.9.9"\n2,1.1.1.1,\n';
    var all = await alertsFrom('csv', text);
    expect(all.alerts.map((a) => [a.row, a.kind, a.payload])).to.deep.equal([
      [2, 'alert', { id: '1', src: '8.8.8.8', note: 'multi\nline 9.9.9.9' }],
      [3, 'alert', { id: '2', src: '1.1.1.1' }],
    ]);
    var some = await alertsFrom('csv', text, { columns: ['note'] });
    expect(some.alerts.map((a) => a.payload)).to.deep.equal([{ note: 'multi\nline 9.9.9.9' }, {}]);
  });

  it('alertsOf: cells past the header are kept when reading every column', async function () {
    var r = await alertsFrom('csv', 'a\n1,extra 8.8.8.8\n');
    expect(r.alerts[0].payload).to.deep.equal({ a: '1', 'column 2': 'extra 8.8.8.8' });
  });
});
