// The audit API: digests, signed digests, proofs and verification.
export { AuditModule } from './audit.module';
