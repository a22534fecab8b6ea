// The C2SP signed-note envelope: a text ending in a newline, a blank line, then signature lines
// `— <key name> <base64(4-byte key ID ‖ signature)>`. Formatting one signature line, and splitting
// a note into its text and signatures (anything malformed is a SignatureError).
import { decodeBase64, encodeBase64 } from './strict-base64';
import { SignatureError } from './errors/signature.error';

/** One signature line of a note. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
}

/** Verifiers must accept 16 signatures; more than this many marks a note as malformed. */
const MAX_SIGNATURES = 64;
const KEY_ID_LENGTH = 4;
const LINE_START = '\u2014 ';

/** The signature line (with its newline) for `signature` by key `name` with ID `keyId`. */
export function formatSignatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `${LINE_START}${name} ${encodeBase64(new Uint8Array([...keyId, ...signature]))}\n`;
}

/** The note's text (with its final newline) and its signatures; throws SignatureError if malformed. */
export function parseSignedNote(note: unknown): { text: string; signatures: NoteSignature[] } {
  if (typeof note !== 'string') throw malformed(`it is not a string but ${typeof note}`);
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw malformed('it contains a control character other than newline');
  const separator = note.lastIndexOf('\n\n');
  if (separator < 0) throw malformed('it has no blank line before its signatures');
  const lines = note.slice(separator + 2).split('\n');
  if (lines.pop() !== '') throw malformed('its last signature line does not end with a newline');
  if (lines.length === 0) throw malformed('it has no signature lines');
  if (lines.length > MAX_SIGNATURES) throw malformed(`it has more than ${MAX_SIGNATURES} signature lines`);
  return { text: note.slice(0, separator + 1), signatures: lines.map(parseSignatureLine) };
}

function parseSignatureLine(line: string, index: number): NoteSignature {
  const fields = line.startsWith(LINE_START) ? line.slice(LINE_START.length).split(' ') : [];
  const bytes = fields.length === 2 && fields[0] !== '' ? decodeBase64(fields[1]) : undefined;
  if (bytes === undefined || bytes.length <= KEY_ID_LENGTH) {
    throw malformed(`signature line ${index + 1} is not "— <key name> <base64 key ID and signature>"`);
  }
  return { name: fields[0], keyId: bytes.slice(0, KEY_ID_LENGTH), signature: bytes.slice(KEY_ID_LENGTH) };
}

function malformed(reason: string): SignatureError {
  return new SignatureError(`the signed note is malformed: ${reason}`);
}
