import { expect } from 'chai';
import { alertsOf, InputProblem } from '../../scripts/node/input/alerts';
import { linesOf } from '../../scripts/node/input/lines';
import { InputError } from '../../scripts/node/input/read';
import { alertsFrom, chunked, collect, PassThrough } from './helpers';

describe('input: streamed NDJSON and lines', function () {
  it('yields the first alert before the input ends (a slow producer is not waited for)', async function () {
    var input = new PassThrough();
    var ended = false;
    input.on('end', () => (ended = true));
    var it = alertsOf('slow.ndjson', 'ndjson', { stream: input })[Symbol.asyncIterator]();
    input.write('{"ip":"8.8.8.8"}\n{"ip":');
    var first = await it.next();
    expect(ended).to.equal(false);
    expect(first.value).to.deep.include({ source: 'slow.ndjson', line: 1, payload: { ip: '8.8.8.8' } });
    var second = it.next();
    setTimeout(() => input.end('"9.9.9.9"}\n'), 20);
    expect((await second).value).to.deep.include({ line: 2, payload: { ip: '9.9.9.9' } });
    expect((await it.next()).done).to.equal(true);
    expect(ended).to.equal(true);
  });

  it('reports bad lines as file:line and keeps going; blank lines and a missing final newline are fine', async function () {
    var r = await alertsFrom('ndjson', '{"a":1}\n{oops\n\n  \n{"b":2}', {}, 2);
    expect(r.alerts.map((a) => [a.line, a.payload])).to.deep.equal([
      [1, { a: 1 }],
      [5, { b: 2 }],
    ]);
    expect(r.problems.map((p: InputProblem) => [p.where, p.error])).to.deep.equal([['in:2', true]]);
    expect(r.problems[0].message).to.match(/^invalid JSON, line skipped/);
  });

  it('keeps memory bounded: a line over the limit is reported and skipped, not buffered', async function () {
    var lines = await collect(linesOf('x', chunked('short\n' + 'y'.repeat(100) + '\nafter\n' + 'z'.repeat(50), 7), { maxBytes: 20 }));
    expect(lines.map((l) => [l.no, l.bytes.toString(), l.tooLong])).to.deep.equal([
      [1, 'short', undefined],
      [2, '', 100],
      [3, 'after', undefined],
      [4, '', 50],
    ]);
  });

  it('reads Splunk (result/_raw) and Elastic (_source) exports, and UTF-16 NDJSON by its BOM', async function () {
    var splunk = await alertsFrom('ndjson', JSON.stringify({ preview: false, result: { _raw: 'deny src=185.220.101.4' } }) + '\n');
    expect(splunk.alerts[0].payload).to.deep.equal({ preview: false, result: { _raw: 'deny src=185.220.101.4' } });
    var utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"ip":"8.8.8.8"}\r\n{"ip":"1.1.1.1"}\r\n', 'utf16le')]);
    var r = await alertsFrom('ndjson', utf16, {}, 3);
    expect(r.alerts.map((a) => a.payload)).to.deep.equal([{ ip: '8.8.8.8' }, { ip: '1.1.1.1' }]);
  });

  it('refuses binary input: control characters up front, a NUL later after the alerts before it', async function () {
    var ctrl = Buffer.alloc(200, 1);
    var e1: unknown = null;
    try {
      await alertsFrom('ndjson', ctrl, {}, 200);
    } catch (e) {
      e1 = e;
    }
    expect(e1).to.be.instanceOf(InputError);
    expect((e1 as Error).message).to.match(/^in: binary data \(\d+% control characters\)/);

    var seen: unknown[] = [];
    var e2: unknown = null;
    try {
      for await (var a of alertsOf('late', 'ndjson', { stream: chunked(Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.from([0x7b, 0, 0x7d])]), 8) })) seen.push(a.payload);
    } catch (e) {
      e2 = e;
    }
    expect(seen).to.deep.equal([{ a: 1 }]);
    expect((e2 as Error).message).to.equal('late: binary data (NUL byte at offset 9); ioc-enrich reads text, JSON/NDJSON alerts, CSV, .eml messages and mbox files');
  });

  it('closes the file when the consumer stops early', async function () {
    var input = chunked('{"a":1}\n{"a":2}\n{"a":3}\n', 8);
    for await (var a of alertsOf('f', 'ndjson', { stream: input })) {
      expect(a.line).to.equal(1);
      break;
    }
    expect(input.destroyed).to.equal(true);
  });
});
