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
