// A @nestjs/terminus health indicator for a ledger: up when its tip can be read, none of its
// projections has failed, and none lags the tip by more than a threshold. It returns terminus's
// HealthIndicatorResult shape (`{ [key]: { status: 'up' | 'down', …details } }`), which terminus 11
// counts as a failure when down, without importing @nestjs/terminus: nestjs-ledger/nest loads in
// applications that do not install it. Details name projections, states and lags, never an error's
// message (a projection handler's error may quote data; health endpoints are often public).
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Ledger } from '../engine';
import type { Projections, ProjectionStatus } from '../projections';
import { errorType } from '../telemetry';
import { getLedgerToken, getProjectionsToken } from './ledger.tokens';

export interface LedgerHealthOptions {
  /** The ledger's name, for a ledger registered by name (default: the default ledger). */
  ledger?: string;
  /** Most blocks a projection may lag behind the tip and still count as healthy (default 1,000). */
  maxProjectionLag?: number;
}

/** One ledger's health, as terminus reads it. */
export interface LedgerHealthDetails {
  status: 'up' | 'down';
  /** The tip's sequenceNo, when it could be read. */
  tip?: number;
  /** Each projection's state and lag (blocks behind the tip). */
  projections: Record<string, { state: ProjectionStatus['state']; lag: number }>;
  /** Why it is down (empty when up). */
  problems: string[];
}

export type LedgerHealthIndicatorResult = Record<string, LedgerHealthDetails>;

const DEFAULT_MAX_PROJECTION_LAG = 1_000;

@Injectable()
export class LedgerHealthIndicator {
  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * The health of a ledger under `key` (default 'ledger'), for HealthCheckService.check:
   * `() => this.ledgerHealth.isHealthy('ledger', { maxProjectionLag: 100 })`.
   */
  async isHealthy(key = 'ledger', options: LedgerHealthOptions = {}): Promise<LedgerHealthIndicatorResult> {
    const ledger = this.moduleRef.get<Ledger>(getLedgerToken(options.ledger), { strict: false });
    const projections = this.moduleRef.get<Projections>(getProjectionsToken(options.ledger), { strict: false });
    return { [key]: await ledgerHealth(ledger, projections, options.maxProjectionLag ?? DEFAULT_MAX_PROJECTION_LAG) };
  }
}

/** Reads the tip and the projections' status, and says what is wrong. */
async function ledgerHealth(ledger: Ledger, projections: Projections, maxLag: number): Promise<LedgerHealthDetails> {
  const problems: string[] = [];
  let tip: number | undefined;
  try {
    tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  } catch (error) {
    problems.push(`the tip of ledger ${JSON.stringify(ledger.name)} cannot be read (${errorType(error)})`);
  }
  const statuses = tip === undefined ? [] : await projections.status().catch((error: unknown) => {
    problems.push(`the projections' status cannot be read (${errorType(error)})`);
    return [];
  });
  for (const { name, state, lag } of statuses) {
    if (state === 'failed') problems.push(`projection ${name} failed`);
    else if (lag > maxLag) problems.push(`projection ${name} lags ${lag} blocks behind the tip (most allowed: ${maxLag})`);
  }
  return {
    status: problems.length ? 'down' : 'up',
    ...(tip === undefined ? {} : { tip }),
    projections: Object.fromEntries(statuses.map(({ name, state, lag }) => [name, { state, lag }])),
    problems,
  };
}
