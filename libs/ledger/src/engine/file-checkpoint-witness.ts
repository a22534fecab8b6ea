// The built-in checkpoint witness: an append-only file of one ledger's signed checkpoints, one per
// line (each note as a JSON string). It is opened with O_APPEND for every entry and never rewritten;
// before appending it checks that the new checkpoint extends its last genuine one. Put the file
// where the ledger's operator cannot rewrite it (another machine's mount, an append-only
// attribute, another account's directory). One publisher at a time: two racing publishers may
// append two checkpoints out of order, which verify() still checks each.
import type { KeyObject } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { checkSubmission, lastWitnessed } from './checkpoint-witness';
import type { CheckpointSubmission, CheckpointWitness } from './verification-types';
import { InvalidArgumentError } from './errors';
import { WitnessUnreadableError } from './errors/witness-unreadable.error';

export interface FileCheckpointWitnessOptions {
  /** The ledger's Ed25519 public key (KeyObject or PEM) or C2SP verifier key. */
  publicKey: KeyObject | string;
  /** The origin every checkpoint must name: the ledger's checkpointOrigin (`<ledger>/<strandId>`). */
  origin: string;
}

export class FileCheckpointWitness implements CheckpointWitness {
  readonly publicKey: KeyObject | string;
  readonly origin: string;

  constructor(
    readonly path: string,
    options: FileCheckpointWitnessOptions,
  ) {
    if (typeof path !== 'string' || path === '') throw new InvalidArgumentError('the witness file path must be a non-empty string', path);
    if (typeof options?.origin !== 'string' || options.origin === '') {
      throw new InvalidArgumentError("options.origin must be the ledger's checkpoint origin (<ledger>/<strandId>)", options?.origin);
    }
    this.publicKey = options.publicKey;
    this.origin = options.origin;
  }

  get name(): string {
    return this.path;
  }

  /** The notes in the file, oldest first; a line that is not a JSON string is returned as it is (it will not verify). A missing file holds none. */
  async read(): Promise<string[]> {
    return notesOf(await this.readText());
  }

  /** Appends the note when it extends the last genuine checkpoint in the file; throws (nothing appended) otherwise. */
  async append(submission: CheckpointSubmission): Promise<void> {
    const text = await this.readText();
    if (checkSubmission(this, lastWitnessed(notesOf(text), this), submission) === undefined) return;
    const torn = text !== '' && !text.endsWith('\n');
    await this.appendLine(`${torn ? '\n' : ''}${JSON.stringify(submission.note)}\n`);
  }

  private async readText(): Promise<string> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw new WitnessUnreadableError(this.path, `cannot be read: ${(error as Error).message}`, error);
    }
  }

  /** One write through O_APPEND, synced before it returns. */
  private async appendLine(line: string): Promise<void> {
    try {
      const file = await open(this.path, 'a', 0o644);
      try {
        await file.write(line);
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (error) {
      throw new WitnessUnreadableError(this.path, `cannot be appended to: ${(error as Error).message}`, error);
    }
  }
}

/** The notes of the file's text, one a line. */
function notesOf(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map(noteOfLine);
}

/** The note a line holds: its JSON string, or the line itself when it is not one. */
function noteOfLine(line: string): string {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'string' ? value : line;
  } catch {
    return line;
  }
}
