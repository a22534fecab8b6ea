import { createHash, createPrivateKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { InvalidCheckpointError, InvalidHashError, InvalidKeyError, SignatureError } from './errors';
import { formatVerifierKey } from './note-verifier-key';
import { signDigest, verifySignedDigest, type LedgerCheckpoint } from './signed-digest';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const digest = new Uint8Array(createHash('sha256').update('digest').digest());
const checkpoint: LedgerCheckpoint = { origin: 'example.com/ledgers/orders', treeSize: 1234, digest };

/** The raw 32-byte public key, read independently of the code under test (SPKI DER tail). */
const rawKey = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).subarray(-32);

/** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], as the C2SP signed-note spec defines the key ID. */
const expectedKeyId = (name: string, key: KeyObject) =>
  createHash('sha256').update(name).update(Buffer.from([0x0a, 0x01])).update(rawKey(key)).digest().subarray(0, 4);

const replaceLine = (note: string, index: number, line: string) => {
  const lines = note.split('\n');
  lines[index] = line;
  return lines.join('\n');
};

describe('signed digests', () => {
  const note = signDigest(checkpoint, privateKey);

  it('are a C2SP checkpoint: origin, size, base64 digest, a blank line, then one signature line', () => {
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual([checkpoint.origin, '1234', Buffer.from(digest).toString('base64'), '']);
    expect(lines[4]).toMatch(/^\u2014 example\.com\/ledgers\/orders [A-Za-z0-9+/]+=*$/);
    expect(lines[5]).toBe('');
    expect(lines).toHaveLength(6);
  });

  it('carry the key ID of the formula and an Ed25519 signature over the body', () => {
    const signature = Buffer.from(note.split('\n')[4].split(' ')[2], 'base64');
    expect(signature).toHaveLength(4 + 64);
    expect(signature.subarray(0, 4)).toEqual(expectedKeyId(checkpoint.origin, publicKey));
    const body = `${checkpoint.origin}\n1234\n${Buffer.from(digest).toString('base64')}\n`;
    expect(verify(null, Buffer.from(body), publicKey, signature.subarray(4))).toBe(true);
  });

  it('round-trip with the public key as a KeyObject, a PEM string or a verifier key', () => {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    for (const key of [publicKey, pem, privateKey, formatVerifierKey(checkpoint.origin, publicKey)]) {
      const result = verifySignedDigest(note, key);
      expect(result).toEqual({ origin: checkpoint.origin, treeSize: 1234, digest });
      expect(Object.getPrototypeOf(result.digest)).toBe(Uint8Array.prototype);
    }
  });

  it('sign with a PEM private key and under a key name other than the origin', () => {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const named = signDigest(checkpoint, pem, { keyName: 'witness.example/w1' });
    expect(named.split('\n')[4]).toMatch(/^\u2014 witness\.example\/w1 /);
    expect(verifySignedDigest(named, publicKey, { keyName: 'witness.example/w1' }).treeSize).toBe(1234);
    expect(verifySignedDigest(named, formatVerifierKey('witness.example/w1', publicKey)).treeSize).toBe(1234);
    expect(() => verifySignedDigest(named, publicKey)).toThrow(SignatureError);
  });

  it('format the verifier key as <name>+<hex key ID>+<base64(0x01 ‖ key)>', () => {
    const [, name, id, key] = /^([^+]*)\+([^+]*)\+(.*)$/.exec(formatVerifierKey('example.com/log', publicKey)) ?? [];
    expect(name).toBe('example.com/log');
    expect(id).toBe(expectedKeyId('example.com/log', publicKey).toString('hex'));
    expect(Buffer.from(key, 'base64')).toEqual(Buffer.concat([Buffer.from([0x01]), rawKey(publicKey)]));
  });

  it('read verifier keys whose base64 part contains "+"', () => {
    const seeded = (seed: number) =>
      createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${seed.toString(16).padStart(64, '0')}`, 'hex'), format: 'der', type: 'pkcs8' });
    let seed = 1;
    while (!formatVerifierKey('k', seeded(seed)).slice(11).includes('+')) seed++;
    const key = seeded(seed);
    const signed = signDigest(checkpoint, key);
    expect(verifySignedDigest(signed, formatVerifierKey(checkpoint.origin, key))).toEqual(checkpoint);
  });

  it('ignore signatures by other keys and accept the one by the given key', () => {
    const cosigned = note + signDigest(checkpoint, other.privateKey, { keyName: 'witness.example' }).split('\n')[4] + '\n';
    expect(verifySignedDigest(cosigned, publicKey).origin).toBe(checkpoint.origin);
    expect(verifySignedDigest(cosigned, other.publicKey, { keyName: 'witness.example' }).treeSize).toBe(1234);
  });

  const body = note.slice(0, note.lastIndexOf('\n\n') + 1);
  const signatureLine = note.split('\n')[4];
  const tampered: [string, string, KeyObject | string][] = [
    ['the wrong key', note, other.publicKey],
    ['another key under the same name', note, formatVerifierKey(checkpoint.origin, other.publicKey)],
    ['an altered size', replaceLine(note, 1, '1235'), publicKey],
    ['an altered digest', replaceLine(note, 2, Buffer.from(new Uint8Array(32).fill(1)).toString('base64')), publicKey],
    ['an altered origin', replaceLine(note, 0, 'example.com/ledgers/other'), publicKey],
    ['a size with a leading zero', replaceLine(note, 1, '01234'), publicKey],
    ['an extension line', note.replace('\n\n', '\nextra\n\n'), publicKey],
    ['a corrupted signature', note.replace(/.(=*\n)$/, (m, end) => (m[0] === 'A' ? 'B' : 'A') + end), publicKey],
    ['a truncated signature', note.replace(/[A-Za-z0-9+/]{8}(=*)\n$/, '$1\n'), publicKey],
    ['a signature by another key under the same name', body + '\n' + signDigest(checkpoint, other.privateKey).split('\n')[4] + '\n', publicKey],
    ['a failing signature beside a valid one', note + signatureLine.replace(/[A-Za-z0-9](=*)$/, (m, end) => (m[0] === 'A' ? 'B' : 'A') + end) + '\n', publicKey],
    ['no signature line', body + '\n', publicKey],
    ['no blank line', body + signatureLine + '\n', publicKey],
    ['no final newline', note.slice(0, -1), publicKey],
    ['a signature line without the em dash', body + '\n' + signatureLine.replace('\u2014', '-') + '\n', publicKey],
    ['a control character', note.replace('example.com', 'example\u0007com'), publicKey],
    ['a carriage return', note.replace(/\n/g, '\r\n'), publicKey],
    ['not a string', 42 as unknown as string, publicKey],
    ['an empty note', '', publicKey],
  ];

  it.each(tampered)('are rejected with SignatureError when given %s', (_, forged, key) => {
    expect(() => verifySignedDigest(forged, key)).toThrow(SignatureError);
    try {
      verifySignedDigest(forged, key);
    } catch (error) {
      expect((error as SignatureError).code).toBe('INVALID_SIGNATURE');
    }
  });

  it('refuse to sign what is not a checkpoint, with typed errors', () => {
    expect(() => signDigest({ ...checkpoint, origin: '' }, privateKey)).toThrow(InvalidCheckpointError);
    expect(() => signDigest({ ...checkpoint, origin: 'a\nb' }, privateKey)).toThrow(/origin "a\\nb"/);
    expect(() => signDigest({ ...checkpoint, origin: 'has space' }, privateKey)).toThrow(InvalidKeyError);
    expect(() => signDigest(checkpoint, privateKey, { keyName: 'a+b' })).toThrow(/key name "a\+b"/);
    expect(() => signDigest({ ...checkpoint, treeSize: 0 }, privateKey)).toThrow(InvalidCheckpointError);
    expect(() => signDigest({ ...checkpoint, treeSize: 1.5 }, privateKey)).toThrow(/tree size 1.5/);
    expect(() => signDigest({ ...checkpoint, digest: new Uint8Array(31) }, privateKey)).toThrow(InvalidHashError);
  });

  it('refuse keys that are not Ed25519 keys of the right kind, with InvalidKeyError', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => signDigest(checkpoint, rsa.privateKey)).toThrow(/Ed25519 keys; got a rsa key/);
    expect(() => signDigest(checkpoint, publicKey)).toThrow(/signing needs a private key/);
    expect(() => signDigest(checkpoint, 'not a pem')).toThrow(InvalidKeyError);
    expect(() => signDigest(checkpoint, 42 as unknown as string)).toThrow(/private key is 42/);
    expect(() => verifySignedDigest(note, rsa.publicKey)).toThrow(InvalidKeyError);
    expect(() => verifySignedDigest(note, 'name+00000000+AAAA')).toThrow(InvalidKeyError);
    const vkey = formatVerifierKey(checkpoint.origin, publicKey);
    expect(() => verifySignedDigest(note, vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/key ID that does not match/);
    expect(() => verifySignedDigest(note, vkey, { keyName: 'other' })).toThrow(InvalidKeyError);
  });

  it('never put a private key into an error', () => {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const broken = pem.replace('MC4', 'XX4');
    try {
      signDigest(checkpoint, broken);
      throw new Error('expected signDigest to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidKeyError);
      expect(JSON.stringify({ message: (error as InvalidKeyError).message, value: (error as InvalidKeyError).value })).not.toContain(
        broken.split('\n')[1].slice(4, 20),
      );
    }
  });
});
