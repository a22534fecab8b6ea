// Import reads only files inside the export directory: a completed manifest whose key climbs out
// with `..`, names an absolute path, or a data file that is a symlink to a file outside, is refused
// with the key named, and no ledger is left behind.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QLDB_EXPORT_DIR } from '../../../../test/support/vectors';
import { importJournal, ImportRefusedError } from '.';

const directory = mkdtempSync(join(tmpdir(), 'ledger-confinement-spec-'));
const MANIFEST = 's0pnmHUzWgTyu9asmu30Xl.0uKQeIDyF4U96M5jfNQNdD.completed.manifest';
const FIRST = '0uKQeIDyF4U96M5jfNQNdD.0-9.ion';
const SECOND = '0uKQeIDyF4U96M5jfNQNdD.10-11.ion';
let n = 0;

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A copy of the QLDB export vector in `<case>/export`, its first data file moved to `<case>/outside`. */
function exportWithFileOutside(): { exported: string; outsideFile: string } {
  const base = join(directory, `case-${n++}`);
  const exported = join(base, 'export');
  cpSync(QLDB_EXPORT_DIR, exported, { recursive: true });
  mkdirSync(join(base, 'outside'));
  const outsideFile = join(base, 'outside', FIRST);
  renameSync(join(exported, FIRST), outsideFile);
  return { exported, outsideFile };
}

async function refusal(exported: string): Promise<ImportRefusedError> {
  const target = join(directory, `target-${n++}.ledger`);
  const error = await importJournal(exported, { type: 'sqlite', database: target }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportRefusedError);
  expect(existsSync(target)).toBe(false);
  return error as ImportRefusedError;
}

describe('importJournal confines itself to the export directory', () => {
  it('refuses a manifest key that climbs out with ../', async () => {
    const { exported } = exportWithFileOutside();
    const key = `../outside/${FIRST}`;
    writeFileSync(join(exported, MANIFEST), `{keys:["${key}","${SECOND}"]}`);
    const error = await refusal(exported);
    expect(error.message).toContain(`data file "${key}", listed in the completed manifest, is outside the export directory`);
    expect(error.place).toEqual({ file: key });
  });

  it('refuses an absolute manifest key', async () => {
    const { exported, outsideFile } = exportWithFileOutside();
    writeFileSync(join(exported, MANIFEST), `{keys:["${outsideFile}","${SECOND}"]}`);
    const error = await refusal(exported);
    expect(error.message).toContain(`data file "${outsideFile}", listed in the completed manifest, is outside the export directory`);
  });

  it('refuses a data file that is a symlink to a file outside the directory', async () => {
    const { exported, outsideFile } = exportWithFileOutside();
    symlinkSync(outsideFile, join(exported, FIRST));
    const error = await refusal(exported);
    expect(error.message).toContain(`"${FIRST}" resolves to ${outsideFile}, outside the export directory`);
    expect(error.place).toEqual({ file: FIRST });
  });

  it('refuses a manifest that is a symlink to a file outside the directory', async () => {
    const { exported, outsideFile } = exportWithFileOutside();
    renameSync(outsideFile, join(exported, FIRST));
    const outsideManifest = join(outsideFile, '..', MANIFEST);
    renameSync(join(exported, MANIFEST), outsideManifest);
    symlinkSync(outsideManifest, join(exported, MANIFEST));
    expect((await refusal(exported)).message).toContain(`"${MANIFEST}" resolves to`);
  });

  it('still imports an export reached through a symlinked directory, with symlinks that stay inside it', async () => {
    const { exported, outsideFile } = exportWithFileOutside();
    mkdirSync(join(exported, 'data'));
    renameSync(outsideFile, join(exported, 'data', FIRST));
    symlinkSync(join(exported, 'data', FIRST), join(exported, FIRST));
    const link = join(directory, `link-${n++}`);
    symlinkSync(exported, link);
    const result = await importJournal(link, { type: 'sqlite', database: join(directory, `linked-${n++}.ledger`) });
    expect(result.blocksImported).toBe(12);
  });
});
