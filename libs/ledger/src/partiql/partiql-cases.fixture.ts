// Test fixture: statement/result cases run against the vehicle-registration sample. Expected results
// are Ion text, so types are checked exactly (1 is not 1.0 is not 1e0); results compare as bags
// (sorted) unless the statement has ORDER BY.
import { fromIon, toIon, type IonValue } from '../ion';
import type { VehicleRegistrationSample } from './vehicle-registration.fixture';

export interface StatementCase {
  statement: string;
  /** Ion text of the list of values the statement returns (a function when it holds document ids). */
  expected: string | ((sample: VehicleRegistrationSample) => string);
  parameters?: IonValue[] | ((sample: VehicleRegistrationSample) => IonValue[]);
}

/** Runs a case in a transaction of its own; returns [actual, expected] as canonical Ion text. */
export async function runCase(sample: VehicleRegistrationSample, testCase: StatementCase): Promise<[string, string]> {
  const parameters = typeof testCase.parameters === 'function' ? testCase.parameters(sample) : (testCase.parameters ?? []);
  const expectedText = typeof testCase.expected === 'function' ? testCase.expected(sample) : testCase.expected;
  const actual = await sample.ledger.query(testCase.statement, ...parameters);
  const ordered = /\bORDER\s+BY\b/i.test(testCase.statement);
  return [canonical(actual, ordered), canonical(fromIon(expectedText) as IonValue[], ordered)];
}

/** Values as Ion text, sorted unless `ordered`. */
export function canonical(values: IonValue[], ordered: boolean): string {
  const texts = values.map((value) => toIon(value, 'text'));
  return `[${(ordered ? texts : texts.sort()).join(', ')}]`;
}
