// Benchmarks of the ledger tree: appends against raw SHA-256 of 64 bytes (an append costs one dot on
// average), inclusion proofs generated and verified at 1k and 1M leaves, and consistency proofs.
import { hash, randomBytes } from 'node:crypto';
import { LedgerTree, verifyConsistency, verifyInclusion } from 'nestjs-ledger/verify';
import { compare, figure, measure, report, section, type Measurement } from '../bench-harness';
import type { BenchSuite } from './index';

const SIZES = [1_000, 1_000_000];
const SAMPLES = 1024;

async function run(): Promise<void> {
  section('Ledger tree');
  const block = randomBytes(64);
  const sha256 = await measure('SHA-256 of 64 bytes (node:crypto)', () => hash('sha256', block, 'buffer'));
  compare(await measureAppends(), sha256);

  const baselines = new Map<string, Measurement>();
  for (const size of SIZES) {
    const tree = buildTree(size);
    for (const m of await measureProofs(tree)) {
      const key = m.label.replace(/, .*$/, '');
      const baseline = baselines.get(key);
      if (baseline) compare(m, baseline);
      else report(m);
      baselines.set(key, baseline ?? m);
    }
  }
}

function randomLeaves(count: number): Uint8Array[] {
  const bytes = randomBytes(count * 32);
  return Array.from({ length: count }, (_, i) => bytes.subarray(i * 32, (i + 1) * 32));
}

async function measureAppends(): Promise<Measurement> {
  const leaves = randomLeaves(4096);
  const tree = new LedgerTree();
  let next = 0;
  const batch = () => {
    for (let i = 0; i < 1000; i++) tree.append(leaves[next++ % leaves.length]);
  };
  return measure('tree append', batch, { opsPerCall: 1000, warmupCalls: 5 });
}

function buildTree(size: number): LedgerTree {
  const leaves = randomLeaves(size);
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const started = process.hrtime.bigint();
  const tree = new LedgerTree();
  for (const leaf of leaves) tree.append(leaf);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const megabytes = (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore) / 2 ** 20;
  figure(`build a ${label(size)}-leaf tree`, `${seconds.toFixed(2)} s (${Math.round(size / seconds).toLocaleString('en-US')} appends/s, ~${megabytes.toFixed(0)} MB)`);
  return tree;
}

/** Proof generation and verification at the tree's size, over random positions. */
async function measureProofs(tree: LedgerTree): Promise<Measurement[]> {
  const n = tree.size;
  const digest = tree.digest();
  const at = label(n);
  const randomBelow = (limit: number) => Math.floor(Math.random() * limit);
  const inclusions = Array.from({ length: SAMPLES }, () => {
    const j = randomBelow(n);
    return { j, leaf: tree.nodes.node(0, j), proof: tree.inclusionProof(j) };
  });
  const consistencies = Array.from({ length: SAMPLES }, () => {
    const m = 1 + randomBelow(n - 1);
    return { m, old: tree.digest(m - 1), proof: tree.consistencyProof(m - 1) };
  });
  let k = 0;
  const sample = <T>(items: T[]) => items[k++ % items.length];
  return [
    await measure(`inclusion proof generation, ${at} leaves`, () => tree.inclusionProof(randomBelow(n))),
    await measure(`inclusion proof verification, ${at} leaves`, () => {
      const { j, leaf, proof } = sample(inclusions);
      if (!verifyInclusion(leaf, j, n, proof, digest)) throw new Error('inclusion proof rejected');
    }),
    await measure(`consistency proof generation, ${at} leaves`, () => tree.consistencyProof(randomBelow(n - 1))),
    await measure(`consistency proof verification, ${at} leaves`, () => {
      const { m, old, proof } = sample(consistencies);
      if (!verifyConsistency(old, m, digest, n, proof)) throw new Error('consistency proof rejected');
    }),
  ];
}

function label(size: number): string {
  return size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1_000}k`;
}

export const treeSuite: BenchSuite = { name: 'tree', run };
