// The sample bank over HTTP (supertest), walking the README's walkthrough step by step: open,
// deposit, withdraw, transfer; the balances projection's read model agrees, also after a rebuild;
// refused overdrafts and bad input write nothing; digest, signed digest,
// a proof of an earlier version of an account that verifies offline (and a forged one that does not),
// full verification; a forged balance in the database is found and its block named; the OpenAPI
// document is served. Runs on SQLite, and on PostgreSQL in the jest `postgres` project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { fromIon, toIon, type IonStructObject, type Revision } from 'nestjs-ledger';
import { verifyProofFile, verifySignedDigest } from 'nestjs-ledger/verify';
import { createBankApp } from '../../apps/bank/src/bank-app';
import { testStorage } from '../../libs/ledger/src/engine/test-storage.fixture';
import { JOURNAL_TABLES } from '../../libs/ledger/src/storage/migrations/journal-schema.migration';

const dataDir = mkdtempSync(join(tmpdir(), 'nestjs-ledger-bank-http-'));
const location = testStorage.newLocation('bank_http');
let app: INestApplication;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  app = await createBankApp({ storage: testStorage.options(location), dataDir, port: 0 }, false);
  await app.init();
  http = request(app.getHttpServer());
});

afterAll(async () => {
  await app?.close();
  await testStorage.removeAll();
  rmSync(dataDir, { recursive: true, force: true });
});

async function digest(): Promise<{ digest: string; digestTipAddress: { strandId: string; sequenceNo: number } }> {
  return (await http.get('/audit/digest').expect(200)).body;
}

interface Balances {
  projection: { state: string; position: { sequenceNo: number; index: number }; lag: number };
  balances: Array<{ id: string; owner: string; balance: string }>;
}

/** GET /balances once the projection has handled every event up to block `tip`. */
async function balancesAt(tip: number): Promise<Balances> {
  for (;;) {
    const body: Balances = (await http.get('/balances').expect(200)).body;
    const { sequenceNo, index } = body.projection.position;
    if ((index > 0 ? sequenceNo : sequenceNo - 1) >= tip) return body;
    expect(body.projection.state).not.toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `work` and checks that nothing was committed meanwhile (same digest, same tip). */
async function writesNothing(work: () => Promise<unknown>): Promise<void> {
  const before = await digest();
  await work();
  expect(await digest()).toEqual(before);
}

describe('the sample bank over HTTP', () => {
  let ann: string;
  let bob: string;
  let depositBlock: number;
  let digestAfterDeposit: Awaited<ReturnType<typeof digest>>;

  it('opens an account, deposits, withdraws and transfers, each command one block', async () => {
    const start = (await digest()).digestTipAddress.sequenceNo;
    const opened = await http.post('/accounts').send({ owner: 'Ann' }).expect(201);
    ann = opened.body.id;
    expect(opened.body).toEqual({ id: ann, owner: 'Ann', balance: '0.00', version: 0, block: { strandId: expect.any(String), sequenceNo: start + 1 } });
    expect(ann).toMatch(/^[0-9A-Za-z]{22}$/);

    const deposit = await http.post(`/accounts/${ann}/deposits`).send({ amount: '100' }).expect(201);
    expect(deposit.body).toMatchObject({ id: ann, owner: 'Ann', balance: '100.00', version: 1, block: { sequenceNo: start + 2 } });
    depositBlock = deposit.body.block.sequenceNo;
    digestAfterDeposit = await digest();

    const withdrawal = await http.post(`/accounts/${ann}/withdrawals`).send({ amount: '25.5' }).expect(201);
    expect(withdrawal.body).toMatchObject({ balance: '74.50', version: 2, block: { sequenceNo: start + 3 } });

    bob = (await http.post('/accounts').send({ owner: 'Bob' }).expect(201)).body.id;
    const transfer = await http.post('/transfers').send({ from: ann, to: bob, amount: '30.25' }).expect(201);
    expect(transfer.body).toEqual({
      from: { id: ann, owner: 'Ann', balance: '44.25', version: 3 },
      to: { id: bob, owner: 'Bob', balance: '30.25', version: 1 },
      block: { strandId: opened.body.block.strandId, sequenceNo: start + 5 },
    });
    expect((await digest()).digestTipAddress.sequenceNo).toBe(start + 5);
  });

  it('reads accounts and their history through PartiQL', async () => {
    expect((await http.get('/accounts').expect(200)).body).toEqual([
      { id: ann, owner: 'Ann', balance: '44.25', version: 3 },
      { id: bob, owner: 'Bob', balance: '30.25', version: 1 },
    ]);
    expect((await http.get('/accounts?limit=1&offset=1').expect(200)).body).toEqual([{ id: bob, owner: 'Bob', balance: '30.25', version: 1 }]);
    expect((await http.get(`/accounts/${bob}`).expect(200)).body).toEqual({ id: bob, owner: 'Bob', balance: '30.25', version: 1 });
    const history = (await http.get(`/accounts/${ann}/history`).expect(200)).body;
    expect(history.map((r: { version: number; balance: string }) => [r.version, r.balance])).toEqual([
      [0, '0.00'],
      [1, '100.00'],
      [2, '74.50'],
      [3, '44.25'],
    ]);
    expect(history[1]).toMatchObject({ blockAddress: { sequenceNo: depositBlock }, txId: expect.any(String), txTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(Buffer.from(history[1].hash, 'base64')).toHaveLength(32);
    const bobsHistory = (await http.get(`/accounts/${bob}/history`).expect(200)).body;
    expect(bobsHistory[1].blockAddress).toEqual(history[3].blockAddress); // the transfer: one block for both
  });

  it('keeps a balances read model through its projection, the same after a rebuild from the journal', async () => {
    const { sequenceNo: tip } = (await digest()).digestTipAddress;
    const expected = [
      { id: ann, owner: 'Ann', balance: '44.25' },
      { id: bob, owner: 'Bob', balance: '30.25' },
    ];
    const caughtUp = await balancesAt(tip);
    expect(caughtUp.balances).toEqual(expected);
    expect(caughtUp.projection).toMatchObject({ name: 'balances', lag: 0 });
    expect((await http.get(`/balances/${bob}`).expect(200)).body).toEqual(expected[1]);
    expect((await http.get('/balances?limit=1&offset=1').expect(200)).body.balances).toEqual([expected[1]]);
    await http.get('/balances/0000000000000000000000').expect(404);

    const rebuilt = await http.post('/balances/rebuild').expect(202);
    expect(rebuilt.body.name).toBe('balances');
    expect((await balancesAt(tip)).balances).toEqual(expected);
    expect((await http.get('/balances/status').expect(200)).body).toMatchObject({ name: 'balances', state: expect.stringMatching(/running|caught-up/) });
  });

  it('refuses an overdraft with 422 and writes nothing', async () => {
    await writesNothing(async () => {
      const withdrawal = await http.post(`/accounts/${ann}/withdrawals`).send({ amount: '44.26' }).expect(422);
      expect(withdrawal.body).toEqual({ statusCode: 422, code: 'INSUFFICIENT_FUNDS', message: `account ${ann} holds 44.25, less than the 44.26 asked for` });
      const transfer = await http.post('/transfers').send({ from: bob, to: ann, amount: '30.26' }).expect(422);
      expect(transfer.body.code).toBe('INSUFFICIENT_FUNDS');
    });
    expect((await http.get(`/accounts/${bob}`).expect(200)).body.balance).toBe('30.25');
  });

  it('refuses bad input with 400 and unknown accounts with 404, writing nothing', async () => {
    await writesNothing(async () => {
      for (const amount of ['-5', 'abc', '1.234', '1e3', '', 5, 0.1, null]) {
        const response = await http.post(`/accounts/${ann}/deposits`).send({ amount }).expect(400);
        expect(response.body).toEqual({ statusCode: 400, code: 'INVALID_REQUEST', message: 'amount must be a decimal string with at most two fractional digits, such as "25.50"' });
      }
      const zero = await http.post(`/accounts/${ann}/withdrawals`).send({ amount: '0.00' }).expect(400);
      expect(zero.body).toMatchObject({ code: 'INVALID_COMMAND', message: expect.stringContaining('amount must be a positive decimal') });
      expect((await http.post(`/accounts/${ann}/deposits`).send({ amount: '1', extra: true }).expect(400)).body.message).toBe('property extra should not exist');
      expect((await http.post('/accounts').send({ owner: '' }).expect(400)).body.message).toBe('owner should not be empty');
      expect((await http.post('/accounts').send({}).expect(400)).body.code).toBe('INVALID_REQUEST');
      await http.post(`/accounts/${ann}/deposits`).set('content-type', 'application/json').send('{"amount":').expect(400);
      expect((await http.post('/transfers').send({ from: ann, to: ann, amount: '1' }).expect(400)).body.message).toMatch(/cannot transfer to itself/);

      const unknown = '0000000000000000000000';
      expect((await http.post(`/accounts/${unknown}/deposits`).send({ amount: '1' }).expect(404)).body).toEqual({
        statusCode: 404,
        code: 'AGGREGATE_NOT_FOUND',
        message: `Account "${unknown}" not found: no Account has that id`,
      });
      expect((await http.post('/transfers').send({ from: ann, to: unknown, amount: '1' }).expect(404)).body.code).toBe('AGGREGATE_NOT_FOUND');
      await http.get(`/accounts/${unknown}`).expect(404);
      await http.get(`/accounts/${unknown}/history`).expect(404);
      expect((await http.get('/accounts?limit=0').expect(400)).body.code).toBe('INVALID_REQUEST');
    });
  });

  it('hands out the digest, signed with the key whose public half it serves', async () => {
    const current = await digest();
    expect(Buffer.from(current.digest, 'base64')).toHaveLength(32);
    const signed = (await http.get('/audit/signed-digest').expect(200)).body;
    const publicKey = await http.get('/audit/public-key').expect(200).expect('content-type', /application\/x-pem-file/);
    const checkpoint = verifySignedDigest(signed.note, publicKey.text);
    expect(Buffer.from(checkpoint.digest).toString('base64')).toBe(current.digest);
    expect(checkpoint.treeSize).toBe(current.digestTipAddress.sequenceNo + 1);
    expect(checkpoint.origin).toBe(`bank/${current.digestTipAddress.strandId}`);
  });

  it('proves an earlier version of an account to the digest, offline, as a proof file', async () => {
    const current = await digest();
    const proof = await http.get(`/audit/accounts/${ann}/proof?version=1`).expect(200).expect('content-type', /^application\/ion/);
    const trusted = Buffer.from(current.digest, 'base64');
    const result = verifyProofFile(proof.text, { digest: trusted });
    expect(result).toMatchObject({ valid: true, problems: [], file: { kind: 'revision', digestTipAddress: current.digestTipAddress } });
    expect(result.verified.tipSequenceNo).toBe(current.digestTipAddress.sequenceNo);
    const file = result.file as { block: { revisions: Revision[] }; revisionIndex: number };
    const revision = file.block.revisions[file.revisionIndex];
    expect([revision.metadata!.id, revision.metadata!.version, String((revision.data as IonStructObject).balance)]).toEqual([ann, 1, '100.00']);
    expect(revision.blockAddress!.sequenceNo).toBe(depositBlock);

    const publicKey = (await http.get('/audit/public-key').expect(200)).text;
    expect(verifyProofFile(proof.text, { publicKey })).toMatchObject({ valid: true, checkpoint: { treeSize: current.digestTipAddress.sequenceNo + 1 } });
    expect(verifyProofFile(proof.text.replace('100.00', '900.00'), { digest: trusted }).problems.map((p) => p.code)).toEqual(['REVISION_HASH_MISMATCH']);
    expect(verifyProofFile(proof.text, { digest: Buffer.from(digestAfterDeposit.digest, 'base64') }).problems.map((p) => p.code)).toEqual(['DIGEST_MISMATCH']);

    const older = await http.get(`/audit/accounts/${ann}/proof?version=1&tip=${depositBlock}`).expect(200);
    expect(verifyProofFile(older.text, { digest: Buffer.from(digestAfterDeposit.digest, 'base64') })).toMatchObject({
      valid: true,
      file: { digestTipAddress: digestAfterDeposit.digestTipAddress },
    });
  });

  it('refuses a proof of a version, an account or a tip that does not exist', async () => {
    expect((await http.get(`/audit/accounts/${ann}/proof?version=9`).expect(404)).body).toEqual({ statusCode: 404, code: 'VERSION_NOT_FOUND', message: `account ${ann} has no version 9` });
    expect((await http.get('/audit/accounts/0000000000000000000000/proof?version=0').expect(404)).body.code).toBe('AGGREGATE_NOT_FOUND');
    for (const query of ['', '?version=-1', '?version=one', '?version=1&tip=x']) {
      expect((await http.get(`/audit/accounts/${ann}/proof${query}`).expect(400)).body.code).toBe('INVALID_REQUEST');
    }
    const early = await http.get(`/audit/accounts/${ann}/proof?version=1&tip=${depositBlock - 1}`).expect(400);
    expect(early.body).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`${depositBlock} is outside the journal`) });
    await http.get(`/audit/accounts/${ann}/proof?version=1&tip=100000`).expect(400);
  });

  it('verifies the whole ledger, and names the block of a balance forged in the database', async () => {
    expect((await http.get('/audit/verify').expect(200)).body).toEqual({ valid: true, blocksVerified: expect.any(Number), problems: [] });
    const sql = await testStorage.raw(location);
    for (const table of JOURNAL_TABLES) await sql.allowChanges(table);
    const [row] = await sql.query<{ data: Uint8Array }>('SELECT data FROM journal_revision WHERE sequence_no = ? AND document_id = ?', [depositBlock, ann]);
    const forged = { ...(fromIon(row.data) as IonStructObject), balance: fromIon('1000000.00') };
    await sql.query('UPDATE journal_revision SET data = ? WHERE sequence_no = ? AND document_id = ?', [Buffer.from(toIon(forged, 'binary')), depositBlock, ann]);
    await sql.close();
    const verification = (await http.get('/audit/verify').expect(200)).body;
    expect(verification.valid).toBe(false);
    expect(verification.problems[0]).toMatchObject({ code: 'REVISION_HASH_MISMATCH', sequenceNo: depositBlock });
  });

  it('serves the OpenAPI document at /docs-json and Swagger UI at /docs', async () => {
    const openapi = (await http.get('/docs-json').expect(200)).body;
    expect(Object.keys(openapi.paths).sort()).toEqual(
      expect.arrayContaining(['/accounts', '/accounts/{id}', '/accounts/{id}/deposits', '/accounts/{id}/withdrawals', '/accounts/{id}/history', '/transfers', '/audit/digest', '/audit/signed-digest', '/audit/public-key', '/audit/accounts/{id}/proof', '/audit/verify', '/balances', '/balances/{id}', '/balances/rebuild']),
    );
    expect(openapi.components.schemas.AmountDto.properties.amount).toMatchObject({ type: 'string', example: '25.00' });
    expect((await http.get('/docs').expect(200)).text).toContain('swagger-ui');
  });
});
