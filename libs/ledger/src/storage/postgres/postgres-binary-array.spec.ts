// Column arrays in PostgreSQL's binary array format, checked by the server itself: each array is
// bound in binary, read by array_recv, and sent back element by element as text.
import { Client } from 'pg';
import { ColumnArray } from '../column-array';
import { binaryArray } from './postgres-binary-array';

let client: Client;

beforeAll(async () => {
  client = new Client(process.env.LEDGER_TEST_POSTGRES_URL);
  await client.connect();
});
afterAll(() => client.end());

/** The server's reading of `column` bound as `type`: each element's text (hex for bytes), NULL as null, and the array's length. */
async function serverReads(column: ColumnArray, type: string, element = 'e::text'): Promise<{ elements: Array<string | null>; length: number | null }> {
  const { rows } = await client.query(
    `SELECT array_length($1::${type}, 1) AS length, COALESCE((SELECT array_agg(${element} ORDER BY n) FROM unnest($1::${type}) WITH ORDINALITY AS u(e, n)), '{}') AS elements`,
    [binaryArray(column)],
  );
  return rows[0];
}

describe('binaryArray', () => {
  it('encodes 64-bit integers, negative and past 2^32 included, and NULLs', async () => {
    const values = [0, 1, -1, 2 ** 31, 2 ** 53 - 1, -(2 ** 40), null, 42];
    expect(await serverReads(new ColumnArray('integer', values), 'bigint[]')).toEqual({
      elements: values.map((v) => (v === null ? null : String(v))),
      length: values.length,
    });
  });

  it('encodes bigints and integers given as text (as read back from a bigint column) past 2^53', async () => {
    const values = [2n ** 62n, -(2n ** 63n), '9007199254740993', '-7'];
    expect(await serverReads(new ColumnArray('integer', values), 'bigint[]')).toEqual({ elements: values.map(String), length: values.length });
  });

  it('encodes byte strings as they are, empty and NULL included', async () => {
    const values = [Buffer.from('00ff10', 'hex'), new Uint8Array(0), null, new Uint8Array([1, 2, 3]).subarray(1)];
    const read = await serverReads(new ColumnArray('blob', values), 'bytea[]', "encode(e, 'hex')");
    expect(read).toEqual({ elements: ['00ff10', '', null, '0203'], length: 4 });
  });

  it('encodes text as UTF-8', async () => {
    const values = ['plain', 'naïve — ✓ 𝄞', ''];
    expect(await serverReads(new ColumnArray('text', values), 'text[]')).toEqual({ elements: values, length: 3 });
  });

  it('encodes an empty column as an array with no dimensions', async () => {
    expect(await serverReads(new ColumnArray('blob', []), 'bytea[]', "encode(e, 'hex')")).toEqual({ elements: [], length: null });
  });

  it('refuses a blob column value that is not bytes, naming its type', () => {
    expect(() => binaryArray(new ColumnArray('blob', ['text']))).toThrow('a blob column holds bytes, not string');
  });
});
