// The journal explorer in a real headless Chromium, on a real Nest application over a SQLite
// ledger: the overview shows the digest and a chart of blocks over time counted from the journal, the
// blocks page leads to a block, a revision's proof file
// fetched from the explorer verifies in the browser against a digest taken from the ledger (green),
// a tampered copy and a negative proof vector are refused with the failing step named (red), a
// verification still succeeds once the server is stopped, and the PartiQL console refuses a write.
// The offline verifier page verifies a saved proof file from file://. Screenshots of each page
// go to a temporary directory (printed).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Module, type CanActivate, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Page } from 'playwright-core';
import { fromIon, Ledger, revisionProofFile, toIon } from 'nestjs-ledger';
import { encodeBase64 } from 'nestjs-ledger/verify';
import { LedgerExplorerModule, LedgerModule } from 'nestjs-ledger/nest';
import { launchChromium } from '../support/chromium';
import { runExample } from '../support/readme-example';
import { createBankApp } from '../../apps/bank/src/bank-app';
import { SAMPLE_API_KEYS } from '../../apps/bank/src/config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildExplorer } = require('../../scripts/build-explorer.js') as { buildExplorer(out: string): Promise<string[]> };

const VECTORS = join(__dirname, '../vectors/proofs');
const work = mkdtempSync(join(tmpdir(), 'nestjs-ledger-explorer-'));
const assetsDir = join(work, 'assets');
/** Screenshots of each page: EXPLORER_SCREENSHOTS, or a temporary directory kept after the run. */
const screenshots = process.env.EXPLORER_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'nestjs-ledger-explorer-screenshots-'));
const keys = generateKeyPairSync('ed25519');
const pem = (key: KeyObject) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }) as string;

let app: INestApplication;
let ledger: Ledger;
let url: string;
let page: Page;
let closeBrowser: () => Promise<void>;
let ana: string;
/** A digest an auditor kept after Ana's account was opened, before the other writes. */
let kept: { digest: string; tip: number };

/** A Nest application with the ledger and the explorer at /explorer (plus `guards`), listening on a free port. */
async function explorerApp(database: string, guards: CanActivate[] = []): Promise<INestApplication> {
  @Module({
    imports: [
      LedgerModule.forRoot({ name: 'explorer', storage: { type: 'sqlite', database }, signingKey: pem(keys.privateKey) }),
      LedgerExplorerModule.register({ path: '/explorer', assetsDir, publicKey: pem(keys.publicKey), guards }),
    ],
  })
  class ExplorerAppModule {}
  const created = await NestFactory.create(ExplorerAppModule, { logger: false });
  await created.listen(0, '127.0.0.1');
  return created;
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** The verdict the verify form shows: valid or refused, its summary, and each step's state and codes. */
async function verdict(): Promise<{ verdict: string; summary: string; steps: Array<[string, string, string]> }> {
  const section = page.locator('#verdict[data-verdict]');
  await section.waitFor();
  return {
    verdict: (await section.getAttribute('data-verdict'))!,
    summary: (await section.locator('h2').innerText()).trim(),
    steps: await section.locator('li.step').evaluateAll((items) => items.map((li) => [li.querySelector('strong')!.textContent!, li.getAttribute('data-state')!, li.getAttribute('data-codes')!] as [string, string, string])),
  };
}

/** The proof file textarea filled, the trusted digest typed, and Verify pressed from the keyboard. */
async function verifyInPage(proofFile: string | undefined, digest: string): Promise<void> {
  if (proofFile !== undefined) await page.getByLabel('Proof file (Ion text)').fill(proofFile);
  await page.getByLabel('Trusted digest (base64)').fill(digest);
  await page.evaluate(() => document.getElementById('verdict')?.removeAttribute('data-verdict'));
  await page.getByLabel('Trusted digest (base64)').press('Enter');
}

/** Texts of the page whose colour against their background has a contrast ratio below 7:1 (WCAG's AAA). */
function lowContrastTexts(): Promise<string[]> {
  return page.evaluate(() => {
    const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const background = (element: Element | null): number[] => {
      for (let e = element; e !== null; e = e.parentElement) {
        const rgba = channels(getComputedStyle(e).backgroundColor);
        if (rgba.length === 3 || rgba[3] > 0) return rgba;
      }
      return [255, 255, 255];
    };
    const low: string[] = [];
    document.querySelectorAll('body *').forEach((element) => {
      const text = Array.from(element.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (text.length === 0 || (element as HTMLElement).offsetParent === null) return;
      const [fg, bg] = [luminance(channels(getComputedStyle(element).color)), luminance(background(element))];
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 7) low.push(`${element.tagName} ${ratio.toFixed(2)}: ${element.textContent!.trim().slice(0, 40)}`);
    });
    return low;
  });
}

beforeAll(async () => {
  await buildExplorer(assetsDir);
  app = await explorerApp(join(work, 'explorer.ledger'));
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  ledger = app.get(Ledger);
  await ledger.query('CREATE TABLE Account');
  [{ documentId: ana }] = (await ledger.query("INSERT INTO Account VALUE {'owner': 'Ana', 'balance': 100}")) as Array<{ documentId: string }>;
  const early = await ledger.getDigest();
  kept = { digest: encodeBase64(early.digest), tip: early.digestTipAddress.sequenceNo };
  for (const owner of ['Bo', 'Cy', 'Di']) await ledger.query('INSERT INTO Account ?', { owner, balance: 5 });
  await ledger.query("UPDATE Account AS a SET a.balance = 250 WHERE a.owner = 'Ana'");
  const chromium = await launchChromium();
  closeBrowser = chromium.close;
  page = await chromium.context.newPage();
  process.stdout.write(`explorer screenshots: ${screenshots}\n`);
});

afterAll(async () => {
  await closeBrowser?.();
  await app?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The block that committed Ana's revision `version`. */
async function blockOf(version: number): Promise<number> {
  const rows = (await ledger.query('SELECT h.blockAddress.sequenceNo AS n FROM history(Account) AS h WHERE h.metadata.id = ? AND h.metadata.version = ?', ana, version)) as Array<{ n: number }>;
  return rows[0].n;
}

describe('the journal explorer', () => {
  it('shows the ledger with its digest and signed digest', async () => {
    await page.goto(`${url}/explorer`);
    const digest = encodeBase64((await ledger.getDigest()).digest);
    await expect(page.locator('#current-digest').innerText()).resolves.toBe(digest);
    await expect(page.locator('#signed-digest').innerText()).resolves.toContain(`${ledger.checkpointOrigin}\n`);
    expect(new URL(page.url()).pathname).toBe('/explorer/');
    const shell = await fetch(`${url}/explorer`);
    expect(shell.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
    await shoot('ledger');
  });

  it('charts the blocks committed over time, from the journal, with the same counts as a table', async () => {
    const chart = page.getByRole('img', { name: 'Blocks committed per period' });
    await chart.waitFor();
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const activity = (await (await fetch(`${url}/explorer/api/activity?periods=24`)).json()) as { periods: Array<{ start: string; end: string; blocks: number }> };
    const times = (await ledger.readBlocks(0, tip, { revisions: false })).map((block) => (block.blockTimestamp as Date).getTime());
    const counted = activity.periods.map((p) => times.filter((time) => time >= Date.parse(p.start) && time < Date.parse(p.end)).length);
    const bars = await chart.locator('rect.bar').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('data-blocks'))));
    expect(bars).toEqual(counted);
    expect(bars.reduce((sum, n) => sum + n, 0)).toBe(tip + 1);
    await expect(chart.locator('rect.bar title').first().textContent()).resolves.toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC to .*: \d+ blocks?$/);
    await expect(page.locator('#activity-caption').innerText()).resolves.toMatch(new RegExp(`^${tip + 1} blocks from .* in 24 periods of `));
    await page.getByText('The same numbers as a table').click();
    const rows = await page.getByRole('table', { name: 'Blocks committed per period' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.children[2].textContent)));
    expect(rows).toEqual(counted);
    expect(await lowContrastTexts()).toEqual([]);
    const refused = await fetch(`${url}/explorer/api/activity?periods=0`);
    expect([refused.status, ((await refused.json()) as { message: string }).message]).toEqual([400, 'the number of periods must be 1 to 60, not 0']);
  });

  it('pages through blocks and opens one, with the documents it changed', async () => {
    await page.getByRole('link', { name: 'Blocks', exact: true }).click();
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    await page.getByRole('table', { name: 'Blocks, newest first' }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(Math.min(20, tip + 1));
    await shoot('blocks');
    const block = await blockOf(1);
    await page.getByRole('link', { name: String(block), exact: true }).first().click();
    await page.getByRole('heading', { name: `Block ${block}` }).waitFor();
    await expect(page.getByRole('table', { name: 'Documents the block changed' }).innerText()).resolves.toContain(ana);
    await expect(page.locator('main pre.json').innerText()).resolves.toContain('"balance": 250');
    await shoot('block');
  });

  it("shows a document's history, each revision with its block", async () => {
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('table', { name: 'Revisions, oldest first' }).waitFor();
    const rows = await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent, tr.children[3].textContent]));
    expect(rows).toEqual([
      ['0', String(await blockOf(0)), 'created'],
      ['1', String(await blockOf(1)), 'balance: 100 → 250'],
    ]);
    await shoot('history');
  });

  it('serves blocks a page at a time, newest first, and refuses a count that is not one', async () => {
    const api = (path: string) => fetch(`${url}/explorer/api/${path}`);
    const page = (await (await api('blocks?last=3&limit=2')).json()) as { blocks: Array<{ sequenceNo: number }>; next: number };
    expect([page.blocks.map((b) => b.sequenceNo), page.next]).toEqual([[3, 2], 1]);
    const refused = await api('blocks?limit=-1');
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([400, 'INVALID_ARGUMENT']);
    const beyond = await api('blocks/999999');
    expect([beyond.status, ((await beyond.json()) as { message: string }).message]).toEqual([400, expect.stringContaining('999999 is outside the journal')]);
  });

  it("verifies a revision's proof file in the browser against the ledger's digest, each step passed", async () => {
    await page.getByRole('link', { name: 'Verify version 1' }).click();
    await page.getByRole('button', { name: 'Fetch its proof file' }).click();
    await page.locator('#fetch-status', { hasText: 'Proof file fetched' }).waitFor();
    const trusted = encodeBase64((await ledger.getDigest()).digest);
    await verifyInPage(undefined, trusted);
    const result = await verdict();
    expect(result.verdict).toBe('valid');
    expect(result.summary).toBe(`✔ Verified: the revision in block ${await blockOf(1)} is proven to your digest`);
    expect(result.steps.map(([title, state]) => [title, state])).toEqual([
      ['✔ Passed: Read the proof file', 'passed'],
      ['✔ Passed: Read what you trust', 'passed'],
      ['✔ Passed: The entry is in the block', 'passed'],
      ['✔ Passed: The block is intact and bound to its address', 'passed'],
      ['✔ Passed: The block is in the ledger tree of the digest', 'passed'],
      ["✔ Passed: The digest's tip", 'passed'],
      ['✔ Passed: The digest is the one you trust', 'passed'],
    ]);
    await shoot('verify-valid');
  });

  it('refuses a tampered proof file, naming the step and the code', async () => {
    const genuine = await page.getByLabel('Proof file (Ion text)').inputValue();
    expect(genuine).toContain('owner:"Ana"');
    await verifyInPage(genuine.replace('owner:"Ana"', 'owner:"Eve"'), encodeBase64((await ledger.getDigest()).digest));
    const result = await verdict();
    expect(result.verdict).toBe('refused');
    expect(result.summary).toMatch(/^✘ Refused at “The entry is in the block”: REVISION_HASH_MISMATCH: /);
    expect(result.steps.find(([, state]) => state === 'failed')).toEqual(['✘ Failed: The entry is in the block', 'failed', 'REVISION_HASH_MISMATCH']);
    await shoot('verify-refused');
  });

  it('refuses a negative proof vector whose inclusion proof was altered', async () => {
    const vector = (JSON.parse(readFileSync(join(VECTORS, 'cases.json'), 'utf8')) as Array<{ name: string; file: string; trust: { digest: string } }>).find((c) => c.name === 'proof-element-flipped')!;
    await verifyInPage(readFileSync(join(VECTORS, vector.file), 'utf8'), vector.trust.digest);
    const result = await verdict();
    expect(result.verdict).toBe('refused');
    expect(result.summary).toMatch(/^✘ Refused at “The block is in the ledger tree of the digest”: BLOCK_NOT_IN_TREE: /);
  });

  it("verifies the revision's signed digest with the ledger's public key alone, and refuses another origin", async () => {
    await page.getByLabel('Trusted digest (base64)').fill('');
    await page.getByText('Trust a signed digest instead').click();
    await page.getByLabel("The ledger's public key (PEM or verifier key)").fill(pem(keys.publicKey));
    await page.getByLabel('Expected origin (optional)').fill(ledger.checkpointOrigin);
    await page.getByRole('button', { name: 'Fetch its proof file' }).click();
    await page.locator('#fetch-status', { hasText: 'Proof file fetched' }).waitFor();
    await verifyInPage(undefined, '');
    const signed = await verdict();
    expect([signed.verdict, signed.steps.at(-1)]).toEqual(['valid', ['✔ Passed: The digest is the one you trust', 'passed', '']]);
    await expect(page.locator('#verdict li').last().innerText()).resolves.toContain(`signed by your key for ${ledger.checkpointOrigin}`);
    await page.getByLabel('Expected origin (optional)').fill('another-bank/ledger');
    await verifyInPage(undefined, '');
    await expect(verdict()).resolves.toMatchObject({ verdict: 'refused', summary: expect.stringMatching(/^✘ Refused at “The digest is the one you trust”: ORIGIN_MISMATCH: /) });
    await page.getByLabel("The ledger's public key (PEM or verifier key)").fill('');
    await page.getByLabel('Expected origin (optional)').fill('');
  });

  it('proves that the ledger only grew since a digest the auditor kept, and refuses a digest it never had', async () => {
    await page.goto(`${url}/explorer/#/verify?kind=consistency&block=${kept.tip}`);
    await page.getByRole('button', { name: 'Fetch its proof file' }).click();
    await page.locator('#fetch-status', { hasText: 'Proof file fetched' }).waitFor();
    await page.getByLabel('Its tip block (optional)').fill(String(kept.tip));
    await verifyInPage(undefined, kept.digest);
    const grown = await verdict();
    expect(grown.verdict).toBe('valid');
    expect(grown.steps.map(([title]) => title)).toContain('✔ Passed: The newer digest extends the older one');
    await verifyInPage(undefined, encodeBase64((await ledger.getDigest()).digest));
    await expect(verdict()).resolves.toMatchObject({ verdict: 'refused', summary: expect.stringMatching(/^✘ Refused at “The digest is the one you trust”: DIGEST_MISMATCH: /) });
  });

  it('labels every control, works from the keyboard, and keeps text contrast at 7:1 or more', async () => {
    await page.goto(`${url}/explorer/#/verify?kind=block`);
    await page.getByLabel('Block number').waitFor();
    const unlabelled = await page.locator('input, select, textarea').evaluateAll((controls) => controls.filter((c) => ((c as HTMLInputElement).labels?.length ?? 0) === 0).map((c) => c.outerHTML));
    expect(unlabelled).toEqual([]);
    await page.getByLabel('Block number').focus();
    await page.keyboard.type(String(await blockOf(0)));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Fetch its proof file');
    await page.keyboard.press('Enter');
    await page.locator('#fetch-status', { hasText: 'Proof file fetched' }).waitFor();
    await page.getByLabel('Trusted digest (base64)').focus();
    await page.keyboard.type(encodeBase64((await ledger.getDigest()).digest));
    await page.keyboard.press('Enter');
    await expect(verdict()).resolves.toMatchObject({ verdict: 'valid' });
    await expect(page.evaluate(() => document.activeElement?.closest('#verdict') !== null)).resolves.toBe(true);
    expect(await lowContrastTexts()).toEqual([]);
  });

  it('shows blocks as they are committed on the live tail', async () => {
    await page.getByRole('link', { name: 'Live', exact: true }).click();
    await page.locator('#live-status', { hasText: 'Waiting for new blocks' }).waitFor();
    await ledger.query('INSERT INTO Account ?', { owner: 'Ed', balance: 1 });
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    await expect(page.locator('#live-blocks li').first().innerText()).resolves.toMatch(new RegExp(`^Block ${tip} at .*: 1 revision\\(s\\), 0 event\\(s\\); INSERT INTO Account \\?$`));
    await shoot('live');
  });

  it('refuses a write statement in the console, and runs a query', async () => {
    await page.getByRole('link', { name: 'Query', exact: true }).click();
    await page.getByLabel('PartiQL query').fill("DELETE FROM Account AS a WHERE a.owner = 'Ana'");
    await page.getByRole('button', { name: 'Run' }).click();
    const alert = page.getByRole('alert');
    await expect(alert.getAttribute('data-code')).resolves.toBe('READ_ONLY_STATEMENT');
    await expect(alert.innerText()).resolves.toContain('this statement is DELETE');
    await shoot('query-refused');
    await page.getByLabel('PartiQL query').fill("SELECT a.balance FROM Account AS a WHERE a.owner = 'Ana'");
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.locator('#query-result pre').innerText()).resolves.toContain('"balance": 250');
    expect(await ledger.query("SELECT * FROM Account AS a WHERE a.owner = 'Ana'")).toHaveLength(1);
  });

  it('verifies in the browser with the server stopped after the page loaded', async () => {
    const block = await blockOf(0);
    await page.goto(`${url}/explorer/#/verify?kind=block&block=${block}`);
    await page.getByRole('button', { name: 'Fetch its proof file' }).click();
    await page.locator('#fetch-status', { hasText: 'Proof file fetched' }).waitFor();
    const trusted = encodeBase64((await ledger.getDigest()).digest);
    await app.close();
    await expect(fetch(`${url}/explorer/api/overview`)).rejects.toThrow();
    await verifyInPage(undefined, trusted);
    const result = await verdict();
    expect(result.verdict).toBe('valid');
    expect(result.summary).toBe(`✔ Verified: the block in block ${block} is proven to your digest`);
  });
});

describe("the sample bank's explorer", () => {
  let bank: INestApplication;
  let bankUrl: string;

  beforeAll(async () => {
    const dataDir = join(work, 'bank');
    bank = await createBankApp({ storage: { type: 'sqlite', database: join(dataDir, 'bank.ledger') }, dataDir, port: 0, explorerAssetsDir: assetsDir, apiKeys: SAMPLE_API_KEYS }, false);
    await bank.listen(0, '127.0.0.1');
    bankUrl = (await bank.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await page.setExtraHTTPHeaders({});
    await bank?.close();
  });

  it("verifies an account's revision from the newest block against the bank's digest, signed in with the auditor's key, and keeps /explorer out of the OpenAPI document", async () => {
    const post = (path: string, body: object) => fetch(`${bankUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': SAMPLE_API_KEYS.teller }, body: JSON.stringify(body) });
    const { id } = (await (await post('/accounts', { owner: 'Ann' })).json()) as { id: string };
    expect((await post(`/accounts/${id}/deposits`, { amount: '100.00' })).status).toBe(201);
    await page.setExtraHTTPHeaders({ 'x-api-key': SAMPLE_API_KEYS.teller });
    expect((await page.goto(`${bankUrl}/explorer`))?.status()).toBe(403);
    await page.setExtraHTTPHeaders({ 'x-api-key': SAMPLE_API_KEYS.auditor });
    await page.goto(`${bankUrl}/explorer`);
    await page.getByRole('link', { name: 'Blocks', exact: true }).click();
    await page.getByRole('table', { name: 'Blocks, newest first' }).locator('tbody tr a').first().click();
    await page.getByRole('link', { name: 'Verify this revision' }).first().click();
    await page.getByRole('button', { name: 'Fetch its proof file' }).click();
    await page.locator('#fetch-status', { hasText: 'Proof file fetched' }).waitFor();
    const { digest } = (await (await fetch(`${bankUrl}/audit/digest`, { headers: { 'x-api-key': SAMPLE_API_KEYS.auditor } })).json()) as { digest: string };
    await verifyInPage(undefined, digest);
    await expect(verdict()).resolves.toMatchObject({ verdict: 'valid' });
    await expect(page.getByLabel('Proof file (Ion text)').inputValue()).resolves.toContain(id);
    await shoot('bank-verify');
    const openapi = (await (await fetch(`${bankUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths).filter((path) => path.startsWith('/explorer'))).toEqual([]);
  });
});

describe('the explorer behind a guard (the docs sample)', () => {
  it("refuses a request without the auditor's token and answers one with it", () => {
    expect(runExample(join(__dirname, 'explorer-app.ts'), { AUDITOR_TOKEN: 'an auditor token' })).toBe('403 200 0\n');
  });
});

describe('the offline verifier page', () => {
  let offlineLedger: Ledger;
  let proofFile: string;
  let digest: string;

  beforeAll(async () => {
    offlineLedger = await Ledger.open({ name: 'offline', storage: { type: 'sqlite', database: ':memory:' } });
    await offlineLedger.query('CREATE TABLE Vehicle');
    const [{ documentId }] = (await offlineLedger.query("INSERT INTO Vehicle VALUE {'VIN': '1N4AL11D75C109151'}")) as Array<{ documentId: string }>;
    const current = await offlineLedger.getDigest();
    const proven = await offlineLedger.getBlock(current.digestTipAddress, current.digestTipAddress);
    proofFile = revisionProofFile(proven, documentId, { ...current, tip: await offlineLedger.getTipProof(current.digestTipAddress) });
    digest = encodeBase64(current.digest);
    writeFileSync(join(work, 'revision.ion'), proofFile);
    writeFileSync(join(work, 'revision.10n'), toIon(fromIon(proofFile), 'binary'));
  });

  afterAll(async () => {
    await offlineLedger?.close();
  });

  it('verifies a saved proof file, text or binary, from file:// with no request, and refuses the wrong digest', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(assetsDir, 'verifier.html')).href);
    for (const file of ['revision.ion', 'revision.10n']) {
      await page.getByLabel('Or open a saved proof file').setInputFiles(join(work, file));
      await page.locator('#proof-loaded', { hasText: `Loaded ${file}` }).waitFor();
      await verifyInPage(undefined, digest);
      await expect(verdict()).resolves.toMatchObject({ verdict: 'valid', summary: expect.stringMatching(/^✔ Verified: the revision in block \d+ is proven to your digest$/) });
    }
    await shoot('offline-valid');
    const wrong = encodeBase64(new Uint8Array(32).fill(7));
    await verifyInPage(undefined, wrong);
    await expect(verdict()).resolves.toMatchObject({ verdict: 'refused', summary: expect.stringMatching(/^✘ Refused at “The digest is the one you trust”: DIGEST_MISMATCH: /) });
    await shoot('offline-refused');
    expect(requests.every((r) => r.startsWith('file://'))).toBe(true);
  });
});
