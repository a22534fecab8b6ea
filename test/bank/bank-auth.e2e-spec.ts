// The sample bank with its API keys, over HTTP: a request without a known key is answered 401 and
// a browser is asked for one; a teller runs the account commands, each block naming the teller,
// and is refused the audit endpoints and the explorer (403) with nothing written; an auditor reads
// the digest, proofs and the explorer's API but runs no command; the roles are journaled once, at
// the first start, and the ledger verifies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Ledger, runAsPrincipal } from 'nestjs-ledger';
import { createBankApp } from '../../apps/bank/src/bank-app';
import { SAMPLE_API_KEYS } from '../../apps/bank/src/config';
import { testStorage } from '../../libs/ledger/src/engine/test-storage.fixture';

const dataDir = mkdtempSync(join(tmpdir(), 'nestjs-ledger-bank-auth-'));
const location = testStorage.newLocation('bank_auth');
const config = { storage: testStorage.options(location), dataDir, port: 0, apiKeys: SAMPLE_API_KEYS };
const TELLER = { 'x-api-key': SAMPLE_API_KEYS.teller };
const AUDITOR = { 'x-api-key': SAMPLE_API_KEYS.auditor };
let app: INestApplication;
let http: ReturnType<typeof request>;
let ledger: Ledger;

beforeAll(async () => {
  app = await createBankApp(config, false);
  await app.init();
  http = request(app.getHttpServer());
  ledger = app.get(Ledger);
});

afterAll(async () => {
  await app?.close();
  await testStorage.removeAll();
  rmSync(dataDir, { recursive: true, force: true });
});

const tip = () => runAsPrincipal('bank', async () => (await ledger.getDigest()).digestTipAddress.sequenceNo);

describe('the bank with API keys', () => {
  it('answers 401 without a key or with an unknown one, asking a browser for one', async () => {
    const missing = await http.post('/accounts').send({ owner: 'Ann' }).expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Basic realm=/);
    await http.get('/audit/digest').set('x-api-key', 'guessed').expect(401);
    await http.get('/explorer/api/overview').expect(401);
  });

  it("runs a teller's commands as the teller, and refuses the teller the audit endpoints and the explorer, writing nothing", async () => {
    const opened = await http.post('/accounts').set(TELLER).send({ owner: 'Ann' }).expect(201);
    const deposit = await http.post(`/accounts/${opened.body.id}/deposits`).set(TELLER).send({ amount: '10.00' }).expect(201);
    const [block] = await runAsPrincipal('bank', () => ledger.readBlocks(deposit.body.block.sequenceNo, deposit.body.block.sequenceNo));
    expect(block.transactionInfo.principal).toBe('teller');
    await http.get(`/accounts/${opened.body.id}/history`).set(TELLER).expect(200);
    const before = await tip();
    for (const path of ['/audit/digest', '/audit/verify', `/audit/accounts/${opened.body.id}/proof?version=1`, '/explorer', '/explorer/api/overview']) {
      const refused = await http.get(path).set(TELLER).expect(403);
      expect(refused.body.message).toContain('for auditors');
    }
    expect(await tip()).toBe(before);
  });

  it("lets an auditor read digests, proofs and the explorer's API, and refuses the auditor a command (403, ACCESS_DENIED), writing nothing", async () => {
    const { body: digest } = await http.get('/audit/digest').set(AUDITOR).expect(200);
    expect(digest.digestTipAddress.sequenceNo).toBe(await tip());
    await http.get('/explorer/api/overview').set(AUDITOR).expect(200);
    await http.get('/explorer/api/overview').auth('anyone', SAMPLE_API_KEYS.auditor).expect(200); // a browser's Basic sign-in
    const before = await tip();
    const refused = await http.post('/accounts').set(AUDITOR).send({ owner: 'Eve' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining('principal "auditor" may not command on "OpenAccount"') });
    expect(await tip()).toBe(before);
    expect((await http.get('/audit/verify').set(AUDITOR).expect(200)).body.valid).toBe(true);
  });

  it('journals its roles once: a restart writes no block, and an auditor sees who may run each command', async () => {
    const before = await tip();
    await app.close();
    app = await createBankApp(config, false);
    await app.init();
    http = request(app.getHttpServer());
    ledger = app.get(Ledger);
    expect(await tip()).toBe(before);
    expect(await ledger.access.whoMay('command', 'Deposit')).toEqual(['bank', 'teller']);
    const history = await runAsPrincipal('auditor', () => ledger.query<{ principal: string; statement: string }>(
      'SELECT VALUE h.data FROM history(ledger_access_grants) AS h WHERE h.data.principal IS NOT MISSING',
    ));
    expect(history).toEqual([{ principal: 'teller', roles: ['teller'] }, { principal: 'auditor', roles: ['auditor'] }]);
  });
});
