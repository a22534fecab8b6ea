// Money in the bank: Ion decimals with two fractional digits (cents), never JavaScript numbers.
// Parses the decimal strings the API takes, adds, subtracts and compares exactly (through bigint
// cents) and renders amounts back as the same strings.
import { Decimal, describeValue } from 'nestjs-ledger';
import { InvalidAmountError } from './invalid-amount.error';

/** What the API accepts as an amount: up to 15 digits, then optionally a point and one or two digits. */
export const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,2})?$/;

const CENTS_EXPONENT = -2;

/** `text` ("25", "25.5", "25.50") as an Ion decimal in cents (25.50); InvalidAmountError otherwise. */
export function money(text: string): Decimal {
  if (typeof text !== 'string' || !AMOUNT_PATTERN.test(text)) throw new InvalidAmountError(text);
  const [units, fraction = ''] = text.split('.');
  return fromCents(BigInt(units + fraction.padEnd(2, '0')));
}

/** Whether `value` is a decimal with at most two fractional digits (what money() makes). */
export function isMoney(value: unknown): value is Decimal {
  return value instanceof Decimal && value.getExponent() >= CENTS_EXPONENT;
}

/** Whether `value` is money greater than zero. */
export function isPositiveMoney(value: unknown): value is Decimal {
  return isMoney(value) && cents(value) > 0n;
}

export function addMoney(a: Decimal, b: Decimal): Decimal {
  return fromCents(cents(a) + cents(b));
}

export function subtractMoney(a: Decimal, b: Decimal): Decimal {
  return fromCents(cents(a) - cents(b));
}

/** Negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareMoney(a: Decimal, b: Decimal): number {
  const difference = cents(a) - cents(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** An amount as the API shows it: "25.50". */
export function moneyText(value: Decimal): string {
  return fromCents(cents(value)).toString();
}

/** A description of a value that should have been money, for error messages. */
export function describeMoney(value: unknown): string {
  return value instanceof Decimal ? value.toString() : describeValue(value);
}

export const ZERO_MONEY = fromCents(0n);

function cents(value: Decimal): bigint {
  if (!isMoney(value)) throw new InvalidAmountError(describeMoney(value));
  return value.getCoefficient() * 10n ** BigInt(value.getExponent() - CENTS_EXPONENT);
}

function fromCents(amount: bigint): Decimal {
  return new Decimal(amount < 0n ? -amount : amount, CENTS_EXPONENT, amount < 0n);
}
