// The bank's configuration and signing keys.
export { bankConfigFromEnv, SAMPLE_API_KEYS, type BankApiKeys, type BankConfig } from './bank-config';
export { BankConfigError } from './bank-config.error';
export { loadSigningKeys, SigningKeys } from './signing-keys';
