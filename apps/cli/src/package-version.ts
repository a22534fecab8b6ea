// The version of the nestjs-ledger package this command ships in: from the first package.json named
// nestjs-ledger above this file (dist/apps/cli in the package, apps/cli/src in the repository).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageVersion(from: string = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === 'nestjs-ledger' && version) return version;
    }
    if (dirname(directory) === directory) throw new Error(`no package.json of nestjs-ledger above ${from}`);
  }
}
