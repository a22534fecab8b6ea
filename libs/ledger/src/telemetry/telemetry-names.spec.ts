// docs/observability.md documents every span, attribute, event and metric name the library uses,
// and names no `ledger.` name the library does not use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTRIBUTE, EVENT, METRIC, SPAN } from './telemetry-names';

const page = readFileSync(join(__dirname, '../../../../docs/observability.md'), 'utf8');
const names = [SPAN, ATTRIBUTE, EVENT, METRIC].flatMap((group) => Object.values(group) as string[]);

describe('the telemetry names in docs/observability.md', () => {
  it('include every name the library uses', () => {
    expect(names.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  });

  it('name no other ledger.* name', () => {
    const documented = new Set([...page.matchAll(/`(ledger\.[a-z_.]+)`/g)].map((match) => match[1]));
    expect([...documented].filter((name) => !names.includes(name))).toEqual([]);
  });

  it('keep every name under one convention: dotted lowercase words, the library’s own under ledger.', () => {
    expect(names.filter((name) => !/^[a-z]+(\.[a-z_]+)+$/.test(name))).toEqual([]);
    expect([...Object.values(SPAN), ...Object.values(METRIC), ...Object.values(EVENT)].filter((name) => !name.startsWith('ledger.'))).toEqual([]);
  });
});
