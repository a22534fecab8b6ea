// Genuine and forged proof files from a real ledger, each with what a verifier trusts and the
// verdict it must reach: valid, or refused with a given first problem code. The forgeries are the
// attacks of a server that controls every byte it sends: a revision's data and metadata swapped
// (QLDB's dot is commutative), events re-presented as a revision, a deletion as a live revision and
// back, entries relabelled to other blocks, positions, strands or tips, a block's parts altered,
// an internal node of the tree presented as a block, a consistency proof for a larger tree, a
// redacted event's payload digest changed, its envelope changed or its digest moved to another
// field, and a signed digest of another ledger. test/vectors/proofs holds them as files (generate-proof-vectors.ts).
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import {
  blockProofFile,
  consistencyProofFile,
  digestProofFile,
  eventProofFile,
  fromIon,
  importJournal,
  Ledger,
  revisionProofFile,
  toIon,
  type Block,
  type DigestLike,
  type IonStructObject,
  type IonValue,
} from 'nestjs-ledger';
import { dot, ionHash } from 'nestjs-ledger/verify';

export interface ProofCase {
  name: string;
  /** The proof file's Ion text. */
  file: string;
  trust: { digest?: string; tipSequenceNo?: number; publicKey?: string; origin?: string; allowUnboundBlocks?: boolean };
  /** 'valid', or the code of the first problem the verifier must report. */
  expect: string;
}

type Struct = IonStructObject & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The proof file with one change, as someone editing the saved text would. */
function edited(text: string, change: (file: Struct) => void): string {
  const value = fromIon(text) as Struct;
  change(value);
  return `${toIon(value as IonValue, 'text')}\n`;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const flip = (bytes: Uint8Array, index = 0) => Uint8Array.from(bytes, (b, i) => (i === index ? b ^ 1 : b));

/** Builds a ledger whose journal holds every shape the forgeries need, in a file at `location`. */
export async function buildForgeryLedger(location: string, keyPem: string): Promise<{ ledger: Ledger; ids: Record<string, string> }> {
  const ledger = await Ledger.open({ name: 'prod', storage: { type: 'sqlite', database: location }, signingKey: keyPem });
  await ledger.query('CREATE TABLE Account');
  const [ana] = (await ledger.query("INSERT INTO Account VALUE {'owner': 'Ana', 'balance': 100}")) as Struct[];
  const [ben] = (await ledger.query("INSERT INTO Account VALUE {'owner': 'Ben', 'balance': 5}")) as Struct[];
  await ledger.query("UPDATE Account SET balance = 150 WHERE owner = 'Ana'");
  // A writer who knows its transaction id stores data shaped like metadata of Ana's version 7.
  const mallory = await ledger.execute(async (tx) => {
    const fake = { id: ana.documentId, version: 7, txTime: new Date(0), txId: tx.transactionId };
    const [row] = (await tx.executeStatement('INSERT INTO Account ?', fake)) as Struct[];
    return row.documentId as string;
  });
  await ledger.query("DELETE FROM Account WHERE owner = 'Ben'");
  // Two events in one block: the first shaped like metadata, the second like data.
  await ledger.execute(async (tx) => tx.appendEvents([{ id: ana.documentId, version: 9, txTime: new Date(0), txId: tx.transactionId }, { owner: 'Ana', balance: 1e6 }]));
  await ledger.query("INSERT INTO Account VALUE {'owner': 'Cy', 'balance': 1}");
  // Two events of an aggregate, the first's payload redacted.
  const opened = { type: 'Opened', aggregate: 'Account', streamId: 'acct-9', occurredAt: new Date(0) };
  const { block: redactedBlock } = await ledger.transact((tx) => tx.appendEvents([{ ...opened, streamVersion: 0, payload: { ssn: '078-05-1120' } }, { ...opened, streamVersion: 1, payload: { amount: 5 } }]));
  await ledger.redactEvent(redactedBlock!.blockAddress, 0);
  return { ledger, ids: { ana: ana.documentId as string, ben: ben.documentId as string, mallory } };
}

/** The QLDB export of test/vectors/qldb-export imported into a new ledger at `location`. */
export async function buildQldbLedger(location: string): Promise<Ledger> {
  const storage = { type: 'sqlite' as const, database: location };
  await importJournal(join(__dirname, '../vectors/qldb-export'), storage);
  return Ledger.openExisting({ storage });
}

/** A QLDB block's revision: unbound (its entries commit no header), accepted only when the verifier allows it. */
export async function qldbCases(ledger: Ledger): Promise<ProofCase[]> {
  const digest = { ...(await ledger.getDigest()), tip: await ledger.getTipProof() };
  const blocks = await ledger.readBlocks(0, digest.digestTipAddress.sequenceNo);
  const block = blocks.find((b) => (b.revisions ?? []).some((r) => r.metadata !== undefined && r.data !== undefined))!;
  const documentId = block.revisions!.find((r) => r.metadata !== undefined && r.data !== undefined)!.metadata!.id;
  const file = revisionProofFile(await ledger.getBlock(block.blockAddress), documentId, digest);
  const trust = { digest: b64(digest.digest), tipSequenceNo: digest.digestTipAddress.sequenceNo };
  return [
    { name: 'qldb-revision-unbound', file, trust, expect: 'BLOCK_UNBOUND' },
    { name: 'qldb-revision-allowed-as-claim', file, trust: { ...trust, allowUnboundBlocks: true }, expect: 'valid' },
    { name: 'qldb-revision-data-altered', file: edited(file, (f) => (f.block.revisions[f.revisionIndex].data = { forged: true })), trust: { ...trust, allowUnboundBlocks: true }, expect: 'REVISION_HASH_MISMATCH' },
  ];
}

/** Every case, from a ledger built by buildForgeryLedger; `stagingLedger` signs with the same key. */
export async function proofCases(ledger: Ledger, ids: Record<string, string>, keys: { privatePem: string; publicPem: string }, stagingLedger: Ledger): Promise<ProofCase[]> {
  const at = (sequenceNo: number) => ({ strandId: ledger.strandId, sequenceNo });
  const digest: DigestLike = { ...(await ledger.getSignedDigest()), tip: await ledger.getTipProof() };
  const tip = digest.digestTipAddress.sequenceNo;
  const trust = { digest: b64(digest.digest) };
  const blocks = await ledger.readBlocks(0, tip);
  const blockOf = (predicate: (b: Block) => boolean) => blocks.find(predicate)!;
  const anaV1 = blockOf((b) => (b.revisions ?? []).some((r) => r.metadata?.id === ids.ana && r.metadata.version === 1));
  const malloryBlock = blockOf((b) => (b.revisions ?? []).some((r) => r.metadata?.id === ids.mallory));
  const deletion = blockOf((b) => (b.revisions ?? []).some((r) => r.metadata?.id === ids.ben && r.data === undefined));
  const events = blockOf((b) => (b.events ?? []).length === 2);
  const redacted = blockOf((b) => (b.events ?? []).some((e) => e.type === 'Opened'));
  const proven = async (b: Block) => ledger.getBlock(b.blockAddress);
  const revision = async (b: Block, id: string) => revisionProofFile(await proven(b), id, digest);

  const anaFile = await revision(anaV1, ids.ana);
  const malloryFile = await revision(malloryBlock, ids.mallory);
  const deletionFile = await revision(deletion, ids.ben);
  const eventFile = eventProofFile(await proven(events), 0, digest);
  const redactedFile = eventProofFile(await proven(redacted), 0, digest);
  const neighbourFile = eventProofFile(await proven(redacted), 1, digest);
  const blockFile = blockProofFile(await proven(anaV1), digest);
  const genesisFile = blockProofFile(await proven(blocks[0]), digest);
  const digestFile = digestProofFile(digest);
  const old = await ledger.getConsistencyProof(at(2));
  const consistencyFile = consistencyProofFile(old.oldDigest, old.proof, digest);
  const staging = { ...(await stagingLedger.getSignedDigest()), tip: await stagingLedger.getTipProof() };
  const stagingFile = digestProofFile(staging);
  const origin = ledger.checkpointOrigin;

  const target = (f: Struct) => f.block.revisions[f.revisionIndex];
  const cases: ProofCase[] = [
    { name: 'revision', file: anaFile, trust, expect: 'valid' },
    { name: 'revision-signed', file: anaFile, trust: { publicKey: keys.publicPem, origin }, expect: 'valid' },
    { name: 'deletion', file: deletionFile, trust, expect: 'valid' },
    { name: 'event', file: eventFile, trust, expect: 'valid' },
    { name: 'block', file: blockFile, trust, expect: 'valid' },
    { name: 'genesis-block', file: genesisFile, trust, expect: 'valid' },
    { name: 'digest-with-tip', file: digestFile, trust: { ...trust, tipSequenceNo: tip }, expect: 'valid' },
    { name: 'consistency', file: consistencyFile, trust: { digest: b64(old.oldDigest.digest), tipSequenceNo: 2 }, expect: 'valid' },
    { name: 'revision-data-altered', file: edited(anaFile, (f) => (target(f).data.balance = 1_000_000)), trust, expect: 'REVISION_HASH_MISMATCH' },
    {
      name: 'revision-data-metadata-swapped',
      file: edited(malloryFile, (f) => ([target(f).data, target(f).metadata] = [target(f).metadata, target(f).data])),
      trust,
      expect: 'BLOCK_INVALID',
    },
    {
      name: 'live-revision-as-deletion',
      file: edited(anaFile, (f) => {
        delete target(f).data;
        target(f).hash = ionHash(target(f).metadata);
      }),
      trust,
      expect: 'BLOCK_INVALID',
    },
    { name: 'deletion-as-redacted-revision', file: edited(deletionFile, (f) => (target(f).dataHash = ionHash({ owner: 'Ben' }))), trust, expect: 'REVISION_HASH_MISMATCH' },
    {
      name: 'events-as-revision',
      file: edited(eventFile, (f) => {
        const event = fromIon(toIon(f.event, 'text')) as Struct;
        const hashes = f.eventHashes as Uint8Array[];
        f.kind = 'revision';
        f.revisionIndex = 0;
        f.block.revisions = [{ blockAddress: f.block.blockAddress, hash: dot(hashes[0], hashes[1]), metadata: event, dataHash: hashes[1] }, ...(f.block.revisions ?? [])];
        f.eventHashes = [];
        delete f.event;
        delete f.eventIndex;
      }),
      trust,
      expect: 'BLOCK_INVALID',
    },
    { name: 'revision-relabelled-to-another-block', file: edited(anaFile, (f) => (target(f).blockAddress.sequenceNo = 1)), trust, expect: 'BLOCK_INVALID' },
    { name: 'revision-index-moved', file: edited(anaFile, (f) => (f.revisionIndex = 1)), trust, expect: 'ENTRY_NOT_IN_BLOCK' },
    { name: 'tip-999', file: edited(anaFile, (f) => (f.digestTipAddress.sequenceNo = 999)), trust, expect: 'BLOCK_NOT_IN_TREE' },
    { name: 'digest-tip-999', file: edited(digestFile, (f) => (f.digestTipAddress.sequenceNo = 999)), trust, expect: 'TIP_INVALID' },
    { name: 'digest-tip-not-the-trusted-tip', file: digestFile, trust: { ...trust, tipSequenceNo: tip - 1 }, expect: 'TIP_MISMATCH' },
    { name: 'strand-renamed', file: edited(anaFile, (f) => (f.digestTipAddress.strandId = 'Forged0000000000000000')), trust, expect: 'STRAND_MISMATCH' },
    { name: 'block-timestamp-changed', file: edited(blockFile, (f) => (f.block.blockTimestamp = new Date(Date.UTC(2030, 0, 1)))), trust, expect: 'BLOCK_INVALID' },
    { name: 'block-revisions-removed', file: edited(blockFile, (f) => delete f.block.revisions), trust, expect: 'BLOCK_INVALID' },
    { name: 'block-renumbered', file: edited(blockFile, (f) => renumber(f.block, f.block.blockAddress.sequenceNo + 1)), trust, expect: 'BLOCK_INVALID' },
    { name: 'block-transaction-id-changed', file: edited(genesisFile, (f) => (f.block.transactionId = 'Forged0000000000000000')), trust, expect: 'BLOCK_INVALID' },
    {
      name: 'entries-hash-as-block',
      file: edited(blockFile, (f) => {
        f.block.blockHash = f.block.entriesHash;
        f.block.previousBlockHash = new Uint8Array(0);
      }),
      trust,
      expect: 'BLOCK_INVALID',
    },
    {
      name: 'internal-node-as-block',
      file: edited(genesisFile, (f) => {
        f.block.previousBlockHash = blocks[1].blockHash;
        f.block.blockHash = dot(f.block.entriesHash, blocks[1].blockHash);
        f.proof = (f.proof as Uint8Array[]).slice(1);
      }),
      trust,
      expect: 'BLOCK_INVALID',
    },
    { name: 'proof-element-flipped', file: edited(anaFile, (f) => (f.proof[0] = flip(f.proof[0]))), trust, expect: 'BLOCK_NOT_IN_TREE' },
    { name: 'proof-element-dropped', file: edited(anaFile, (f) => f.proof.pop()), trust, expect: 'BLOCK_NOT_IN_TREE' },
    { name: 'digest-not-trusted', file: anaFile, trust: { digest: b64(flip(digest.digest, 31)) }, expect: 'DIGEST_MISMATCH' },
    { name: 'event-altered', file: edited(eventFile, (f) => (f.event.version = 10)), trust, expect: 'EVENT_HASH_MISMATCH' },
    { name: 'event-at-another-index', file: edited(eventFile, (f) => (f.eventIndex = 1)), trust, expect: 'EVENT_HASH_MISMATCH' },
    { name: 'redacted-event', file: redactedFile, trust, expect: 'valid' },
    { name: 'redacted-event-neighbour', file: neighbourFile, trust, expect: 'valid' },
    { name: 'redacted-event-digest-changed', file: edited(redactedFile, (f) => (f.event.payload = fromIon(`ledger_redacted::{{${b64(flip(f.event.payload.value))}}}`))), trust, expect: 'EVENT_HASH_MISMATCH' },
    { name: 'redacted-event-envelope-changed', file: edited(redactedFile, (f) => (f.event.streamId = 'acct-10')), trust, expect: 'EVENT_HASH_MISMATCH' },
    {
      name: 'redacted-event-digest-moved-to-another-field',
      file: edited(redactedFile, (f) => {
        f.event.streamVersion = f.event.payload;
        f.event.payload = { ssn: '078-05-1120' };
      }),
      trust,
      expect: 'EVENT_HASH_MISMATCH',
    },
    {
      name: 'consistency-claimed-for-a-larger-tree',
      file: edited(consistencyFile, (f) => (f.digestTipAddress.sequenceNo += 1)),
      trust: { digest: b64(old.oldDigest.digest), tipSequenceNo: 2 },
      expect: 'TIP_INVALID',
    },
    { name: 'consistency-old-digest-not-trusted', file: consistencyFile, trust: { digest: b64(digest.digest) }, expect: 'DIGEST_MISMATCH' },
    { name: 'consistency-proof-flipped', file: edited(consistencyFile, (f) => (f.proof[0] = flip(f.proof[0]))), trust: { digest: b64(old.oldDigest.digest) }, expect: 'CONSISTENCY_MISMATCH' },
    { name: 'signed-digest-of-another-ledger', file: stagingFile, trust: { publicKey: keys.publicPem, origin }, expect: 'ORIGIN_MISMATCH' },
    { name: 'signature-by-another-key', file: anaFile, trust: { publicKey: otherKey() }, expect: 'SIGNATURE_INVALID' },
    { name: 'signed-digest-swapped', file: edited(digestFile, (f) => (f.digest = flip(f.digest))), trust: { publicKey: keys.publicPem, origin }, expect: 'TIP_INVALID' },
  ];
  return cases;
}

/** The block moved to another sequenceNo, its revisions' addresses with it. */
function renumber(block: Struct, sequenceNo: number): void {
  block.blockAddress.sequenceNo = sequenceNo;
  for (const r of block.revisions ?? []) r.blockAddress.sequenceNo = sequenceNo;
}

function otherKey(): string {
  return generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
}

/** An Ed25519 key pair as PEM. */
export function pemKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}
