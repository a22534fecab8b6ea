// `nestjs-ledger/qldb-driver`: the QLDB driver's surface (amazon-qldb-driver-nodejs 3.x) over a
// ledger of this library, so code written for QLDB runs with its import and the driver's second
// argument changed; and QLDB's control-plane calls that verification code makes (getDigest,
// getBlock, getRevision). Loading it loads PartiQL, so the ledger answers statements.
import '../partiql';
export * from './errors';
export {
  isBadRequestException,
  isInvalidParameterException,
  isInvalidSessionException,
  isOccConflictException,
  isResourceNotFoundException,
  isResourcePreconditionNotMetException,
  isTransactionExpiredException,
} from './error-predicates';
export { QldbDriver, type QldbDriverLedger, type QldbDriverHttpOptions } from './qldb-driver';
export { TransactionExecutor } from './transaction-executor';
export { Result } from './result';
export { ResultReadable } from './result-readable';
export { RetryConfig, defaultRetryConfig, type BackoffFunction } from './retry-config';
export { IOUsage, TimingInformation } from './statement-stats';
export {
  QLDB,
  type QldbControlPlaneOptions,
  type ValueHolder,
  type GetDigestRequest,
  type GetDigestResponse,
  type GetBlockRequest,
  type GetBlockResponse,
  type GetRevisionRequest,
  type GetRevisionResponse,
} from './qldb-control-plane';
