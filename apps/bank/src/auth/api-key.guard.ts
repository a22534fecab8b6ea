// Authenticates every request of the bank by its API key (the `x-api-key` header, or HTTP Basic
// with the key as password, which a browser asks for on the explorer) and puts the key's role on
// the request as its principal, for LedgerPrincipalInterceptor to run the handler as. A request
// without a known key is answered 401. Keys are compared in constant time, and never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { BankApiKeys } from '../config';
import type { BankRole } from './bank-roles';

/** A request once authenticated. */
export interface BankRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: string;
  bankRole?: BankRole;
}

/** The keys the bank accepts (provided by BankModule when it has API keys). */
export class BankApiKeyTable {
  private readonly digests: Array<[Buffer, BankRole]>;

  constructor(keys: BankApiKeys) {
    this.digests = (['teller', 'auditor'] as const).map((role) => [digestOf(keys[role]), role]);
  }

  /** The role of `key`, or undefined when it is none of the bank's keys. */
  roleOf(key: string | undefined): BankRole | undefined {
    if (key === undefined) return undefined;
    const presented = digestOf(key);
    return this.digests.find(([digest]) => timingSafeEqual(digest, presented))?.[1];
  }
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: BankApiKeyTable) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<BankRequest>();
    const role = this.keys.roleOf(presentedKey(request.headers));
    if (role === undefined) {
      http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', 'Basic realm="nestjs-ledger sample bank", charset="UTF-8"');
      throw new UnauthorizedException('this request needs an API key: the x-api-key header, or HTTP Basic with the key as password');
    }
    request.principal = role;
    request.bankRole = role;
    return true;
  }
}

/** The key in `x-api-key`, else the password of an HTTP Basic `authorization`. */
function presentedKey(headers: BankRequest['headers']): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('Basic ')) return undefined;
  const credentials = Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
