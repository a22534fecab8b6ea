// Memory of bulk journal work at scale: the peak RSS of verify(), exportJournal (Ion binary) and
// importJournal on a 1,000,000-block journal beside the same operation on 10,000 blocks, each run
// alone in a child process (memory.child.ts, process.resourceUsage().maxRSS), with the ratio (the
// goal: within 1.5x, memory that does not grow with the journal). The ledgers of one-document
// blocks are built once and kept in .tmp/bench (the engine suite's); BENCH_MEMORY_BLOCKS sets the
// larger size.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { figure, section } from '../bench-harness';
import { scaleLedger, scaleLedgerPath } from './engine.bench';
import type { BenchSuite } from './index';

const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_MEMORY_BLOCKS ?? 1_000_000);
const OPERATIONS = ['verify', 'export', 'import'] as const;

type Operation = (typeof OPERATIONS)[number];

interface ChildFigures {
  blocks: number;
  seconds: number;
  maxRssBytes: number;
}

async function run(): Promise<void> {
  section(`Memory: peak RSS of verify, export and import, ${SMALL.toLocaleString('en-US')} and ${LARGE.toLocaleString('en-US')} blocks (SQLite, one process each)`);
  const small = await measureAll(SMALL);
  const large = await measureAll(LARGE);
  for (const operation of OPERATIONS) {
    const ratio = large[operation].maxRssBytes / small[operation].maxRssBytes;
    figure(`${operation}: peak RSS ${LARGE.toLocaleString('en-US')} vs ${SMALL.toLocaleString('en-US')} blocks`, `${megabytes(large[operation])} vs ${megabytes(small[operation])}  ratio ${ratio.toFixed(2)}x`);
  }
}

/** Verify, export and import of the `blocks`-block ledger, each in a child process, printed as they end. */
async function measureAll(blocks: number): Promise<Record<Operation, ChildFigures>> {
  const source = scaleLedgerPath(blocks);
  await (await scaleLedger(blocks)).close();
  const exported = `${source}-export`;
  const imported = `${source}-import.ledger`;
  const clean = () => [exported, imported, `${imported}-wal`, `${imported}-shm`].forEach((path) => rmSync(path, { recursive: true, force: true }));
  clean();
  try {
    const figures = {
      verify: inChild('verify', source, ''),
      export: inChild('export', source, exported),
      import: inChild('import', exported, imported),
    };
    for (const operation of OPERATIONS) {
      const { blocks: done, seconds } = figures[operation];
      figure(`${operation}, ${blocks.toLocaleString('en-US')} blocks`, `peak RSS ${megabytes(figures[operation])}, ${Math.round(done / seconds).toLocaleString('en-US')} blocks/s`);
    }
    return figures;
  } finally {
    clean();
  }
}

function inChild(operation: Operation, from: string, to: string): ChildFigures {
  const output = execFileSync(process.execPath, [join(__dirname, 'memory.child.js'), operation, from, to], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output) as ChildFigures;
}

function megabytes(figures: ChildFigures): string {
  return `${(figures.maxRssBytes / 2 ** 20).toFixed(0)} MB`;
}

export const memorySuite: BenchSuite = { name: 'memory', run };
