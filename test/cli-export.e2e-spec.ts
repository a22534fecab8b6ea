// `ledger export`, `ledger import` and `ledger backup` run as child processes: round trips in the three formats keep
// the digest at every tip; truncated and altered exports are refused at the right block with
// nothing written; QLDB's own export (test/vectors/qldb-export) and a QLDB-shaped binary export
// written by a fixture import, verify, and take new commits chained onto their last block.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger, type IonStructObject, type LedgerDigest } from 'nestjs-ledger';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { buildCli, ledgerCli } from './support/cli';
import { writeQldbShapedExport } from './support/qldb-journal.fixture';
import { QLDB_EXPORT_DIR } from './support/vectors';

let source: string;
let tip: number;

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The digests of the ledger at `path` at each of `tips`. */
async function digestsAt(path: string, tips: number[]): Promise<string[]> {
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: path } });
  try {
    const digests: LedgerDigest[] = [];
    for (const sequenceNo of tips) digests.push((await ledger.getConsistencyProof({ strandId: ledger.strandId, sequenceNo })).oldDigest);
    return digests.map((d) => base64(d.digest));
  } finally {
    await ledger.close();
  }
}

/** An export of the source ledger in `format`, split into files of about 4 KB. */
async function exported(format: string): Promise<string> {
  const directory = tempFilePath(`export-${format}`);
  const run = await ledgerCli(['export', source, directory, '--format', format, '--max-file-bytes', '4096']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return directory;
}

function dataFiles(directory: string): string[] {
  const keys = readdirSync(directory).filter((name) => /\.\d+-\d+\.(ion|json)$/.test(name));
  return keys.sort((a, b) => Number(/\.(\d+)-/.exec(a)![1]) - Number(/\.(\d+)-/.exec(b)![1]));
}

beforeAll(async () => {
  buildCli();
  source = tempFilePath('source.ledger');
  const ledger = await Ledger.open({ name: 'fleet', storage: { type: 'sqlite', database: source } });
  await ledger.query('CREATE TABLE Vehicle');
  await ledger.query('CREATE TABLE Owner');
  await ledger.query('CREATE INDEX ON Vehicle (VIN)');
  for (let i = 0; i < 30; i++) {
    await ledger.query('INSERT INTO Vehicle ?', { VIN: `VIN${i}`, price: i + 0.5, registered: new Date(Date.UTC(2024, 0, i + 1)), photo: new Uint8Array([i, 0x0b, 0x0e]) });
  }
  await ledger.query("INSERT INTO Owner VALUE {'name': 'Ana', 'since': `2024-06-01T`, 'balance': 12.50}");
  await ledger.query("UPDATE Vehicle SET price = 99 WHERE VIN = 'VIN3'");
  await ledger.query("DELETE FROM Vehicle WHERE VIN = 'VIN4'");
  await ledger.execute(async (tx) => {
    tx.appendEvents([{ type: 'Audited', at: new Date(0) }]);
    await tx.executeStatement("UPDATE Owner SET balance = 13 WHERE name = 'Ana'");
  });
  tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  await ledger.close();
});

afterAll(removeTempLedgers);

describe('ledger export and import', () => {
  it.each(['ion-text', 'ion-binary', 'json'])('round-trips a ledger in %s with the same digest at every tip checked', async (format) => {
    const directory = await exported(format);
    const files = dataFiles(directory);
    expect(files.length).toBeGreaterThan(2);
    expect(readdirSync(directory).filter((f) => f.endsWith('.manifest'))).toHaveLength(2);
    const target = tempFilePath(`imported-${format}.ledger`);
    const run = await ledgerCli(['import', directory, target]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`imported ${tip + 1} blocks`);
    const tips = [0, 1, 7, 16, tip - 1, tip];
    expect(await digestsAt(target, tips)).toEqual(await digestsAt(source, tips));
    const verified = await ledgerCli(['verify', target]);
    expect(verified.code).toBe(0);
    const rows = await ledgerCli(['query', target, 'SELECT VALUE price FROM Vehicle WHERE VIN = ?', '"VIN3"', '--ion']);
    expect(rows.stdout).toBe('99\n');
  });

  it('exports only the blocks of a time range', async () => {
    const directory = tempFilePath('export-range');
    const run = await ledgerCli(['export', source, directory, '--from', '2000-01-01T00:00:00Z', '--to', '2001-01-01T00:00:00Z']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^exported 0 blocks/);
    const bad = await ledgerCli(['export', source, tempFilePath('x'), '--from', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from must be an ISO 8601 time/);
  });

  it('refuses a truncated data file at the block after the last whole one, and writes nothing', async () => {
    const directory = await exported('ion-text');
    const files = dataFiles(directory);
    const victim = files[1];
    const path = join(directory, victim);
    const lines = readFileSync(path, 'utf8').split('\n');
    truncateSync(path, statSync(path).size - Math.floor(lines[lines.length - 2].length / 2));
    const lastWhole = Number(/\.(\d+)-/.exec(victim)![1]) + lines.length - 3;
    const target = tempFilePath('truncated.ledger');
    const run = await ledgerCli(['import', directory, target]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^ledger: import refused: ${victim.replace(/\./g, '\\.')} is malformed or truncated after block ${lastWhole} `));
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(join(target, '..'))).toEqual([]);
  });

  it('refuses a data file that lost its last blocks at a line boundary', async () => {
    const directory = await exported('json');
    const victim = dataFiles(directory)[0];
    const lines = readFileSync(join(directory, victim), 'utf8').split('\n');
    writeFileSync(join(directory, victim), `${lines.slice(0, -2).join('\n')}\n`);
    const run = await ledgerCli(['import', directory, tempFilePath('short.ledger')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${victim.replace(/\./g, '\\.')} ends at block ${lines.length - 3}, but its name says ${lines.length - 2}: the file is truncated`));
  });

  it('refuses an altered block, naming it and its file', async () => {
    const directory = await exported('ion-text');
    const victim = dataFiles(directory).find((f) => readFileSync(join(directory, f), 'utf8').includes('VIN:"VIN17"'))!;
    const text = readFileSync(join(directory, victim), 'utf8');
    const line = text.split('\n').find((l) => l.includes('VIN:"VIN17"'))!;
    const sequenceNo = /sequenceNo:(\d+)/.exec(line)![1];
    writeFileSync(join(directory, victim), text.replace('VIN:"VIN17"', 'VIN:"VIN71"'));
    const run = await ledgerCli(['import', directory, tempFilePath('altered.ledger')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`import refused: block ${sequenceNo} in ${victim} does not verify: REVISION_HASH_MISMATCH`);
  });

  it('refuses an export whose completed manifest is missing, and an existing target', async () => {
    const directory = await exported('ion-binary');
    const copy = tempFilePath('incomplete');
    cpSync(directory, copy, { recursive: true });
    for (const name of readdirSync(copy)) if (name.endsWith('.completed.manifest')) writeFileSync(join(copy, name), '');
    expect((await ledgerCli(['import', copy, tempFilePath('a.ledger')])).stderr).toMatch(/completed\.manifest is not a manifest/);
    const existing = await ledgerCli(['import', directory, source]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toMatch(/already exists; import into a new SQLite file/);
  });
});

describe('ledger backup', () => {
  it('copies the ledger into a new file whose digest is the source\'s, and refuses a file that is there, naming it, in one line', async () => {
    const file = tempFilePath('backup/fleet-copy.ledger');
    const run = await ledgerCli(['backup', source, file, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const summary = JSON.parse(run.stdout) as { file: string; bytes: number; digest: { sequenceNo: number; digest: string } };
    expect(summary).toEqual({ file, bytes: statSync(file).size, digest: { sequenceNo: tip, digest: (await digestsAt(source, [tip]))[0] } });
    expect(await digestsAt(file, [tip])).toEqual(await digestsAt(source, [tip]));
    const verified = await ledgerCli(['verify', file]);
    expect(verified.code).toBe(0);

    const again = await ledgerCli(['backup', source, file]);
    expect(again.code).toBe(2);
    expect(again.stderr.trimEnd()).toBe(`ledger: ${file} already exists; back up into a new file`);
  });
});

describe("QLDB's exports", () => {
  const expected = JSON.parse(readFileSync(join(QLDB_EXPORT_DIR, 'EXPECTED.json'), 'utf8'));

  it('imports the QLDB export vector with its strand and digest, and new commits chain onto it', async () => {
    const target = tempFilePath('dmv.ledger');
    const run = await ledgerCli(['import', QLDB_EXPORT_DIR, target]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`imported 12 blocks of strand ${expected.strandId} as ledger dmv\ndigest at block 11: ${expected.digest_base64}\n`);
    expect((await ledgerCli(['verify', target])).code).toBe(0);
    const tables = await ledgerCli(['query', target, 'SELECT name, status FROM information_schema.user_tables', '--ion']);
    expect(tables.stdout).toBe('{name:"Vehicle",status:"ACTIVE"}\n');

    const insert = await ledgerCli(['query', target, 'INSERT INTO Vehicle ?', '{VIN: "NEW1", Miles: 0, Price: 1}', '--write']);
    expect(insert.code).toBe(0);
    const after = await ledgerCli(['verify', target, '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ valid: true, blocksVerified: 13, digestTipAddress: { strandId: expected.strandId, sequenceNo: 12 } });
    const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: target } });
    const [last, added] = await ledger.readBlocks(11, 12);
    const earlier = await ledger.getConsistencyProof({ strandId: expected.strandId, sequenceNo: 11 });
    await ledger.close();
    expect(base64(added.previousBlockHash)).toBe(base64(last.blockHash));
    expect(base64(earlier.oldDigest.digest)).toBe(expected.digest_base64);
  });

  it("checks the import against QLDB's GetDigest output and a --digest/--tip, refusing another digest or a tip past the end with exit 1 and no ledger", async () => {
    const digestFile = tempFilePath('get-digest.json');
    const getDigest = (digest: string, sequenceNo: number) =>
      JSON.stringify({ Digest: digest, DigestTipAddress: { IonText: `{strandId:"${expected.strandId}",sequenceNo:${sequenceNo}}` } });
    writeFileSync(digestFile, getDigest(expected.digest_base64, 11));
    const good = await ledgerCli(['import', QLDB_EXPORT_DIR, tempFilePath('dmv-digest.ledger'), '--digest-file', digestFile]);
    expect([good.code, good.stderr]).toEqual([0, '']);
    expect(good.stdout).toContain('matches the trusted digest at block 11');
    const forged = Buffer.alloc(32, 1).toString('base64');
    const cases: Array<[string[], string]> = [
      [['--digest', forged, '--tip', '11'], `the export's digest at block 11 is ${expected.digest_base64}, not the trusted digest ${forged}`],
      [['--digest', expected.digest_base64, '--tip', '12'], "the export ends at block 11, before the trusted digest's tip 12"],
    ];
    for (const [options, message] of cases) {
      const target = tempFilePath('dmv-refused.ledger');
      const run = await ledgerCli(['import', QLDB_EXPORT_DIR, target, ...options]);
      expect([run.code, existsSync(target)]).toEqual([1, false]);
      expect(run.stderr).toContain(message);
    }
    writeFileSync(digestFile, '{"Digest": 1}');
    const bad = await ledgerCli(['import', QLDB_EXPORT_DIR, tempFilePath('dmv-bad.ledger'), '--digest-file', digestFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not QLDB's GetDigest output");
  });

  it('appends the rest of the QLDB journal onto an import of its first blocks', async () => {
    const partial = tempFilePath('qldb-partial');
    cpSync(QLDB_EXPORT_DIR, partial, { recursive: true });
    rmSync(join(partial, `${expected.strandId}.10-11.ion`));
    const manifest = readdirSync(partial).find((name) => name.endsWith('.completed.manifest'))!;
    writeFileSync(join(partial, manifest), `{keys:["${expected.strandId}.0-9.ion"]}`);
    const target = tempFilePath('dmv-appended.ledger');
    expect((await ledgerCli(['import', partial, target])).stdout).toMatch(/^imported 10 blocks/);
    const appended = await ledgerCli(['import', QLDB_EXPORT_DIR, target, '--append']);
    expect(appended.stdout).toBe(`imported 2 blocks of strand ${expected.strandId} as ledger dmv\ndigest at block 11: ${expected.digest_base64}\n`);
    expect((await ledgerCli(['import', QLDB_EXPORT_DIR, tempFilePath('none.ledger'), '--append'])).stderr).toMatch(/does not exist; appending continues an existing ledger/);
  });

  it('imports a QLDB-shaped ION_BINARY export with internal entries and system revisions, found below its prefix', async () => {
    const directory = tempFilePath('qldb-shaped');
    const { blocks, strandId } = writeQldbShapedExport(directory);
    const target = tempFilePath('qldb-shaped.ledger');
    const run = await ledgerCli(['import', directory, target]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`imported ${blocks.length} blocks of strand ${strandId} as ledger dmv`);
    expect((await ledgerCli(['verify', target])).code).toBe(0);
    const block = await ledgerCli(['block', target, '2', '--json']);
    const imported = JSON.parse(block.stdout).block as IonStructObject;
    expect((imported.revisions as unknown[]).length).toBe(2);
    expect((imported.entriesHashList as unknown[]).length).toBe(4);
    const vehicles = await ledgerCli(['query', target, 'SELECT VALUE VIN FROM Vehicle', '--ion']);
    expect(vehicles.stdout).toBe('"V1"\n"V2"\n');
    expect((await ledgerCli(['query', target, 'SELECT * FROM Person'])).stdout).toContain('(no rows)');
    await ledgerCli(['query', target, 'CREATE INDEX ON Vehicle (VIN)', '--write']);
    await ledgerCli(['query', target, "UPDATE Vehicle SET Price = 21 WHERE VIN = 'V2'", '--write']);
    expect((await ledgerCli(['verify', target])).stdout).toMatch(new RegExp(`^valid: ${blocks.length + 2} blocks verified`));
  });

  it('declares indexes at import (--index, repeated) and imports a table QLDB dropped as dropped; verify checks the index entries', async () => {
    const directory = tempFilePath('qldb-dropped');
    const { blocks } = writeQldbShapedExport(directory, { dropPerson: true });
    const target = tempFilePath('qldb-dropped.ledger');
    const run = await ledgerCli(['import', directory, target, '--index', 'Vehicle.VIN', '--index', 'Vehicle.Price']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const tables = await ledgerCli(['query', target, 'SELECT VALUE [name, status] FROM information_schema.user_tables', '--ion']);
    expect(tables.stdout.trim().split('\n').sort()).toEqual(['["Person","INACTIVE"]', '["Vehicle","ACTIVE"]']);
    const indexes = await ledgerCli(['query', target, "SELECT VALUE i.expr FROM information_schema.user_tables AS t, t.indexes AS i WHERE t.name = 'Vehicle'", '--ion']);
    expect(indexes.stdout.trim().split('\n').sort()).toEqual(['"[Price]"', '"[VIN]"']);
    expect((await ledgerCli(['query', target, "SELECT VALUE Price FROM Vehicle WHERE VIN = 'V2'", '--ion'])).stdout).toBe('20\n');
    expect((await ledgerCli(['query', target, 'SELECT * FROM Person'])).code).not.toBe(0);
    expect((await ledgerCli(['verify', target])).stdout).toMatch(new RegExp(`^valid: ${blocks.length} blocks verified`));
    await ledgerCli(['query', target, "INSERT INTO Vehicle VALUE {'VIN': 'V3', 'Price': 30}", '--write']);
    expect((await ledgerCli(['query', target, 'SELECT VALUE VIN FROM Vehicle WHERE Price > 25', '--ion'])).stdout).toBe('"V3"\n');
    expect((await ledgerCli(['verify', target])).code).toBe(0);
  });

  it.each([
    [['--index', 'Vehicle'], /an index is declared as Table.field, not "Vehicle"/],
    [['--index', 'Person.name'], /indexes declared on tables the export has no active table of: Person/],
    [['--index', 'Vehicle.VIN', '--index', 'Vehicle.VIN'], /the index "Vehicle.VIN" is declared twice/],
  ])('refuses --index %j naming it, writing nothing', async (args, message) => {
    const directory = tempFilePath('qldb-bad-index');
    writeQldbShapedExport(directory, { dropPerson: true });
    const target = tempFilePath('qldb-bad-index.ledger');
    const run = await ledgerCli(['import', directory, target, ...args]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(existsSync(target)).toBe(false);
  });
});

describe('--workers', () => {
  it('runs export, import and verify on 2 workers with the same files and digest as in this thread, and refuses a count that is not an integer from 0 to 256 naming it', async () => {
    const inThisThread = tempFilePath('workers-0');
    const onWorkers = tempFilePath('workers-2');
    expect(await ledgerCli(['export', source, inThisThread, '--format', 'ion-binary', '--workers', '0'])).toMatchObject({ code: 0, stderr: '' });
    expect(await ledgerCli(['export', source, onWorkers, '--format', 'ion-binary', '--workers', '2'])).toMatchObject({ code: 0, stderr: '' });
    expect(dataFiles(onWorkers).map((name) => readFileSync(join(onWorkers, name)))).toEqual(dataFiles(inThisThread).map((name) => readFileSync(join(inThisThread, name))));
    const target = tempFilePath('workers-imported.ledger');
    expect(await ledgerCli(['import', onWorkers, target, '--workers', '2'])).toMatchObject({ code: 0, stderr: '' });
    expect(await digestsAt(target, [tip])).toEqual(await digestsAt(source, [tip]));
    expect(await ledgerCli(['verify', target, '--workers', '2'])).toMatchObject({ code: 0, stderr: '' });
    const [refusedExport, refusedImport] = [tempFilePath('workers-refused'), tempFilePath('workers-refused.ledger')];
    for (const [command, ...args] of [['verify', source], ['export', source, refusedExport], ['import', onWorkers, refusedImport]]) {
      for (const count of ['two', '-1', '300']) {
        const run = await ledgerCli([command, ...args, '--workers', count]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(count);
      }
    }
    expect(existsSync(refusedExport)).toBe(false);
    expect(existsSync(refusedImport)).toBe(false);
  });
});
