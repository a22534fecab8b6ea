// Runs each request's handler as the request's principal (runAsPrincipal), so the statements,
// commands, digests and proofs it asks the ledger for are checked against that principal's roles
// and name it in the blocks they write. Authentication stays the application's: its guard puts
// the principal on the request (by default `request.principal`); a request without one runs as
// no principal, refused everything once the ledger has access control, never as the service
// principal.
import { Inject, Injectable, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { runAsPrincipal } from '../engine';

/** How the interceptor finds the principal of a request: null or undefined when it has none. */
export type LedgerPrincipalResolver = (context: ExecutionContext) => string | null | undefined;

/** The injection token of a LedgerPrincipalResolver that replaces the default (`request.principal`). */
export const LEDGER_PRINCIPAL_RESOLVER = Symbol('LEDGER_PRINCIPAL_RESOLVER');

/** The principal an authentication guard put on the request as `request.principal` (a string). */
export function principalOfRequest(context: ExecutionContext): string | null {
  const principal = context.switchToHttp().getRequest<{ principal?: unknown }>()?.principal;
  return typeof principal === 'string' ? principal : null;
}

/**
 * Register with `{ provide: APP_INTERCEPTOR, useClass: LedgerPrincipalInterceptor }` (or
 * `@UseInterceptors` on controllers), after a guard that authenticates the request.
 */
@Injectable()
export class LedgerPrincipalInterceptor implements NestInterceptor {
  constructor(@Optional() @Inject(LEDGER_PRINCIPAL_RESOLVER) private readonly resolve: LedgerPrincipalResolver = principalOfRequest) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = (this.resolve ?? principalOfRequest)(context) ?? null;
    return new Observable((subscriber) => {
      const subscription = runAsPrincipal(principal, () => next.handle().subscribe(subscriber));
      return () => subscription.unsubscribe();
    });
  }
}
