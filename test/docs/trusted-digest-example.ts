import { generateKeyPairSync } from 'node:crypto';
import { FileCheckpointWitness, Ledger } from 'nestjs-ledger';

async function main(): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const orders = await Ledger.open({ name: 'orders', storage: { type: 'sqlite', database: 'orders.ledger' }, signingKey: privateKey });
  await orders.query('CREATE TABLE Orders');
  await orders.query("INSERT INTO Orders VALUE {'sku': 'A-1', 'qty': 3}");

  // The auditor keeps a digest and its tip where the operator cannot change them.
  const { digest, digestTipAddress } = await orders.getDigest();
  const trusted = { digest, tipSequenceNo: digestTipAddress.sequenceNo };
  // The operator publishes signed checkpoints to a witness file it cannot rewrite.
  const witness = new FileCheckpointWitness('orders.checkpoints', { publicKey, origin: orders.checkpointOrigin });
  await orders.publishCheckpoint(witness);

  await orders.query("INSERT INTO Orders VALUE {'sku': 'B-2', 'qty': 1}");
  console.log((await orders.verify({ trusted })).valid, (await orders.verify({ witness })).valid);
  await orders.close();

  // A ledger rebuilt from doctored data verifies on its own, but extends neither.
  const rebuilt = await Ledger.open({ name: 'orders', storage: { type: 'sqlite', database: 'rebuilt.ledger' } });
  await rebuilt.query('CREATE TABLE Orders');
  await rebuilt.query("INSERT INTO Orders VALUE {'sku': 'A-1', 'qty': 30}");
  await rebuilt.query("INSERT INTO Orders VALUE {'sku': 'B-2', 'qty': 1}");
  const [byDigest, byWitness] = [await rebuilt.verify({ trusted }), await rebuilt.verify({ witness })];
  console.log((await rebuilt.verify()).valid, byDigest.problems[0].code, byWitness.problems[0].code);
  await rebuilt.close();
}

void main();
