// Standard base64 (RFC 4648 §4) in plain JavaScript, as signed notes and Ion text blobs use it,
// decoded strictly: only the canonical encoding of some bytes is accepted, so one value has one text.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CANONICAL_SHAPE = /^[A-Za-z0-9+/]*={0,2}$/;
const VALUES = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** The base64 text of `bytes`, padded with '='. */
export function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const triple = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    text += ALPHABET[triple >> 18] + ALPHABET[(triple >> 12) & 63] + ALPHABET[(triple >> 6) & 63] + ALPHABET[triple & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) text += ALPHABET[bytes[i] >> 2] + ALPHABET[(bytes[i] & 3) << 4] + '==';
  if (rest === 2) {
    const pair = (bytes[i] << 8) | bytes[i + 1];
    text += ALPHABET[pair >> 10] + ALPHABET[(pair >> 4) & 63] + ALPHABET[(pair & 15) << 2] + '=';
  }
  return text;
}

/** The bytes `text` encodes, or undefined when it is not canonical padded base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!CANONICAL_SHAPE.test(text) || text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    const quad =
      (VALUES[text.charCodeAt(i)] << 18) | (VALUES[text.charCodeAt(i + 1)] << 12) | (VALUES[text.charCodeAt(i + 2)] << 6) | VALUES[text.charCodeAt(i + 3)];
    bytes[at++] = quad >> 16;
    if (at < bytes.length) bytes[at++] = (quad >> 8) & 255;
    if (at < bytes.length) bytes[at++] = quad & 255;
  }
  return encodeBase64(bytes) === text ? bytes : undefined;
}

/** The bytes of base64url text without padding (RFC 4648 §5, as JSON Web Keys carry them), or undefined. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return decodeBase64(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}
