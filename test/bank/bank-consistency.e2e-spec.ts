// GET /audit/consistency: a client that kept an old digest gets the proof that the current digest
// extends it, and checks it with the library's verifyConsistency against the digest it kept; a
// kept digest the ledger's history does not have is answered 409, a tip beyond the ledger 400.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { verifyConsistency, verifyProofFile } from 'nestjs-ledger/verify';
import { createBankApp } from '../../apps/bank/src/bank-app';
import { testStorage } from '../../libs/ledger/src/engine/test-storage.fixture';

const dataDir = mkdtempSync(join(tmpdir(), 'nestjs-ledger-bank-consistency-'));
const location = testStorage.newLocation('bank_consistency');
let app: INestApplication;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  app = await createBankApp({ storage: testStorage.options(location), dataDir, port: 0 }, false);
  await app.listen(0, '127.0.0.1');
  http = request(await app.getUrl());
});

afterAll(async () => {
  await app?.close();
  await testStorage.removeAll();
  rmSync(dataDir, { recursive: true, force: true });
});

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

describe('GET /audit/consistency', () => {
  it("proves the current digest extends a digest kept earlier, checked with verifyConsistency", async () => {
    const ann = (await http.post('/accounts').send({ owner: 'Ann' }).expect(201)).body.id;
    const kept = (await http.get('/audit/digest').expect(200)).body;
    for (const amount of ['10', '20', '30']) await http.post(`/accounts/${ann}/deposits`).send({ amount }).expect(201);
    const tip = kept.digestTipAddress.sequenceNo;
    const { body } = await http.get('/audit/consistency').query({ tip, digest: kept.digest }).expect(200);
    expect(body.oldDigest).toEqual(kept);
    const newTip = body.newDigest.digestTipAddress.sequenceNo;
    expect(newTip).toBeGreaterThan(tip);
    const proof = (body.proof as string[]).map(bytes);
    expect(verifyConsistency(bytes(kept.digest), tip + 1, bytes(body.newDigest.digest), newTip + 1, proof)).toBe(true);
    const other = Buffer.alloc(32, 3).toString('base64');
    expect(verifyConsistency(bytes(other), tip + 1, bytes(body.newDigest.digest), newTip + 1, proof)).toBe(false);
    const file = verifyProofFile(body.proofFile, { digest: bytes(kept.digest), tipSequenceNo: tip });
    expect([file.valid, file.verified.tipSequenceNo]).toEqual([true, newTip]);
    expect(verifyProofFile(body.proofFile, { digest: bytes(other), tipSequenceNo: tip }).problems[0].code).toBe('DIGEST_MISMATCH');
  });

  it('answers 409 for a kept digest the history does not have, and 400 for a tip beyond the ledger', async () => {
    const { digestTipAddress } = (await http.get('/audit/digest').expect(200)).body;
    const other = Buffer.alloc(32, 3).toString('base64');
    const conflict = await http.get('/audit/consistency').query({ tip: 0, digest: other }).expect(409);
    expect(conflict.body.message).toContain(`not ${other}: its history is not the one that digest was taken of`);
    await http.get('/audit/consistency').query({ tip: digestTipAddress.sequenceNo + 5 }).expect(400);
    await http.get('/audit/consistency').query({ tip: 'x' }).expect(400);
  });
});
