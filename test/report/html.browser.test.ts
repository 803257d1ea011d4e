/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core. Skipped, with a
 * visible message, when /usr/bin/chromium is missing (`apt-get install chromium`).
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { AlertReport } from '../../scripts/core/engine/types';
import { formatReports } from '../../scripts/node/report/index';
import { allFixtures, fixture } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '..', '..', 'dist', 'test-artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('html report in Chromium', function () {
  this.timeout(120000);
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;
  let problems: string[];
  let requests: string[];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn('\n  SKIPPED html report browser tests: ' + CHROMIUM + ' is missing (Debian package "chromium").\n');
      this.skip();
    }
    const { chromium } = await import('playwright-core');
    userDataDir = mkdtempSync(join(tmpdir(), 'ioc-report-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1366, height: 900 },
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async function () {
    if (context) await context.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  async function open(name: string, reports: AlertReport[]): Promise<Page> {
    const file = join(ARTIFACTS, name);
    writeFileSync(file, formatReports('html', reports, { generatedAt: '2024-05-14T09:30:00Z', title: 'Phishing triage — 14 May' }, { elapsedMs: 31000 }));
    const p = await context.newPage();
    problems = [];
    requests = [];
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.type() + ': ' + m.text());
    });
    p.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
    p.on('dialog', (d) => {
      problems.push('dialog: ' + d.message());
      void d.dismiss();
    });
    p.on('request', (r) => requests.push(r.url()));
    await p.goto(pathToFileURL(file).href);
    return p;
  }

  const scores = () => page.$$eval('tbody.alert td.c-score', (tds) => tds.map((td) => Number(td.textContent)));

  describe('with the fixtures', function () {
    before(async function () {
      page = await open('report.html', allFixtures());
    });
    after(async function () {
      if (page) await page.close();
    });

    it('renders totals, tier counts and one row per alert', async function () {
      expect(await page.textContent('h1')).to.equal('Phishing triage — 14 May');
      const counts = await page.$$eval('g.tier-count', (gs) => gs.map((g) => [g.getAttribute('data-tier'), g.querySelector('text.n')!.textContent]));
      expect(counts).to.deep.equal([['high', '2'], ['medium', '2'], ['low', '1']]);
      expect(await page.isVisible('svg.chart')).to.equal(true);
      expect(await page.$$eval('tbody.alert', (b) => b.length)).to.equal(5);
      expect(await page.textContent('#shown')).to.equal('5 of 5 alerts shown');
      expect(await page.$$eval('tbody.alert', (b) => b.map((x) => x.className))).to.deep.equal([
        'alert tier-high',
        'alert tier-medium partial has-error',
        'alert tier-low',
        'alert tier-medium',
        'alert tier-high partial has-error',
      ]);
    });

    it('highlights partial alerts with a visible badge and shows the auto-close note', async function () {
      const badges = await page.$$('tbody.partial .badge-partial');
      expect(badges).to.have.length(2);
      for (const b of badges) expect(await b.isVisible()).to.equal(true);
      expect(await page.textContent('tbody.partial[data-i="1"] .c-flags')).to.contain('virustotal: rate_limited');
      const note = await page.textContent('tbody.tier-low .note');
      expect(note).to.match(/^Auto-close note: auto-closed: score 2\.8 \(low\) below 40/);
      expect(await page.isVisible('tbody.tier-low .note')).to.equal(true);
    });

    it('sorts by score both ways when the Score header is clicked, setting aria-sort', async function () {
      const before = await scores();
      expect(before).to.deep.equal([84.4, 55, 2.8, 0, 82.2]);
      await page.click('button[data-sort="score"]');
      const desc = await scores();
      expect(desc).to.deep.equal([84.4, 82.2, 55, 2.8, 0]);
      expect(await page.getAttribute('th:has(button[data-sort="score"])', 'aria-sort')).to.equal('descending');
      await page.click('button[data-sort="score"]');
      const asc = await scores();
      expect(asc).to.deep.equal([0, 2.8, 55, 82.2, 84.4]);
      expect(await page.getAttribute('th:has(button[data-sort="score"])', 'aria-sort')).to.equal('ascending');
      expect(await page.getAttribute('th:has(button[data-sort="tier"])', 'aria-sort')).to.equal('none');
    });

    it('sorts the other columns: indicator count numerically, source as text, tier by rank, partial', async function () {
      await page.click('button[data-sort="count"]');
      const counts = await page.$$eval('tbody.alert td.c-count', (tds) => tds.map((td) => Number(td.textContent)));
      expect(counts).to.deep.equal([...counts].sort((a, b) => b - a));
      await page.click('button[data-sort="source"]');
      const sources = await page.$$eval('tbody.alert .src', (d) => d.map((x) => x.textContent!));
      expect(sources[0]).to.match(/^=HYPERLINK/);
      expect(sources[sources.length - 1]).to.match(/^splunk:/);
      await page.click('button[data-sort="tier"]');
      const tiers = await page.$$eval('tbody.alert .c-tier', (d) => d.map((x) => x.textContent));
      expect(tiers).to.deep.equal(['high', 'high', 'medium', 'medium', 'low']);
      await page.click('button[data-sort="partial"]');
      const partial = await page.$$eval('tbody.alert', (b) => b.map((x) => x.classList.contains('partial')));
      expect(partial).to.deep.equal([true, true, false, false, false]);
    });

    it('expands an alert into its per-indicator breakdown with safe provider links', async function () {
      const body = 'tbody.alert[data-i="0"]';
      expect(await page.$(body + ' tr.detail')).to.equal(null);
      await page.click(body + ' button.toggle');
      expect(await page.getAttribute(body + ' button.toggle', 'aria-expanded')).to.equal('true');
      expect(await page.isVisible(body + ' tr.detail')).to.equal(true);
      expect(await page.$$eval(body + ' section.ind', (s) => s.length)).to.equal(3);
      const heads = await page.$$eval(body + ' section.ind:first-child table.bd th', (t) => t.map((x) => x.textContent));
      expect(heads).to.include.members(['Provider', 'Status', 'Kind', 'Malicious', 'Confidence', 'Weight', 'Contribution']);
      const vt = await page.$$eval(body + ' section.ind:first-child table.bd tbody tr', (rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => (td as { textContent: string | null }).textContent)),
      );
      expect(vt[0].slice(0, 8)).to.deep.equal(['VirusTotal', 'ok', '', '65.6%', '100%', '60', '37.9', '24.9']);
      const links = await page.$$eval(body + ' a.plink', (as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]));
      expect(links.length).to.be.greaterThan(3);
      for (const [href, target, rel] of links) {
        expect(href).to.match(/^https:\/\//);
        expect(target).to.equal('_blank');
        expect(rel).to.equal('noopener noreferrer');
      }
      expect(await page.textContent(body + ' section.ind:nth-child(2)')).to.contain('cached 5 h');
      // Collapse and re-open: the detail row is reused, not rebuilt.
      await page.click(body + ' tr.main td.c-score');
      expect(await page.isVisible(body + ' tr.detail')).to.equal(false);
      await page.click(body + ' tr.main td.c-score');
      expect(await page.$$eval(body + ' tr.detail', (d) => d.length)).to.equal(1);
    });

    it('shows failures in the partial alert: error rows with kind and message', async function () {
      const body = 'tbody.alert[data-i="1"]';
      await page.click(body + ' button.toggle');
      const err = await page.$$eval(body + ' tr.st-error', (rows) => rows.map((r) => r.textContent));
      expect(err).to.have.length(2);
      expect(err[0]).to.contain('rate_limited').and.contain('Retry-After 60 s');
      expect(err[1]).to.contain('timeout');
      expect(await page.textContent(body + ' section.ind:nth-child(3)')).to.contain('private address: never sent to external providers');
    });

    it('shows injected values as text: no script ran, no element was injected, no javascript: link', async function () {
      const body = 'tbody.alert[data-i="4"]';
      await page.click(body + ' button.toggle');
      expect(await page.textContent(body + ' .src')).to.equal(fixture('injection').source);
      expect(await page.textContent(body + ' section.ind:first-child code.value')).to.equal('http://evil.example/"><img src=x onerror="window.__pwned=2">');
      expect(await page.textContent(body + ' section.ind:first-child')).to.contain('<script>window.__pwned=3</script>');
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).to.equal(undefined);
      expect(await page.$$eval('img', (i) => i.length)).to.equal(0);
      expect(await page.$$eval('script', (s) => s.length)).to.equal(2);
      const hrefs = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
      for (const h of hrefs) expect(h).to.match(/^https?:\/\//);
      const injLinks = await page.$$eval(body + ' a.plink', (as) => as.map((a) => a.getAttribute('href')));
      expect(injLinks).to.deep.equal(['https://urlhaus.abuse.ch/url/1/?q=%22%3E%3Cscript%3Ewindow.__pwned=7%3C/script%3E']);
    });

    it('filters by text and tier', async function () {
      await page.fill('#filter', 'secure-docs');
      expect(await page.$$eval('tbody.alert:not([hidden])', (b) => b.length)).to.equal(1);
      await page.fill('#filter', '');
      await page.selectOption('#tier-filter', 'partial');
      expect(await page.$$eval('tbody.alert:not([hidden])', (b) => b.length)).to.equal(2);
      expect(await page.textContent('#shown')).to.equal('2 of 5 alerts shown');
      await page.selectOption('#tier-filter', 'all');
    });

    it('made no requests beyond the file, logged no errors, and looks right (screenshot)', async function () {
      await page.click('button[data-sort="score"]'); // back to a readable order for the picture
      if ((await page.getAttribute('th:has(button[data-sort="score"])', 'aria-sort')) !== 'descending') await page.click('button[data-sort="score"]');
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(existsSync(join(ARTIFACTS, 'report.png'))).to.equal(true);
      expect(requests.filter((u) => !u.startsWith('file://'))).to.deep.equal([]);
      expect(problems).to.deep.equal([]);
    });
  });

  describe('edge sizes', function () {
    it('renders an empty report', async function () {
      const p = await open('report-empty.html', []);
      expect(await p.textContent('#no-alerts')).to.equal('No alerts in this report.');
      expect(await p.$$eval('g.tier-count text.n', (t) => t.map((x) => x.textContent))).to.deep.equal(['0', '0', '0']);
      expect(problems).to.deep.equal([]);
      await p.close();
    });

    it('handles 5,000 alerts: renders every row, sorts, expands', async function () {
      const base = allFixtures();
      const many: AlertReport[] = [];
      for (let i = 0; i < 5000; i++) {
        const r = structuredClone(base[i % base.length]);
        r.source = 'bulk/' + i + '.eml';
        r.score = (i * 37) % 101;
        r.tier = r.score >= 70 ? 'high' : r.score >= 40 ? 'medium' : 'low';
        many.push(r);
      }
      const p = await open('report-5000.html', many);
      expect(await p.$$eval('tbody.alert', (b) => b.length)).to.equal(5000);
      await p.click('button[data-sort="score"]');
      const top = await p.$$eval('tbody.alert td.c-score', (tds) => tds.slice(0, 3).map((t) => Number(t.textContent)));
      expect(top).to.deep.equal([100, 100, 100]);
      await p.click('tbody.alert:first-of-type button.toggle');
      expect(await p.isVisible('tbody.alert:first-of-type tr.detail')).to.equal(true);
      expect(problems).to.deep.equal([]);
      await p.close();
    });
  });
});
