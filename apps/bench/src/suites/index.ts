// The registry of benchmark suites, in the order `npm run bench` runs them.
import { bulkSuite } from './bulk.bench';
import { cliSuite } from './cli.bench';
import { commitsSuite, engineSuite } from './engine.bench';
import { eventSourcingSuite } from './event-sourcing.bench';
import { governanceSuite } from './governance.bench';
import { ionSuite } from './ion.bench';
import { memorySuite } from './memory.bench';
import { partiqlSuite } from './partiql.bench';
import { postgresSuite } from './postgres.bench';
import { proofsSuite } from './proofs.bench';
import { streamsSuite } from './streams.bench';
import { treeSuite } from './tree.bench';

export interface BenchSuite {
  name: string;
  run(): Promise<void>;
  /** The suite this one is a part of: run only when named, since the whole suite runs it too. */
  partOf?: string;
}

export const suites: BenchSuite[] = [
  ionSuite,
  treeSuite,
  proofsSuite,
  engineSuite,
  commitsSuite,
  governanceSuite,
  partiqlSuite,
  eventSourcingSuite,
  streamsSuite,
  postgresSuite,
  cliSuite,
  bulkSuite,
  memorySuite,
];
