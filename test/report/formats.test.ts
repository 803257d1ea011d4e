import { expect } from 'chai';
import { PROVIDER_IDS } from '../../scripts/core/providers/index';
import type { AlertReport } from '../../scripts/core/engine/types';
import {
  CSV_COLUMNS,
  REPORT_FORMATS,
  createFormatter,
  csvCell,
  formatReports,
  isReportFormat,
} from '../../scripts/node/report/index';
import { allFixtures, collector, fixture, parseCsv } from './helpers';

describe('report formats', function () {
  const reports = allFixtures();

  describe('fixtures', function () {
    it('cover high, medium, low, partial with an error, skipped, cached and allowlisted', function () {
      const tiers = reports.map((r) => r.tier);
      expect(tiers).to.include.members(['high', 'medium', 'low']);
      const partial = fixture('medium-partial');
      expect(partial.partial).to.equal(true);
      const results = reports.flatMap((r) => r.indicators.flatMap((i) => Object.values(i.results)));
      expect(results.some((r) => r.status === 'error' && r.kind === 'rate_limited')).to.equal(true);
      expect(results.some((r) => r.status === 'skipped')).to.equal(true);
      expect(results.some((r) => r.cached && typeof r.ageMs === 'number')).to.equal(true);
      expect(reports.some((r) => r.indicators.some((i) => i.allowlisted))).to.equal(true);
      expect(fixture('low-auto-close').action).to.equal('auto_close');
    });
  });

  describe('createFormatter', function () {
    it('knows exactly the five formats and rejects others', function () {
      expect(REPORT_FORMATS).to.deep.equal(['ndjson', 'json', 'csv', 'md', 'html']);
      expect(isReportFormat('csv')).to.equal(true);
      expect(isReportFormat('xml')).to.equal(false);
      expect(isReportFormat(undefined)).to.equal(false);
      expect(() => createFormatter('xml' as never, collector())).to.throw(/unknown report format "xml"/);
    });
  });

  describe('ndjson', function () {
    it('writes one line per report, each exactly the report, as soon as it is added', function () {
      const sink = collector();
      const f = createFormatter('ndjson', sink);
      f.add(reports[0]);
      expect(sink.chunks).to.have.length(1);
      for (const r of reports.slice(1)) f.add(r);
      f.end({ elapsedMs: 5 });
      const lines = sink.text().split('\n');
      expect(lines.pop()).to.equal('');
      expect(lines).to.have.length(reports.length);
      expect(lines.map((l) => JSON.parse(l))).to.deep.equal(reports);
    });

    it('keeps a value with newlines and U+2028 on one line', function () {
      const r = structuredClone(fixture('high'));
      r.indicators[0].value = 'a\nb\u2028c\r\n';
      const out = formatReports('ndjson', [r]);
      expect(out.split('\n')).to.have.length(2);
      expect(JSON.parse(out.split('\n')[0]).indicators[0].value).to.equal('a\nb\u2028c\r\n');
    });

    it('writes nothing for no reports', function () {
      expect(formatReports('ndjson', [])).to.equal('');
    });
  });

  describe('json', function () {
    it('is one pretty array equal to the reports, streamed element by element', function () {
      const sink = collector();
      const f = createFormatter('json', sink);
      f.add(reports[0]);
      expect(sink.chunks).to.have.length(1);
      expect(sink.chunks[0].startsWith('[\n  {\n    "source": ')).to.equal(true);
      for (const r of reports.slice(1)) f.add(r);
      f.end();
      expect(JSON.parse(sink.text())).to.deep.equal(reports);
      expect(sink.text().endsWith('\n]\n')).to.equal(true);
    });

    it('is [] for no reports', function () {
      expect(formatReports('json', [])).to.equal('[]\n');
      expect(JSON.parse(formatReports('json', []))).to.deep.equal([]);
    });
  });

  describe('csv', function () {
    const header: string[] = [...CSV_COLUMNS, ...PROVIDER_IDS];

    it('parses back to one row per indicator with the fixed columns and one status column per provider', function () {
      const text = formatReports('csv', reports);
      expect(text).to.match(/\r\n$/);
      expect(text.replace(/\r\n/g, '')).to.not.match(/(^|[^"])\n/); // only CRLF record breaks outside quotes here
      const rows = parseCsv(text);
      expect(rows[0]).to.deep.equal(header);
      const expected = reports.reduce((n, r) => n + Math.max(1, r.indicators.length), 0);
      expect(rows).to.have.length(1 + expected);
      for (const row of rows) expect(row).to.have.length(header.length);

      const col = (name: string) => header.indexOf(name);
      const byValue = (v: string) => rows.find((r) => r[col('value')] === v)!;
      const ip = byValue('45.155.205.233');
      expect(ip[col('source')]).to.equal('splunk:notable/7f3a91c2 (Suspicious outbound connection)');
      expect(ip[col('alert_score')]).to.equal('55');
      expect(ip[col('alert_tier')]).to.equal('medium');
      expect(ip[col('action')]).to.equal('review');
      expect(ip[col('partial')]).to.equal('true');
      expect(ip[col('type')]).to.equal('ipv4');
      expect(ip[col('scope')]).to.equal('public');
      expect(ip[col('virustotal')]).to.equal('error:rate_limited');
      expect(ip[col('abuseipdb')]).to.equal('ok');
      expect(ip[col('greynoise')]).to.equal('not_found');
      expect(ip[col('shodan')]).to.equal('skipped');
      expect(ip[col('explanation')]).to.equal(fixture('medium-partial').indicators[0].explanation);

      const google = byValue('docs.google.com');
      expect(google[col('allowlisted')]).to.match(/^built-in allowlist/);
      expect(google[col('score')]).to.equal('0');
      expect(google[col('action')]).to.equal('auto_close');

      const url = byValue('https://login-microsoftonline.secure-docs.xyz/owa/auth.php?user=finance');
      expect(Number(url[col('score')])).to.be.closeTo(fixture('high').indicators[0].score, 0.005);
    });

    it('keeps an alert without indicators as one row carrying its note', function () {
      const rows = parseCsv(formatReports('csv', [fixture('no-indicators')]));
      expect(rows).to.have.length(2);
      expect(rows[1][0]).to.equal('elastic:alert/3c1e2f (Impossible travel)');
      expect(rows[1][CSV_COLUMNS.indexOf('explanation')]).to.equal(fixture('no-indicators').note);
      expect(rows[1][CSV_COLUMNS.indexOf('value')]).to.equal('');
    });

    it('round-trips quotes, commas and newlines, and neutralises formulas with a leading quote', function () {
      const r = structuredClone(fixture('injection'));
      r.indicators[0].value = 'a "quoted", multi\r\nline\nvalue';
      const rows = parseCsv(formatReports('csv', [r]));
      expect(rows[1][CSV_COLUMNS.indexOf('value')]).to.equal('a "quoted", multi\r\nline\nvalue');
      expect(rows[1][0]).to.equal('\'' + r.source);
      expect(rows[2][CSV_COLUMNS.indexOf('value')]).to.equal('\'' + r.indicators[1].value);
      for (const row of rows) for (const cell of row) expect(cell).to.not.match(/^[=+\-@\t\r]/);
    });

    it('csvCell: quotes only when needed, prefixes formula starters', function () {
      expect(csvCell('plain')).to.equal('plain');
      expect(csvCell('a,b')).to.equal('"a,b"');
      expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
      expect(csvCell('=1+1')).to.equal("'=1+1");
      expect(csvCell('+1')).to.equal("'+1");
      expect(csvCell('-1')).to.equal("'-1");
      expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
      expect(csvCell('\tx')).to.equal("'\tx");
      expect(csvCell('=A1,"x"')).to.equal('"\'=A1,""x"""');
      expect(csvCell(undefined)).to.equal('');
      expect(csvCell(0)).to.equal('0');
    });

    it('streams: the header and each report are written on add, and a provider subset sets the columns', function () {
      const sink = collector();
      const f = createFormatter('csv', sink, { providers: ['virustotal', 'abuseipdb'] });
      f.add(fixture('medium-partial'));
      expect(sink.chunks).to.have.length(2);
      f.end();
      const rows = parseCsv(sink.text());
      expect(rows[0]).to.deep.equal([...CSV_COLUMNS, 'virustotal', 'abuseipdb']);
      expect(rows[1].slice(-2)).to.deep.equal(['error:rate_limited', 'ok']);
    });

    it('writes the header alone for no reports', function () {
      expect(parseCsv(formatReports('csv', []))).to.deep.equal([header]);
    });
  });

  describe('md', function () {
    const md = formatReports('md', reports, { generatedAt: '2024-05-14T09:30:00Z', title: 'Phishing triage' }, { elapsedMs: 31000 });

    it('starts with summary counts', function () {
      expect(md.startsWith('# Phishing triage\n')).to.equal(true);
      expect(md).to.contain('Generated 2024-05-14T09:30:00Z · run time 31 s · 5 alerts · 11 indicators');
      expect(md).to.contain('| high | escalate | 2 |');
      expect(md).to.contain('| medium | review | 2 |');
      expect(md).to.contain('| low | auto_close | 1 |');
      expect(md).to.contain('- Partial alerts (a provider failed): 2');
      expect(md).to.match(/Failed lookups: 3 — virustotal \(bad\\_response 1, rate\\_limited 1, timeout 1\)/);
    });

    it('has a section per alert with its note, an indicator table and a breakdown with provider links', function () {
      const sections = md.split(/\n## /).slice(1);
      expect(sections).to.have.length(5);
      expect(sections[0]).to.match(/^1\. HIGH 84\.4 · escalate\n/);
      expect(sections[1]).to.match(/^2\. MEDIUM 55 · review · ⚠ PARTIAL\n/);
      expect(sections[2]).to.contain('> **Auto-close note:** auto-closed: score 2.8 (low)');
      expect(sections[0]).to.contain('| 1 | url | `https://login-microsoftonline.secure-docs.xyz/owa/auth.php?user=finance` | 84.4 | high |');
      expect(sections[0]).to.contain('| 3 | AbuseIPDB | ok | 100% / 100% | 40 | 35.7 |  | [open](<https://www.abuseipdb.com/check/185.220.101.47>) |');
      expect(sections[0]).to.contain('| 2 | VirusTotal | ok | 9.6% / 100% | 60 | 6.3 | yes (5 h old) |');
      expect(sections[1]).to.contain('| 1 | VirusTotal | **error: rate\\_limited**: VirusTotal answered 429 three times');
      expect(sections[3]).to.contain('_No indicators._');
      // Every table row has the header's column count (no stray pipes from values).
      for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
        const cells = line.replace(/\\\|/g, '').split('|').length;
        expect([5, 8, 10]).to.include(cells, line); // summary 3 columns, indicators 6, breakdown 8
      }
    });

    it('says "No alerts" for an empty run', function () {
      const empty = formatReports('md', [], { generatedAt: 'now' });
      expect(empty).to.contain('0 alerts · 0 indicators');
      expect(empty).to.contain('_No alerts._');
    });

    it('buffers until end', function () {
      const sink = collector();
      const f = createFormatter('md', sink);
      f.add(reports[0]);
      expect(sink.chunks).to.have.length(0);
      f.end();
      expect(sink.chunks).to.have.length(1);
    });
  });

  describe('provider metrics in md and html', function () {
    it('show calls vs budget when the summary carries them', function () {
      const summary = {
        providers: {
          virustotal: {
            calls: 12, ok: 8, not_found: 1, errors: { rate_limited: 2 }, errorsTotal: 2, skipped: 0, rateLimited429: 3, retries: 3,
            cacheHits: 4, latencyMs: { p50: 220, p95: 910 }, successRate: 0.8,
            budget: { perMinute: { used: 4, limit: 4 }, perDay: { used: 12, limit: 500 } },
          },
        },
      };
      const md = formatReports('md', [fixture('high')], { generatedAt: 'x' }, summary);
      expect(md).to.contain('| VirusTotal | 12 | 4/4 per minute, 12/500 per day | 8 | 1 | rate\\_limited 2 | 4 | 220 / 910 |');
      const html = formatReports('html', [fixture('high')], { generatedAt: 'x' }, summary);
      expect(html).to.contain('<td>VirusTotal</td><td class="num">12</td><td>4/4 per minute, 12/500 per day</td>');
    });
  });

  describe('interrupted runs', function () {
    it('are flagged in md and html', function () {
      const reportsSoFar: AlertReport[] = [fixture('high')];
      expect(formatReports('md', reportsSoFar, {}, { interrupted: true })).to.contain('The run was interrupted');
      expect(formatReports('html', reportsSoFar, {}, { interrupted: true })).to.contain('The run was interrupted');
    });
  });
});
