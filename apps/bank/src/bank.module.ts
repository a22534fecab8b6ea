// The bank application's root module: the ledger (SQLite or PostgreSQL, digests signed with the
// bank's key), the accounts, balances and audit features, the journal explorer at /explorer (for
// auditors), request validation and typed errors as statuses; with API keys, every request
// authenticated and run as its key's role under the ledger's access control.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { type StorageOptions } from 'nestjs-ledger';
import { LEDGER_HTTP_STATUSES, LedgerExceptionFilter, LedgerExplorerModule, LedgerModule, LedgerPrincipalInterceptor } from 'nestjs-ledger/nest';
import { AccountsModule } from './accounts';
import { AuditModule } from './audit';
import { ApiKeyGuard, AuditorOnlyGuard, BankAccessSetup, BankApiKeyTable, BANK_SERVICE } from './auth';
import { BalancesModule } from './balances';
import { loadSigningKeys, SigningKeys, type BankConfig } from './config';
import { BANK_HTTP_STATUSES, bankValidationPipe } from './http';

/** Busy accounts see OCC conflicts between concurrent commands: retry them more, and sooner, than QLDB's 4. */
const RETRY = { maxRetries: 50, baseMs: 2, capMs: 50 };

@Module({})
export class BankModule {
  /** The bank on `config`; the SQLite file's directory and the signing key file are created when absent. */
  static forRoot(config: BankConfig): DynamicModule {
    const keys = loadSigningKeys(config);
    return {
      module: BankModule,
      global: true,
      imports: [
        LedgerModule.forRoot({ name: 'bank', storage: prepared(config.storage), signingKey: keys.privateKey, retry: RETRY, ...accessControlOf(config) }),
        AccountsModule,
        BalancesModule,
        AuditModule,
        LedgerExplorerModule.register({ path: '/explorer', publicKey: keys.publicKeyPem, assetsDir: config.explorerAssetsDir, guards: [AuditorOnlyGuard] }),
      ],
      providers: [
        { provide: SigningKeys, useValue: keys },
        { provide: APP_PIPE, useFactory: bankValidationPipe },
        { provide: LEDGER_HTTP_STATUSES, useValue: BANK_HTTP_STATUSES },
        { provide: APP_FILTER, useClass: LedgerExceptionFilter },
        ...authenticationOf(config),
      ],
      exports: [SigningKeys],
    };
  }
}

/** The ledger's access control when the bank has API keys: the bank itself is its administrator and runs its own work. */
function accessControlOf(config: BankConfig) {
  return config.apiKeys ? { accessControl: { administrators: [BANK_SERVICE], servicePrincipal: BANK_SERVICE } } : {};
}

/** Every request authenticated by its API key and run as its role; the roles set up in the ledger at bootstrap. */
function authenticationOf(config: BankConfig): Provider[] {
  if (!config.apiKeys) return [];
  return [
    { provide: BankApiKeyTable, useValue: new BankApiKeyTable(config.apiKeys) },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_INTERCEPTOR, useClass: LedgerPrincipalInterceptor },
    BankAccessSetup,
  ];
}

function prepared(storage: StorageOptions): StorageOptions {
  if (storage.type === 'sqlite' && storage.database !== ':memory:') mkdirSync(dirname(storage.database), { recursive: true });
  return storage;
}
