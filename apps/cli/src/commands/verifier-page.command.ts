// `ledger verifier-page <out.html>`: writes the offline verifier page, one self-contained HTML file
// (its script and styles inline, no request of any kind) where an auditor opens a saved proof file,
// pastes a trusted digest and sees it verified or refused, from file:// with no server. The page
// is built with the package (scripts/build-explorer.js) beside the explorer's other pages.
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Act } from '../cli-program';
import { CliError, EXIT_OK } from '../cli-error';
import { printLine } from '../output';

/** Where the package's build puts the page: dist/libs/ledger/nest/explorer/assets, from dist/apps/cli/commands. */
const VERIFIER_PAGE = join(__dirname, '..', '..', '..', 'libs', 'ledger', 'nest', 'explorer', 'assets', 'verifier.html');

export function registerVerifierPage(program: Command, act: Act): void {
  program
    .command('verifier-page')
    .description('Write the offline proof verifier, one HTML file that works from file:// with no server.')
    .argument('<out.html>', 'the file to write (overwritten)')
    .action(
      act(async (out: string) => {
        if (!existsSync(VERIFIER_PAGE)) throw new CliError(`the verifier page ${VERIFIER_PAGE} is missing from this installation: build it with \`node scripts/build-explorer.js\``);
        copyFileSync(VERIFIER_PAGE, out);
        printLine(resolve(out));
        return EXIT_OK;
      }),
    );
}
