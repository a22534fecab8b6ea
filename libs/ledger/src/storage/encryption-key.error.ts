// An encrypted SQLite file refused the key it was opened with: a wrong key, another cipher, or a
// file that is not encrypted. The message names the file, never the key.
import { StorageError } from './storage.error';

export class EncryptionKeyError extends StorageError {
  override readonly code = 'ENCRYPTION_KEY_REFUSED';

  constructor(location: string, cipher: string) {
    super(`the encryption key does not open ${location} (cipher ${cipher}): a wrong key, another cipher, or a file that is not encrypted`, location);
  }
}
