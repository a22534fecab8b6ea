// Ion values: plain JavaScript in, the same Ion value (and hash) back, decimals and big integers kept.
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
// #region round-trip
import { Decimal, fromIon, toIon } from 'nestjs-ledger';
import { ionHash } from 'nestjs-ledger/verify';

const doc = { VIN: '1N4AL11D75C109151', Price: new Decimal('90.25'), Miles: 2n ** 70n };
const bytes = toIon(doc, 'binary');             // Uint8Array
const back = fromIon(bytes);                    // same Ion value, same hash
Buffer.from(ionHash(back)).toString('hex');     // Ion Hash 1.0, SHA-256
// #endregion
// #region hidden
assert.deepEqual(ionHash(back), ionHash(doc));
assert.equal((back as { Miles: bigint }).Miles, 2n ** 70n);
assert.equal(String((back as { Price: Decimal }).Price), '90.25');
// #endregion
// #region ion-js
import { dom } from 'ion-js';
import { toIonValue } from 'nestjs-ledger';

const fromDom = toIonValue(dom.load('{ since: 2020-02-02T10:11+05:30, tags: (a b), raw: {{"x"}}, n: 18446744073709551617 }'));
toIon(fromDom, 'text'); // '{since:2020-02-02T10:11+05:30,tags:(a b),raw:{{"x"}},n:18446744073709551617}'
toIon(2 ** 60, 'text'); // '1152921504606847000e0': a number past 2^53 is a float; write 2n ** 60n for the int
// #endregion
// #region hidden
assert.equal(toIon(fromDom, 'text'), '{since:2020-02-02T10:11+05:30,tags:(a b),raw:{{"x"}},n:18446744073709551617}');
assert.equal(toIon(2 ** 60, 'text'), '1152921504606847000e0');
assert.equal(toIon(2n ** 60n, 'text'), '1152921504606846976');
// #endregion
