// Lower-case hexadecimal text of bytes, for key IDs and messages.

/** `bytes` as lower-case hex, two digits a byte. */
export function encodeHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += (byte < 16 ? '0' : '') + byte.toString(16);
  return text;
}
