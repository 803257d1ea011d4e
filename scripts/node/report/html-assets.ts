/**
 * The HTML report's inline stylesheet and script, as plain strings so the report stays one
 * self-contained file (no external requests; a CSP with their hashes forbids anything else).
 * The script builds alert details with DOM APIs and `textContent` only — never `innerHTML` — so
 * attacker-controlled values cannot become markup even though they sit in the embedded JSON.
 * Written as ES2017 without template literals so it can live in a TS string untouched.
 */

export var REPORT_CSS = `
:root{--high:#b42318;--high-bg:#fdecea;--medium:#b54708;--medium-bg:#fff4e5;--low:#1f7a3f;--low-bg:#e8f5ec;
--partial:#6b21a8;--partial-bg:#f3e8ff;--err:#b42318;--ink:#1d2330;--muted:#5b6475;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;--accent:#2f5bd3}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;background:var(--bg);color:var(--ink);font:1rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top{background:#1d2330;color:#fff;padding:18px 28px 16px}
header.top h1{margin:0 0 4px;font-size:1.45rem;font-weight:650;letter-spacing:.01em}
header.top .meta{color:#c5cad6;font-size:.9rem}
header.top .meta span+span:before{content:"·";margin:0 .5em;color:#7d8597}
.banner{margin:0;padding:8px 28px;background:#eef2fb;color:#2b3a67;font-size:.88rem;border-bottom:1px solid var(--line)}
.banner.warn{background:var(--partial-bg);color:var(--partial);font-weight:600}
main{padding:20px 28px 40px;max-width:1500px}
.summary{display:grid;grid-template-columns:minmax(300px,420px) 1fr;gap:18px;margin-bottom:20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px}
.card h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 10px;font-weight:650}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:10px 18px}
.stat .v{font-size:1.55rem;font-weight:650;font-variant-numeric:tabular-nums;line-height:1.2}
.stat .k{font-size:.82rem;color:var(--muted)}
.stat.partial .v{color:var(--partial)}.stat.fail .v{color:var(--err)}
.chart{display:block;width:100%;max-width:400px;height:auto}
.chart text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:var(--ink)}
.chart .n{font-weight:650;font-variant-numeric:tabular-nums}
.chart .bar-high{fill:var(--high)}.chart .bar-medium{fill:#e07b00}.chart .bar-low{fill:var(--low)}.chart .track{fill:#eef0f4}
.failures{margin:12px 0 0;padding:0;list-style:none;font-size:.88rem}
.failures li{margin:2px 0}
.providers{width:100%;border-collapse:collapse;font-size:.86rem;margin-top:6px}
.providers th,.providers td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left}
.providers td.num,.providers th.num{text-align:right;font-variant-numeric:tabular-nums}
.toolbar{display:flex;gap:10px;align-items:center;margin:6px 0 10px;flex-wrap:wrap}
.toolbar input,.toolbar select{font:inherit;padding:6px 10px;border:1px solid #c9ced8;border-radius:7px;background:#fff}
.toolbar input{min-width:300px}
.toolbar .count{color:var(--muted);font-size:.88rem}
table.alerts{width:100%;border-collapse:separate;border-spacing:0;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden}
table.alerts>thead>tr>th{position:sticky;top:0;background:#f0f2f6;text-align:left;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);padding:0;border-bottom:1px solid var(--line);z-index:1}
table.alerts>thead>tr>th>span{display:block;padding:9px 10px}
table.alerts>thead button{all:unset;box-sizing:border-box;display:block;width:100%;padding:9px 10px;cursor:pointer;font:inherit;text-transform:inherit;letter-spacing:inherit;color:inherit}
table.alerts>thead button:hover{color:var(--ink);background:#e6e9ef}
table.alerts>thead button:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
th[aria-sort] button:after{content:"\\2195";opacity:.35;margin-left:.35em}
th[aria-sort=ascending] button:after{content:"\\25B2";opacity:1}
th[aria-sort=descending] button:after{content:"\\25BC";opacity:1}
th.num button,th.num>span{text-align:right}
table.alerts>tbody>tr>td{padding:9px 10px;border-bottom:1px solid var(--line);vertical-align:top}
table.alerts>tbody:last-of-type>tr:last-child>td{border-bottom:0}
tr.main{cursor:pointer}
tr.main:hover>td{background:#f8f9fb}
tbody.open>tr.main>td{background:#f3f5f9}
tr.main>td:first-child{border-left:5px solid transparent}
tbody.tier-high>tr.main>td:first-child{border-left-color:var(--high)}
tbody.tier-medium>tr.main>td:first-child{border-left-color:#e07b00}
tbody.tier-low>tr.main>td:first-child{border-left-color:var(--low)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.c-score{font-weight:700;font-size:1.05rem}
tbody.tier-high td.c-score{color:var(--high)}tbody.tier-medium td.c-score{color:var(--medium)}tbody.tier-low td.c-score{color:var(--low)}
.toggle{all:unset;cursor:pointer;display:inline-block;width:1.4em;text-align:center;color:var(--muted);border-radius:4px}
.toggle:focus-visible{outline:2px solid var(--accent)}
.toggle .chev{display:inline-block;transition:transform .12s}
.toggle[aria-expanded=true] .chev{transform:rotate(90deg)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.src{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88rem;word-break:break-all}
.note{color:var(--muted);font-size:.85rem;margin-top:3px;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
tbody.open .note{display:block}
.note.autoclose{color:#245c38}
.tier{display:inline-block;min-width:4.6em;text-align:center;padding:1px 8px;border-radius:999px;font-size:.8rem;font-weight:650;text-transform:uppercase;letter-spacing:.04em}
.tier-high .tier,.tier.tier-high{background:var(--high);color:#fff}
.tier-medium .tier,.tier.tier-medium{background:#f5a524;color:#3b2300}
.tier-low .tier,.tier.tier-low{background:var(--low);color:#fff}
.badge{display:inline-block;padding:1px 7px;border-radius:6px;font-size:.78rem;font-weight:600;margin:1px 4px 1px 0;white-space:nowrap;border:1px solid}
.badge-partial{background:var(--partial-bg);color:var(--partial);border-color:#d8b4fe}
.badge-error{background:var(--high-bg);color:var(--err);border-color:#f5b5ae}
.badge-allow{background:#eef2fb;color:#2b3a67;border-color:#c7d2ee}
.badge-cached{background:#f0f2f6;color:var(--muted);border-color:var(--line)}
.action{font-size:.88rem}
.action-escalate{color:var(--high);font-weight:650}
tr.detail>td{background:#fbfcfd;padding:6px 16px 16px 30px}
.ind{margin:12px 0 4px;padding:10px 12px;border:1px solid var(--line);border-left:4px solid var(--low);border-radius:8px;background:#fff}
.ind.tier-high{border-left-color:var(--high)}.ind.tier-medium{border-left-color:#e07b00}
.ind.has-error{box-shadow:0 0 0 1px #f5b5ae}
.ind-head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.ind-head .score{font-weight:700;font-variant-numeric:tabular-nums}
.ind-head .type{color:var(--muted);font-size:.85rem}
.ind-head code{font-size:.9rem;word-break:break-all;background:#f3f4f7;padding:1px 5px;border-radius:4px}
.expl{margin:6px 0 8px;font-size:.86rem;color:#38404f}
table.bd{width:100%;border-collapse:collapse;font-size:.84rem}
table.bd th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:4px 8px}
table.bd td{padding:4px 8px;border-bottom:1px solid #f0f1f4;vertical-align:top}
table.bd td.num,table.bd th.num{text-align:right;font-variant-numeric:tabular-nums}
table.bd tr.st-error td{background:var(--high-bg)}
.st{font-weight:600}.st-ok{color:var(--low)}.st-not_found{color:var(--muted)}.st-error{color:var(--err)}
.msg{display:block;color:var(--err);font-size:.8rem}
.prov{white-space:nowrap}
.facts{color:#38404f;font-size:.8rem;word-break:break-word}
.facts b{font-weight:600;color:var(--muted)}
.skipped{font-size:.8rem;color:var(--muted);margin:6px 0 0;padding:0;list-style:none}
.skipped li{margin:1px 0}.skipped b{font-weight:600}
a{color:var(--accent)}
.empty{background:var(--card);border:1px dashed #c9ced8;border-radius:10px;padding:28px;text-align:center;color:var(--muted)}
@media (max-width:900px){.summary{grid-template-columns:1fr}main,header.top,.banner{padding-left:14px;padding-right:14px}.toolbar input{min-width:0;flex:1}}
@media print{tr.main{cursor:auto}.toolbar{display:none}}
`;

export var REPORT_JS = `
(function () {
  'use strict';
  var dataEl = document.getElementById('ioc-data');
  var data = dataEl ? JSON.parse(dataEl.textContent || '[]') : [];
  var table = document.getElementById('alerts');
  if (!table) return;
  var bodies = Array.prototype.slice.call(table.tBodies);
  var TIER = { high: 3, medium: 2, low: 1 };
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var KEYS = {
    score: function (d) { return d.score; },
    tier: function (d) { return TIER[d.tier] || 0; },
    source: function (d) { return d.source; },
    count: function (d) { return d.indicators.length; },
    partial: function (d) { return d.partial ? 1 : 0; }
  };
  var sortKey = null;
  var sortDir = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null && text !== '') e.textContent = String(text);
    return e;
  }
  function fmt(x) {
    if (typeof x !== 'number' || !isFinite(x)) return '';
    var r = Math.round(x * 10) / 10;
    return r === Math.floor(r) ? String(r) : r.toFixed(1);
  }
  function pct(x) { return fmt(x * 100) + '%'; }
  function age(ms) {
    if (typeof ms !== 'number') return '';
    if (ms < 60000) return Math.round(ms / 1000) + ' s';
    if (ms < 3600000) return Math.round(ms / 60000) + ' min';
    return fmt(ms / 3600000) + ' h';
  }
  function link(href, text) {
    if (typeof href !== 'string' || !/^https?:\\/\\//i.test(href)) return null;
    var a = el('a', 'plink', text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function sortBy(key, dir) {
    var f = KEYS[key];
    var items = bodies.map(function (b) {
      var i = +b.getAttribute('data-i');
      return { b: b, i: i, k: f(data[i]) };
    });
    items.sort(function (x, y) {
      var c = key === 'source' ? collator.compare(x.k, y.k) : x.k - y.k;
      return c !== 0 ? c * dir : x.i - y.i;
    });
    var frag = document.createDocumentFragment();
    for (var j = 0; j < items.length; j++) frag.appendChild(items[j].b);
    table.appendChild(frag);
  }

  table.tHead.addEventListener('click', function (e) {
    var btn = e.target.closest('button[data-sort]');
    if (!btn) return;
    var key = btn.getAttribute('data-sort');
    if (sortKey === key) sortDir = -sortDir;
    else {
      sortKey = key;
      sortDir = key === 'source' ? 1 : -1;
    }
    sortBy(key, sortDir);
    var ths = table.tHead.querySelectorAll('th[aria-sort]');
    for (var i = 0; i < ths.length; i++) {
      ths[i].setAttribute('aria-sort', ths[i] === btn.parentNode ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
    }
  });

  function buildIndicator(ind) {
    var box = el('section', 'ind tier-' + ind.tier + (ind.errors ? ' has-error' : '') + (ind.allowlisted ? ' allowlisted' : ''));
    var head = el('div', 'ind-head');
    head.appendChild(el('span', 'tier tier-' + ind.tier, ind.tier));
    head.appendChild(el('span', 'score', fmt(ind.score)));
    head.appendChild(el('span', 'type', ind.type + (ind.scope ? ' (' + ind.scope + ')' : '')));
    head.appendChild(el('code', 'value', ind.value));
    if (ind.allowlisted) head.appendChild(el('span', 'badge badge-allow', 'allowlisted'));
    if (ind.errors) head.appendChild(el('span', 'badge badge-error', ind.errors + ' failed'));
    box.appendChild(head);
    box.appendChild(el('p', 'expl', ind.explanation));
    if (ind.allowlisted) box.appendChild(el('p', 'expl', 'Allowlisted: ' + ind.allowlisted));
    if (ind.rows.length > 0) {
      var t = el('table', 'bd');
      var hr = el('tr');
      ['Provider', 'Status', 'Kind', 'Malicious', 'Confidence', 'Weight', 'Share', 'Contribution', 'Cached', 'Facts', 'Link'].forEach(function (h, i) {
        hr.appendChild(el('th', i >= 3 && i <= 7 ? 'num' : '', h));
      });
      var th = el('thead');
      th.appendChild(hr);
      t.appendChild(th);
      var tb = el('tbody');
      ind.rows.forEach(function (r) {
        var tr = el('tr', 'st-' + r.status);
        tr.appendChild(el('td', 'prov', r.name));
        var st = el('td');
        st.appendChild(el('span', 'st st-' + r.status, r.status));
        if (r.message) st.appendChild(el('span', 'msg', r.message));
        tr.appendChild(st);
        tr.appendChild(el('td', 'kind', r.kind || ''));
        tr.appendChild(el('td', 'num', r.signal ? pct(r.signal.malicious) : ''));
        tr.appendChild(el('td', 'num', r.signal ? pct(r.signal.confidence) : ''));
        tr.appendChild(el('td', 'num', fmt(r.weight)));
        tr.appendChild(el('td', 'num', r.status === 'ok' ? fmt(r.effectiveWeight) : ''));
        tr.appendChild(el('td', 'num', r.status === 'ok' ? fmt(r.contribution) : ''));
        var ca = el('td');
        if (r.cached) ca.appendChild(el('span', 'badge badge-cached', 'cached' + (typeof r.ageMs === 'number' ? ' ' + age(r.ageMs) : '')));
        tr.appendChild(ca);
        var fa = el('td', 'facts');
        r.facts.forEach(function (kv, i) {
          if (i > 0) fa.appendChild(document.createTextNode('; '));
          fa.appendChild(el('b', '', kv[0] + ':'));
          fa.appendChild(document.createTextNode(' ' + kv[1]));
        });
        tr.appendChild(fa);
        var lc = el('td');
        var a = link(r.link, 'open');
        if (a) lc.appendChild(a);
        tr.appendChild(lc);
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      box.appendChild(t);
    }
    if (ind.skipped.length > 0) {
      var ul = el('ul', 'skipped');
      ind.skipped.forEach(function (s) {
        var li = el('li');
        li.appendChild(el('b', '', 'Skipped, ' + s[0] + ': '));
        li.appendChild(document.createTextNode(s[1].join(', ')));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    return box;
  }

  function buildDetail(d, i) {
    var tr = el('tr', 'detail');
    tr.id = 'd' + i;
    var td = el('td');
    td.colSpan = 7;
    if (d.indicators.length === 0) td.appendChild(el('p', 'expl', 'No indicators in this alert.'));
    d.indicators.forEach(function (ind) { td.appendChild(buildIndicator(ind)); });
    tr.appendChild(td);
    return tr;
  }

  function toggle(body) {
    var i = +body.getAttribute('data-i');
    var btn = body.querySelector('button.toggle');
    var open = btn.getAttribute('aria-expanded') === 'true';
    var det = body.querySelector('tr.detail');
    if (!det) {
      det = buildDetail(data[i], i);
      body.appendChild(det);
    }
    det.hidden = open;
    btn.setAttribute('aria-expanded', open ? 'false' : 'true');
    body.classList.toggle('open', !open);
  }

  table.addEventListener('click', function (e) {
    if (e.target.closest('a') || e.target.closest('tr.detail')) return;
    var row = e.target.closest('tr.main');
    if (row) toggle(row.parentNode);
  });

  var filter = document.getElementById('filter');
  var tierSel = document.getElementById('tier-filter');
  var count = document.getElementById('shown');
  var hay = null;
  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    var t = tierSel.value;
    if (q && !hay) {
      hay = data.map(function (d) {
        return (d.source + '\\n' + d.indicators.map(function (x) { return x.value; }).join('\\n')).toLowerCase();
      });
    }
    var shown = 0;
    for (var j = 0; j < bodies.length; j++) {
      var i = +bodies[j].getAttribute('data-i');
      var d = data[i];
      var ok = (!q || hay[i].indexOf(q) >= 0) && (t === 'all' || (t === 'partial' ? d.partial : d.tier === t));
      bodies[j].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + ' of ' + data.length + ' alerts shown';
  }
  if (filter && tierSel && count) {
    filter.addEventListener('input', applyFilter);
    tierSel.addEventListener('change', applyFilter);
  }
})();
`;
