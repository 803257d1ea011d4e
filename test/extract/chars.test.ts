import { expect } from 'chai';
import * as chars from '../../scripts/core/extract/chars';

/** The class rules, written out: chars.CLS is a literal (no loop at module load, see chars.ts). */
function expectedClasses(): number[] {
  var t: number[] = [];
  for (var c = 0; c < 128; c++) {
    var f = 0;
    var digit = c >= 48 && c <= 57;
    var alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (digit) f |= chars.C_DIGIT;
    if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) f |= chars.C_HEX | chars.C_V6;
    if (alpha) f |= chars.C_ALPHA;
    if (digit || alpha) f |= chars.C_ALNUM | chars.C_LABEL | chars.C_RUN | chars.C_WORD | chars.C_LOCAL;
    if (c === 45) f |= chars.C_LABEL | chars.C_RUN | chars.C_LOCAL; // -
    if (c === 46) f |= chars.C_RUN | chars.C_V6 | chars.C_LOCAL | chars.C_REFANG; // .
    if (c === 95) f |= chars.C_RUN | chars.C_WORD | chars.C_LOCAL; // _
    if (c === 58) f |= chars.C_V6; // :
    if (c === 37 || c === 43 || c === 61) f |= chars.C_LOCAL; // % + =
    if (c <= 32 || c === 127) f |= chars.C_SPACE | chars.C_URLEND;
    if ([34, 39, 60, 62, 96, 124, 92, 94, 123, 125].indexOf(c) >= 0) f |= chars.C_URLEND; // " ' < > ` | \ ^ { }
    if ([91, 40, 123, 92, 32, 104, 72, 102, 70].indexOf(c) >= 0) f |= chars.C_REFANG; // [ ( { \ space h H f F
    t.push(f);
  }
  return t;
}

describe('extract/chars', () => {
  it('the literal ASCII class table matches the class rules', () => {
    expect(chars.CLS).to.deep.equal(expectedClasses());
  });

  it('asText: a native string where that is safe, else a code-unit view with the same answers', () => {
    const samples = ['', 'plain ascii evil[.]com 1.2.3.4', 'caf\u00e9.example \u00e9\u00e9', 'emoji \ud83d\ude00 x.com', 'x'.repeat(5000)];
    for (const s of samples) {
      const t = chars.asText(s);
      const v = chars.CodeText(chars.codeUnits(s));
      expect(t.length).to.equal(s.length);
      for (let i = 0; i < s.length; i += 7) expect(t.charCodeAt(i)).to.equal(s.charCodeAt(i));
      expect(v.substring(0, s.length)).to.equal(s);
      expect(v.indexOf('.')).to.equal(s.indexOf('.'));
    }
    expect(typeof chars.asText('abc', true)).to.equal('object');
  });
});
