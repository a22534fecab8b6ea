// A proof file checked in the browser with nestjs-ledger/verify, reported step by step: reading
// the file, reading what the auditor trusts, then the verifier's own checks grouped by what they
// establish (the entry in the block, the block, its place in the ledger tree, the tip, the digest
// or signature), each passed or failed with the verifier's code and reason.
import { decodeBase64, parseProofFile, verifyProofFile, type ProofFile, type ProofFileProblem, type ProofFileVerification, type ProofTrust } from '../../../verify';

export type StepState = 'passed' | 'failed';

export interface VerificationStep {
  title: string;
  state: StepState;
  /** What the step established, or why it failed (the verifier's codes and messages). */
  detail: string;
  codes: string[];
}

export interface VerificationReport {
  valid: boolean;
  /** One line: what was verified, or the first failing step and its reason. */
  summary: string;
  steps: VerificationStep[];
}

/** What the auditor brings, as typed in the page. */
export interface TrustInput {
  /** A digest in base64 (32 bytes), or empty. */
  digest: string;
  /** The ledger's public key (PEM or C2SP verifier key), or empty. */
  publicKey: string;
  /** The origin a signed digest must name, or empty. */
  origin: string;
  /** The tip block number of the trusted digest (for a consistency proof: of the older digest), or empty. */
  tip?: string;
}

interface CheckGroup {
  title: string;
  kinds: ProofFile['kind'][];
  codes: string[];
  established: (result: ProofFileVerification) => string;
}

const GROUPS: CheckGroup[] = [
  {
    title: 'The entry is in the block',
    kinds: ['revision', 'event'],
    codes: ['REVISION_HASH_MISMATCH', 'EVENT_HASH_MISMATCH', 'ENTRY_NOT_IN_BLOCK'],
    established: (r) => `the ${r.file.kind}'s hash, recomputed from its content, is one of the block's entries`,
  },
  {
    title: 'The block is intact and bound to its address',
    kinds: ['revision', 'event', 'block'],
    codes: ['BLOCK_INVALID', 'BLOCK_UNBOUND', 'STRAND_MISMATCH'],
    established: (r) => (r.verified.block ? `block ${r.verified.block.blockAddress.sequenceNo}, transaction ${r.verified.block.transactionId}: its entries hash to its block hash` : "the block's entries hash to its block hash"),
  },
  {
    title: 'The block is in the ledger tree of the digest',
    kinds: ['revision', 'event', 'block'],
    codes: ['BLOCK_NOT_IN_TREE'],
    established: () => "the block hash folds through the inclusion proof to the file's digest",
  },
  {
    title: 'The newer digest extends the older one',
    kinds: ['consistency'],
    codes: ['CONSISTENCY_MISMATCH'],
    established: () => 'the consistency proof leads from the older digest to the newer one',
  },
  {
    title: "The digest's tip",
    kinds: ['revision', 'event', 'block', 'digest', 'consistency'],
    codes: ['TIP_INVALID', 'TIP_MISMATCH'],
    established: (r) => (r.verified.tipSequenceNo === undefined ? 'no tip claimed beyond the digest itself' : `the digest covers blocks 0 to ${r.verified.tipSequenceNo}`),
  },
  {
    title: 'The digest is the one you trust',
    kinds: ['revision', 'event', 'block', 'digest', 'consistency'],
    codes: ['DIGEST_MISMATCH', 'SIGNATURE_MISSING', 'SIGNATURE_INVALID', 'CHECKPOINT_MISMATCH', 'ORIGIN_MISMATCH'],
    established: (r) => (r.checkpoint ? `signed by your key for ${r.checkpoint.origin}` : 'it equals the digest you pasted'),
  },
];

/** Verifies `proof` (Ion text or binary) against what the auditor trusts, step by step. */
export function verifyStepByStep(proof: string | Uint8Array, input: TrustInput): VerificationReport {
  const steps: VerificationStep[] = [];
  let file: ProofFile;
  try {
    file = parseProofFile(proof);
    steps.push(passed('Read the proof file', `a ${file.kind} proof file`));
  } catch (error) {
    return refused(steps, failed('Read the proof file', error));
  }
  const trust = trustOf(input);
  if (typeof trust === 'string') return refused(steps, { title: 'Read what you trust', state: 'failed', detail: trust, codes: ['NOTHING_TRUSTED'] });
  let result: ProofFileVerification;
  try {
    result = verifyProofFile(file, trust);
  } catch (error) {
    return refused(steps, failed('Read what you trust', error));
  }
  steps.push(passed('Read what you trust', [trust.digest ? 'a 32-byte digest' : '', trust.publicKey ? 'a public key' : ''].filter(Boolean).join(' and ')));
  const groups = GROUPS.filter((g) => g.kinds.includes(file.kind));
  const unplaced = result.problems.filter((p) => !GROUPS.some((g) => g.codes.includes(p.code)));
  for (const group of groups) {
    const problems = result.problems.filter((p) => group.codes.includes(p.code));
    steps.push(problems.length === 0 ? passed(group.title, group.established(result)) : problemStep(group.title, problems));
  }
  if (unplaced.length > 0) steps.push(problemStep('Other checks', unplaced));
  const firstFailure = steps.find((s) => s.state === 'failed');
  if (firstFailure === undefined && result.valid) return { valid: true, summary: `Verified: ${verifiedWhat(result)}`, steps };
  return { valid: false, summary: refusal(firstFailure ?? problemStep('Verification', result.problems)), steps };
}

/** The trust the verifier takes, or why the input gives none. */
function trustOf(input: TrustInput): ProofTrust | string {
  const trust: ProofTrust = {};
  const digestText = input.digest.trim();
  if (digestText !== '') {
    const digest = decodeBase64(digestText);
    if (digest === undefined || digest.length !== 32) return `the trusted digest ${JSON.stringify(digestText.slice(0, 60))} is not 32 bytes in base64`;
    trust.digest = digest;
  }
  if (input.publicKey.trim() !== '') trust.publicKey = input.publicKey.trim();
  if (input.origin.trim() !== '') trust.origin = input.origin.trim();
  const tip = input.tip?.trim() ?? '';
  if (tip !== '') {
    if (!/^\d{1,15}$/.test(tip)) return `the trusted digest's tip ${JSON.stringify(tip.slice(0, 20))} is not a block number`;
    trust.tipSequenceNo = Number(tip);
  }
  if (trust.digest === undefined && trust.publicKey === undefined) return 'paste a digest you trust (base64), or the ledger’s public key';
  return trust;
}

function verifiedWhat(result: ProofFileVerification): string {
  const block = result.verified.block ? ` in block ${result.verified.block.blockAddress.sequenceNo}` : '';
  return `the ${result.file.kind}${block} is proven to ${result.checkpoint ? 'the digest signed by your key' : 'your digest'}`;
}

function passed(title: string, detail: string): VerificationStep {
  return { title, state: 'passed', detail, codes: [] };
}

function failed(title: string, error: unknown): VerificationStep {
  const code = (error as { code?: string }).code ?? 'ERROR';
  return { title, state: 'failed', detail: `${code}: ${(error as Error).message}`, codes: [code] };
}

function problemStep(title: string, problems: ProofFileProblem[]): VerificationStep {
  return { title, state: 'failed', detail: problems.map((p) => `${p.code}${p.detail ? ` (${p.detail})` : ''}: ${p.message}`).join('; '), codes: problems.map((p) => p.code) };
}

function refused(steps: VerificationStep[], failure: VerificationStep): VerificationReport {
  return { valid: false, summary: refusal(failure), steps: [...steps, failure] };
}

function refusal(step: VerificationStep): string {
  return `Refused at “${step.title}”: ${step.detail}`;
}
