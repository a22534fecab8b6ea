// The audit API: the ledger's digest, the digest signed with the bank's key and that key's public
// half, revision proofs of any version of an account (saved-proof files), the consistency proof from
// a digest a client kept to the current one, and a full verification of the stored journal. For
// auditors only.
import { ConflictException, Controller, Get, Header, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { consistencyProofFile, Ledger, type LedgerDigest } from 'nestjs-ledger';
import { blockAddressOf } from '../accounts/account-views';
import { AuditorOnlyGuard } from '../auth';
import { SigningKeys } from '../config';
import { ConsistencyDto, ConsistencyQueryDto, DigestDto, ProofQueryDto, SignedDigestDto, VerificationDto } from './dto';
import { RevisionProofs } from './revision-proofs';

@ApiTags('audit')
@Controller('audit')
@UseGuards(AuditorOnlyGuard)
export class AuditController {
  constructor(
    private readonly ledger: Ledger,
    private readonly keys: SigningKeys,
    private readonly proofs: RevisionProofs,
  ) {}

  @Get('digest')
  @ApiOperation({ summary: "The ledger's current digest and the block it covers up to" })
  @ApiOkResponse({ type: DigestDto })
  async digest(): Promise<DigestDto> {
    return digestOf(await this.ledger.getDigest());
  }

  @Get('signed-digest')
  @ApiOperation({ summary: "The current digest signed with the bank's Ed25519 key (C2SP checkpoint note)" })
  @ApiOkResponse({ type: SignedDigestDto })
  async signedDigest(): Promise<SignedDigestDto> {
    const signed = await this.ledger.getSignedDigest();
    return { ...digestOf(signed), note: signed.note };
  }

  @Get('public-key')
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The public key that verifies signed digests (PEM), for `ledger verify-proof --public-key`' })
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ schema: { type: 'string' } })
  publicKey(): string {
    return this.keys.publicKeyPem;
  }

  @Get('accounts/:id/proof')
  @Header('content-type', 'application/ion')
  @ApiOperation({
    summary: 'A version of an account with its proof to the digest, as a saved-proof file (Ion text)',
    description: 'Save it and check it offline: `ledger verify-proof proof.ion --digest <digest>` (or `--public-key` with /audit/public-key: the file carries the signed digest).',
  })
  @ApiProduces('application/ion')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'The proof file' })
  @ApiNotFoundResponse({ description: 'No account has that id, or it has no such version' })
  @ApiBadRequestResponse({ description: 'The tip is before the version or beyond the ledger' })
  accountProof(@Param('id') id: string, @Query() query: ProofQueryDto): Promise<string> {
    return this.proofs.accountProof(id, query.version, query.tip);
  }

  @Get('consistency')
  @ApiOperation({
    summary: 'The proof that the current digest extends a digest you kept (the ledger only appended since)',
    description:
      'Check proofFile offline with `ledger verify-proof file.ion --digest <the digest you kept> --tip <tip>` (it binds the new tip through the tip block), or the bare proof with verifyConsistency(oldDigest, tip + 1, newDigest, newTip + 1, proof), against the digest you kept, not the one returned.',
  })
  @ApiOkResponse({ type: ConsistencyDto })
  @ApiBadRequestResponse({ description: 'The tip is beyond the ledger' })
  @ApiConflictResponse({ description: "The ledger's digest at that tip is not the digest given: its history was rewritten" })
  async consistency(@Query() query: ConsistencyQueryDto): Promise<ConsistencyDto> {
    const { oldDigest, newDigest, proof } = await this.ledger.getConsistencyProof({ strandId: this.ledger.strandId, sequenceNo: query.tip });
    const old = digestOf(oldDigest);
    if (query.digest !== undefined && query.digest !== old.digest) {
      throw new ConflictException(`the ledger's digest at block ${query.tip} is ${old.digest}, not ${query.digest}: its history is not the one that digest was taken of`);
    }
    const tipProof = await this.ledger.getTipProof(newDigest.digestTipAddress);
    return {
      oldDigest: old,
      newDigest: digestOf(newDigest),
      proof: proof.map((hash) => Buffer.from(hash).toString('base64')),
      proofFile: consistencyProofFile(oldDigest, proof, { ...newDigest, tip: tipProof }),
    };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Re-hashes and checks the whole journal, its tree, documents and indexes; lists every problem' })
  @ApiOkResponse({ type: VerificationDto })
  async verify(): Promise<VerificationDto> {
    const { valid, blocksVerified, problems } = await this.ledger.verify({ all: true });
    return { valid, blocksVerified, problems: problems.map(({ code, message, sequenceNo }) => ({ code, message, sequenceNo })) };
  }
}

function digestOf(digest: LedgerDigest): DigestDto {
  return { digest: Buffer.from(digest.digest).toString('base64'), digestTipAddress: blockAddressOf(digest.digestTipAddress) };
}
