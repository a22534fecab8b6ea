// The audit API's responses.
export { DigestDto } from './digest.dto';
export { SignedDigestDto } from './signed-digest.dto';
export { LedgerProblemDto, VerificationDto } from './verification.dto';
export { ProofQueryDto } from './proof-query.dto';
export { ConsistencyDto, ConsistencyQueryDto } from './consistency.dto';
