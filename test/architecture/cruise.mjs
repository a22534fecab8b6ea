// Runs dependency-cruiser's API over libs/ledger/src of the working directory with a rule set and
// prints the violations as JSON lines: { rule, from, to, cycle }. The layering spec runs it in a
// child process (dependency-cruiser ships as ES modules only, which Jest's CommonJS cannot load).
//   node test/architecture/cruise.mjs <config file>
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { resolve } from 'node:path';

const configFile = resolve(process.argv[2]);
const options = await extractDepcruiseOptions(configFile);
const tsConfigFile = options.tsConfig?.fileName;
const result = await cruise(
  ['libs/ledger/src'],
  options,
  tsConfigFile ? { tsConfig: tsConfigFile } : {},
  tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : {},
);
for (const violation of result.output.summary.violations) {
  const cycle = violation.cycle?.map((step) => step.name ?? step);
  process.stdout.write(`${JSON.stringify({ rule: violation.rule.name, from: violation.from, to: violation.to, cycle })}\n`);
}
