import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { base64Decode, base64Encode, base64UrlEncode, toHex, utf8Decode, utf8Encode } from '../../scripts/core/bytes';

describe('core/bytes', () => {
  const samples = ['', 'a', 'ab', 'abc', 'http://example.com/a?b=c', 'bücher-shop.de', '日本語', '😀 emoji', '\u0000\u00ff'];

  it('utf8Encode matches Buffer for BMP and astral text', () => {
    for (const s of samples) expect(utf8Encode(s)).to.deep.equal([...Buffer.from(s, 'utf8')]);
  });

  it('utf8Decode round-trips and replaces invalid sequences with U+FFFD', () => {
    for (const s of samples) expect(utf8Decode(utf8Encode(s))).to.equal(s);
    expect(utf8Decode([0x61, 0xff, 0x62])).to.equal('a\ufffdb');
    expect(utf8Decode([0xe2, 0x82])).to.equal('\ufffd\ufffd');
    expect(utf8Decode([0xed, 0xa0, 0x80])).to.contain('\ufffd');
  });

  it('base64 encode/decode agree with Buffer, base64url is unpadded', () => {
    for (const s of samples) {
      const bytes = utf8Encode(s);
      expect(base64Encode(bytes)).to.equal(Buffer.from(s).toString('base64'));
      expect(base64UrlEncode(bytes)).to.equal(Buffer.from(s).toString('base64url'));
      expect(base64Decode(base64Encode(bytes))).to.deep.equal(bytes);
    }
    expect(base64Decode('aGVs\r\nbG8=')).to.deep.equal(utf8Encode('hello'));
  });

  it('toHex formats digests like node:crypto', () => {
    const digest = [...createHash('sha256').update('x').digest()];
    expect(toHex(digest)).to.equal(createHash('sha256').update('x').digest('hex'));
  });
});
