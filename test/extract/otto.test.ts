import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleXsoarScript } from '../../build/xsoar/bundle.mjs';
import { extractAlert, extractText } from '../../scripts/core/extract/index';
import { runInXsoar, xsoarEngine } from '../xsoar/host';

/**
 * The extraction core runs in XSOAR's Go ES5 interpreter (otto), whose strings are not UTF-16:
 * `indexOf`/`substring`/`slice` count UTF-8 bytes on non-ASCII strings, `length`/`charCodeAt`
 * count code points and truncate astral ones to 16 bits (docs/xsoar-build.md, "otto quirks").
 * The core scans through a UTF-16 code-unit view there; results must be identical to Node's.
 */
const load = (file: string): { id: string; text: string }[] => JSON.parse(readFileSync(join(__dirname, '../fixtures/extraction', file), 'utf8'));
/** Both labelled corpora: the one written with the code and the blind one (ids prefixed `blind:`). */
const corpus = load('corpus.json').concat(load('corpus-blind.json').map((c) => ({ id: 'blind:' + c.id, text: c.text })));

/** Non-ASCII around, inside and between indicators: IDN, accents, emoji (astral), CJK, RTL, U+FFFD. */
const nonAscii = [
  'Accès refusé depuis 203.0.113.9 vers evil.com — voir https://banque-sécurité.fr/login?é=1 ou écrire à contact@banque-securite.in.',
  'e@banque-securite.in',
  'Bücher bei bücher-shop.de, Spoof: аpple-id.com, ПРИМЕР.РФ и http://пример.рф/путь',
  '😀 http://evil.com/a 😀 evil[.]org 😀😀 1.2.3.4 🔥hxxps://x.example.net/p🔥',
  '𝐀𝐁𝐂 evil.com 𝐃 http://good.example.org/𝐀 contact: bob@example.com 🏴‍☠️ d41d8cd98f00b204e9800998ecf8427e',
  '恶意软件从 evil.cn 下载，地址 http://恶意.中国/下载 和 198.51.100.23，参见 CVE-2021-44228。',
  '攻撃者は「malware.example.jp」を使用した（hxxp://bad[.]jp/x）。メール：攻撃@example.jp user@example.jp',
  'مرحبا evil.com و 192.0.2.44 مرحبا',
  'IDN: xn--bcher-kva.de, münchen.de, ΚΑΛΗΜΕΡΑΣ.gr, İstanbul.com.tr, straße.de',
  'bad \ufffd evil\ufffd.com \ufffdhttp://x.com/\ufffd 2001:db8::1\u00a0fe80::1%eth0',
  '“https://quoted.example.com/a” «http://guillemets.example.net/» ‘evil.ru’ …and 10.0.0.1…',
  'Ünïcödé ünïcödé@exämple.com see hxxps[:]//exämple[.]com/ü?q=ü#ü',
  'root dot: http://bücher.de./x http://ÉVIL.Com./é and Bücher.DE, BÜCHER.DE, Straße.Com',
  'é'.repeat(300) + ' http://after.example.com/x ' + '😀'.repeat(300) + ' 8.8.8.8 ' + '日本'.repeat(200) + ' evil.io',
  // ASCII longer than NATIVE_ASCII_MAX: otto scans it through the code-unit view, refang included.
  'lorem ipsum '.repeat(1400) + 'hxxps://evil[.]example(dot)com/a\\/b 1.2.3[.]4 bob[@]evil.org',
];

describe('extractText in the XSOAR interpreter (otto)', function () {
  this.timeout(300_000);

  it('returns exactly what Node returns for both labelled corpora and non-ASCII texts', async () => {
    const texts = corpus.map((c) => c.text).concat(nonAscii);
    // One key per object: otto enumerates the keys of a JSON.parse'd object in a random rotation
    // (Go map order), so with several keys the first-seen order of extractAlert would vary.
    const alert = { events: [{ msg: nonAscii[0] }, { list: [nonAscii[3], 'x'] }, { 'ключ': nonAscii[5] }] };
    const code = await bundleXsoarScript('test/extract/fixtures/otto-extract.ts');
    const run = await runInXsoar({ code, args: { texts: JSON.stringify(texts), alert: JSON.stringify(alert) }, timeoutSeconds: 240 });
    expect(run.error, run.errorStack).to.equal(undefined);
    const got = JSON.parse(run.result as string);
    const want = JSON.parse(JSON.stringify(texts.map((t) => extractText(t))));
    const ids = corpus.map((c) => c.id).concat(nonAscii.map((_, i) => 'non-ascii #' + i));
    for (let i = 0; i < texts.length; i++) expect(got.texts[i], `${xsoarEngine()}: ${ids[i]}`).to.deep.equal(want[i]);
    expect(got.alert).to.deep.equal(JSON.parse(JSON.stringify(extractAlert(alert))));
  });

  it('Node gives the same results through the code-unit view that otto uses', () => {
    for (const t of corpus.map((c) => c.text).concat(nonAscii)) expect(extractText(t, { codeUnitView: true }), t).to.deep.equal(extractText(t));
    expect(extractAlert({ a: nonAscii }, { codeUnitView: true })).to.deep.equal(extractAlert({ a: nonAscii }));
  });

  it('finds what the bug report said otto got wrong', () => {
    const x = extractText(nonAscii[0]).map((e) => e.type + ' ' + e.value);
    expect(x).to.include('email contact@banque-securite.in');
    expect(x).to.not.include('email e@banque-securite.in');
  });
});
