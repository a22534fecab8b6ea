// The NestJS module: LedgerModule, its decorators and injection tokens.
export { LedgerModule } from './ledger.module';
export type { LedgerModuleOptions, LedgerModuleRegistration, LedgerModuleAsyncOptions, LedgerOptionsFactory } from './ledger-module-options';
export { CommandHandler, type CommandHandlerMetadata } from './command-handler.decorator';
export { InjectLedger } from './inject-ledger.decorator';
export { InjectEventStore } from './inject-event-store.decorator';
export { InjectProjections } from './inject-projections.decorator';
export { InjectAggregateRepository } from './inject-aggregate-repository.decorator';
export { getLedgerToken, getEventStoreToken, getProjectionsToken, getProcessManagersToken, getAggregateRepositoryToken } from './ledger.tokens';
export { LedgerHealthIndicator, type LedgerHealthOptions, type LedgerHealthDetails, type LedgerHealthIndicatorResult } from './ledger-health.indicator';
export { LedgerExceptionFilter, ledgerHttpStatus, LEDGER_HTTP_STATUSES, DEFAULT_LEDGER_HTTP_STATUSES, type LedgerHttpStatuses } from './ledger-exception.filter';
export { LedgerPrincipalInterceptor, LEDGER_PRINCIPAL_RESOLVER, principalOfRequest, type LedgerPrincipalResolver } from './ledger-principal.interceptor';
export { LedgerExplorerModule, ReadOnlyStatementError, ExplorerAssetsMissingError, type LedgerExplorerOptions } from './explorer';
export { LedgerTestingModule, type LedgerTestingOptions } from './testing';
