// PartiQL arithmetic over Ion's three numeric types, never losing precision on the way: int with
// int stays int (as a bigint beyond 2^53), anything with a decimal is decimal (exact; division to
// 34 significant digits, rounding half to even), and float with int is float. A float meets a
// decimal as the decimal it prints as (0.1e0 is 0.1). Division by zero is an error, not Infinity,
// except between floats.
import { Decimal, IonFloat, type IonValue } from '../ion';
import { numericParts } from '../ion/ion-order-key';
import { PartiqlEvaluationError, PartiqlLimitError, PartiqlTypeError } from './errors';
import { unwrap, type PartiqlValue } from './partiql-value';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type NumericKind = 'int' | 'float' | 'decimal';

/** A decimal as coefficient × 10^exponent; `negativeZero` keeps -0.0's sign. */
interface Exact {
  coefficient: bigint;
  exponent: number;
  negativeZero?: boolean;
}

const DIVISION_DIGITS = 34;
/** Aligning decimals further apart than this many digits is refused (it would build enormous numbers). */
const MAX_ALIGNMENT = 10_000;

/** The numeric kind of a value; undefined for anything that is not a number. */
export function numericKind(value: PartiqlValue): NumericKind | undefined {
  const inner = unwrap(value);
  if (typeof inner === 'number') return Number.isSafeInteger(inner) ? 'int' : 'float';
  if (typeof inner === 'bigint') return 'int';
  if (inner instanceof Decimal) return 'decimal';
  if (inner instanceof IonFloat) return 'float';
  return undefined;
}

/** `a op b` for two numbers; throws PartiqlTypeError when either is not one. */
export function arithmetic(operator: ArithmeticOperator, a: PartiqlValue, b: PartiqlValue): IonValue {
  const left = numericKind(a);
  const right = numericKind(b);
  if (!left) throw new PartiqlTypeError(`operator ${operator}`, 'numbers', a);
  if (!right) throw new PartiqlTypeError(`operator ${operator}`, 'numbers', b);
  const x = unwrap(a) as IonValue;
  const y = unwrap(b) as IonValue;
  if (left === 'int' && right === 'int') return intArithmetic(operator, x as number | bigint, y as number | bigint);
  const finite = (kind: NumericKind, value: IonValue) => kind !== 'float' || Number.isFinite(toNumber(value));
  const decimal = (left === 'decimal' || right === 'decimal') && finite(left, x) && finite(right, y);
  if (decimal) return toDecimal(decimalArithmetic(operator, exactOf(x), exactOf(y)));
  return floatValue(floatArithmetic(operator, toNumber(x), toNumber(y)));
}

/** -a for a number. */
export function negate(a: PartiqlValue): IonValue {
  const kind = numericKind(a);
  const x = unwrap(a) as IonValue;
  if (kind === 'int') return normalizeInt(-BigInt(x as number | bigint));
  if (kind === 'float') return floatValue(-toNumber(x));
  if (kind === 'decimal') {
    const exact = exactOf(x);
    return toDecimal({ ...exact, coefficient: -exact.coefficient, negativeZero: exact.coefficient === 0n && !exact.negativeZero });
  }
  throw new PartiqlTypeError('unary -', 'a number', a);
}

/** A number as a JavaScript number (rounded for big ints and decimals). */
export function toNumber(value: IonValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Decimal) return value.numberValue();
  return (value as IonFloat).value;
}

/** A float result as an Ion float: an integral one wrapped, so it does not become an int. */
export function floatValue(value: number): number | IonFloat {
  return Number.isInteger(value) ? new IonFloat(value) : value;
}

/** An int result: a number when it is safe, a bigint otherwise. */
export function normalizeInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : bounded(value);
}

/** The most bits an int or a decimal's coefficient that PartiQL computes may have: a document of 128 KB could not hold more. */
const MAX_INTEGER_BITS = 2 ** 20;
const INTEGER_BOUND = 1n << BigInt(MAX_INTEGER_BITS);

/** `value`, unless it has more than MAX_INTEGER_BITS bits (then PartiqlLimitError), so repeated products cannot grow without end. */
function bounded(value: bigint): bigint {
  if (value >= INTEGER_BOUND || value <= -INTEGER_BOUND) throw new PartiqlLimitError('integerBits', MAX_INTEGER_BITS, `an integer of ${value.toString(16).length * 4}+ bits`);
  return value;
}

/** Any finite number, int or decimal as an exact decimal. */
export function exactOf(value: IonValue): Exact {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { coefficient: BigInt(value), exponent: 0 };
  if (typeof value === 'bigint') return { coefficient: value, exponent: 0 };
  if (value instanceof Decimal) {
    return { coefficient: value.getCoefficient(), exponent: value.getExponent(), negativeZero: value.isNegative() && value.getCoefficient() === 0n };
  }
  const parts = numericParts(toNumber(value)) ?? { sign: 0, digits: '', exponent: 0 };
  if (parts.sign === 0) return { coefficient: 0n, exponent: 0 };
  return { coefficient: BigInt(parts.sign) * BigInt(parts.digits), exponent: parts.exponent - parts.digits.length };
}

export function toDecimal(exact: Exact): Decimal {
  bounded(exact.coefficient);
  const negative = exact.coefficient < 0n || (exact.coefficient === 0n && exact.negativeZero === true);
  return new Decimal(exact.coefficient < 0n ? -exact.coefficient : exact.coefficient, exact.exponent, negative);
}

function intArithmetic(operator: ArithmeticOperator, x: number | bigint, y: number | bigint): number | bigint {
  if (typeof x === 'number' && typeof y === 'number' && operator !== '/') {
    if (operator === '%') return remainderOf(x, y);
    const result = operator === '+' ? x + y : operator === '-' ? x - y : x * y;
    if (Number.isSafeInteger(result)) return result;
  }
  const a = BigInt(x);
  const b = BigInt(y);
  switch (operator) {
    case '+':
      return normalizeInt(a + b);
    case '-':
      return normalizeInt(a - b);
    case '*':
      return normalizeInt(a * b);
    case '/':
      if (b === 0n) throw divisionByZero();
      return normalizeInt(a / b);
    default:
      if (b === 0n) throw divisionByZero();
      return normalizeInt(a % b);
  }
}

function remainderOf(x: number, y: number): number {
  if (y === 0) throw divisionByZero();
  return x % y || 0;
}

function floatArithmetic(operator: ArithmeticOperator, x: number, y: number): number {
  switch (operator) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    default:
      return x % y;
  }
}

function decimalArithmetic(operator: ArithmeticOperator, x: Exact, y: Exact): Exact {
  switch (operator) {
    case '+':
    case '-': {
      const [a, b, exponent] = align(x, y);
      return { coefficient: operator === '+' ? a + b : a - b, exponent };
    }
    case '*':
      return { coefficient: x.coefficient * y.coefficient, exponent: x.exponent + y.exponent };
    case '/':
      return divide(x, y);
    default: {
      if (y.coefficient === 0n) throw divisionByZero();
      const [a, b, exponent] = align(x, y);
      return { coefficient: a % b, exponent };
    }
  }
}

/** Both coefficients at the smaller exponent. */
function align(x: Exact, y: Exact): [bigint, bigint, number] {
  const exponent = Math.min(x.exponent, y.exponent);
  return [scale(x.coefficient, x.exponent - exponent), scale(y.coefficient, y.exponent - exponent), exponent];
}

function scale(coefficient: bigint, digits: number): bigint {
  if (digits > MAX_ALIGNMENT) throw new PartiqlEvaluationError(`decimal arithmetic between numbers ${digits} orders of magnitude apart is out of range`, digits);
  return coefficient * 10n ** BigInt(digits);
}

/** x / y to DIVISION_DIGITS significant digits, half to even, trailing zeros dropped down to the natural exponent. */
function divide(x: Exact, y: Exact): Exact {
  if (y.coefficient === 0n) throw divisionByZero();
  if (x.coefficient === 0n) return { coefficient: 0n, exponent: x.exponent - y.exponent };
  const shift = Math.max(0, DIVISION_DIGITS + 1 + digitCount(y.coefficient) - digitCount(x.coefficient));
  const numerator = scale(x.coefficient, shift);
  const inexact = numerator % y.coefficient !== 0n;
  let coefficient = numerator / y.coefficient;
  let exponent = x.exponent - y.exponent - shift;
  const excess = digitCount(coefficient) - DIVISION_DIGITS;
  if (excess > 0) {
    const divisor = 10n ** BigInt(excess);
    coefficient = roundHalfEven(coefficient / divisor, abs(coefficient % divisor) * 2n, divisor, inexact);
    exponent += excess;
  }
  const preferred = x.exponent - y.exponent;
  while (exponent < preferred && coefficient % 10n === 0n && coefficient !== 0n) {
    coefficient /= 10n;
    exponent++;
  }
  return { coefficient, exponent };
}

/** `kept` rounded by what was dropped (twice it, against the divisor; `inexact` when more was lost before). */
function roundHalfEven(kept: bigint, twiceDropped: bigint, divisor: bigint, inexact: boolean): bigint {
  const direction = kept < 0n ? -1n : 1n;
  const up = twiceDropped > divisor || (twiceDropped === divisor && (inexact || abs(kept) % 2n === 1n));
  return up ? kept + direction : kept;
}

function digitCount(value: bigint): number {
  return abs(value).toString().length;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function divisionByZero(): PartiqlEvaluationError {
  return new PartiqlEvaluationError('division by zero', 0);
}
