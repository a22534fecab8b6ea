// What the built `ledger` command loads, so that it starts fast: `--version` loads none of the
// library, and a command on an SQLite file loads neither TypeORM nor pg (the PostgreSQL storage),
// nor RxJS (streams), nor Nest, nor Kafka. Each run is a child process that lists, at exit, the
// packages it required (test/support/loaded-packages.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger } from 'nestjs-ledger';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { buildCli, ledgerCli, type CliRun } from './support/cli';

const PRELOAD = join(__dirname, 'support', 'loaded-packages.js');
const NOT_FOR_SQLITE = ['typeorm', 'pg', 'rxjs', '@nestjs/common', '@nestjs/core', 'kafkajs'];

let db: string;

beforeAll(async () => {
  buildCli();
  db = tempFilePath('start.ledger');
  const ledger = await Ledger.open({ name: 'start', storage: { type: 'sqlite', database: db } });
  await ledger.query('CREATE TABLE Account');
  await ledger.query('INSERT INTO Account ?', { owner: 'Ana', balance: 10 });
  await ledger.close();
}, 300_000);

afterAll(removeTempLedgers);

/** Runs `ledger <args>`; resolves with its outcome and the packages it loaded. */
async function loadedBy(args: string[]): Promise<{ run: CliRun; packages: string[] }> {
  const file = tempFilePath('loaded.txt');
  const run = await ledgerCli(args, { env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`, LOADED_PACKAGES_FILE: file } });
  return { run, packages: readFileSync(file, 'utf8').split('\n') };
}

describe('what the ledger command loads', () => {
  it('--version loads commander alone, none of the library', async () => {
    const { run, packages } = await loadedBy(['--version']);
    expect(run.code).toBe(0);
    expect(packages).toEqual(['commander']);
  });

  it.each([
    ['verify', () => ['verify', db]],
    ['digest', () => ['digest', db]],
    ['block', () => ['block', db, '1']],
    ['query', () => ['query', db, 'SELECT * FROM Account']],
  ])('%s of an SQLite ledger loads the library and better-sqlite3, not TypeORM, pg, RxJS, Nest or Kafka', async (_name, args) => {
    const { run, packages } = await loadedBy(args());
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(packages).toEqual(expect.arrayContaining(['nestjs-ledger', 'better-sqlite3']));
    expect(packages.filter((name) => NOT_FOR_SQLITE.includes(name))).toEqual([]);
  });
});
