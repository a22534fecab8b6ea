// The plain-JavaScript base64 must match Node's on every length, and accept only canonical text.
import { decodeBase64, decodeBase64Url, encodeBase64 } from './strict-base64';

const bytesOf = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 151 + length * 7) & 0xff);

describe('strict base64', () => {
  it('encodes and decodes like Node for every length 0..200', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = bytesOf(length);
      const text = Buffer.from(bytes).toString('base64');
      expect(encodeBase64(bytes)).toBe(text);
      expect(decodeBase64(text)).toEqual(bytes);
      expect(decodeBase64Url(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
    }
  });

  it('encodes a view of a larger buffer by its own bytes', () => {
    const whole = bytesOf(40);
    expect(encodeBase64(whole.subarray(3, 20))).toBe(Buffer.from(whole.subarray(3, 20)).toString('base64'));
  });

  it.each(['A', 'AB', 'ABC', 'AB=', 'AR==', 'AQF=', '====', 'A===', 'a b=', 'AQ==AQ==', 'AQ', '-_8='])('refuses %j, which is not canonical padded base64', (text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });

  it('refuses base64url text that is not canonical', () => {
    expect(decodeBase64Url('A')).toBeUndefined();
    expect(decodeBase64Url('AR')).toBeUndefined();
    expect(decodeBase64Url('AQ==')).toBeUndefined();
  });
});
