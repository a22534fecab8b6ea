// The registry of benchmark suites, in the order `npm run bench` runs them.
import { cliSuite } from './cli.bench';
import { engineSuite } from './engine.bench';
import { eventSourcingSuite } from './event-sourcing.bench';
import { governanceSuite } from './governance.bench';
import { ionSuite } from './ion.bench';
import { partiqlSuite } from './partiql.bench';
import { postgresSuite } from './postgres.bench';
import { proofsSuite } from './proofs.bench';
import { streamsSuite } from './streams.bench';
import { treeSuite } from './tree.bench';

export interface BenchSuite {
  name: string;
  run(): Promise<void>;
}

export const suites: BenchSuite[] = [
  ionSuite,
  treeSuite,
  proofsSuite,
  engineSuite,
  governanceSuite,
  partiqlSuite,
  eventSourcingSuite,
  streamsSuite,
  postgresSuite,
  cliSuite,
];
