// What verification reports: valid or not, and every problem found, each naming what broke and,
// where it applies, the block's sequenceNo.

export type VerificationProblemCode =
  | 'MALFORMED_BLOCK'
  | 'TRANSACTION_INFO_MISMATCH'
  | 'REVISION_HASH_MISMATCH'
  | 'REVISION_OUT_OF_PLACE'
  | 'REVISIONS_ROOT_MISMATCH'
  | 'EVENTS_ROOT_MISMATCH'
  | 'REDACTION_INFO_MISMATCH'
  | 'ENTRIES_HASH_MISMATCH'
  | 'BLOCK_HASH_MISMATCH'
  | 'GENESIS_MISMATCH'
  | 'ENTRIES_LIST_MISMATCH'
  | 'DOCUMENTS_MISMATCH'
  | 'HEADER_MISMATCH'
  | 'STRAND_MISMATCH'
  | 'SEQUENCE_GAP'
  | 'SEQUENCE_OUT_OF_ORDER'
  | 'CHAIN_BROKEN';

export interface VerificationProblem {
  code: VerificationProblemCode;
  message: string;
  sequenceNo?: number;
}

export interface VerificationResult {
  valid: boolean;
  problems: VerificationProblem[];
}

export function resultOf(problems: VerificationProblem[]): VerificationResult {
  return { valid: problems.length === 0, problems };
}
