// The bank's authentication (API keys per role) and its roles in the ledger's access control.
export { ApiKeyGuard, BankApiKeyTable, type BankRequest } from './api-key.guard';
export { AuditorOnlyGuard } from './auditor-only.guard';
export { BankAccessSetup } from './bank-access';
export { BANK_ROLES, BANK_SERVICE, type BankRole } from './bank-roles';
