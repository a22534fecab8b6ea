// A NestJS 11 application (CommonJS) using nestjs-ledger as an installed package: the ledger module
// on the SQLite file named by the first argument, a service that records a payment through the
// injected ledger and hands out a proof file of it, checked with nestjs-ledger/verify; prints a
// JSON report.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ledger, revisionProofFile } from 'nestjs-ledger';
import { InjectLedger, LedgerModule } from 'nestjs-ledger/nest';
import { verifyProofFile } from 'nestjs-ledger/verify';

@Injectable()
class Payments {
  constructor(@InjectLedger() private readonly ledger: Ledger) {}

  /** Records a payment and returns its proof file and the digest it is bound to. */
  async record(amount: number): Promise<{ file: string; digest: Uint8Array }> {
    await this.ledger.query('CREATE TABLE Payment');
    const [{ documentId }] = (await this.ledger.query('INSERT INTO Payment ?', { amount })) as Array<{ documentId: string }>;
    const [{ blockAddress }] = (await this.ledger.query('SELECT h.blockAddress FROM history(Payment) AS h WHERE h.metadata.id = ?', documentId)) as Array<{
      blockAddress: { strandId: string; sequenceNo: number };
    }>;
    const digest = { ...(await this.ledger.getDigest()), tip: await this.ledger.getTipProof() };
    return { file: revisionProofFile(await this.ledger.getBlock(blockAddress), documentId, digest), digest: digest.digest };
  }

  /** Whether every stored block, revision and tree node re-hashes to what the journal says. */
  async journalValid(): Promise<boolean> {
    return (await this.ledger.verify()).valid;
  }
}

@Module({
  imports: [LedgerModule.forRoot({ name: 'nest11', storage: { type: 'sqlite', database: process.argv[2] } })],
  providers: [Payments],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const payments = app.get(Payments);
  const { file, digest } = await payments.record(120);
  const report = {
    moduleSystem: typeof require === 'function' ? 'commonjs' : 'esm',
    nestCore: require('@nestjs/core/package.json').version,
    proofValid: verifyProofFile(file, { digest }).valid,
    ledgerValid: await payments.journalValid(),
  };
  await app.close();
  console.log(JSON.stringify(report));
}

main();
