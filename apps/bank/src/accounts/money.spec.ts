// Money as Ion decimals in cents: parsing the API's strings, exact arithmetic, typed errors.
import { Decimal, toIon } from 'nestjs-ledger';
import { InvalidAmountError } from './invalid-amount.error';
import { addMoney, compareMoney, isPositiveMoney, money, moneyText, subtractMoney } from './money';

describe('money', () => {
  it('parses decimal strings into decimals with two fractional digits', () => {
    expect(['0', '25', '25.5', '25.50', '0.07', '999999999999999.99'].map((text) => toIon(money(text), 'text'))).toEqual([
      '0.00',
      '25.00',
      '25.50',
      '25.50',
      '0.07',
      '999999999999999.99',
    ]);
  });

  it('refuses anything else with InvalidAmountError naming the value', () => {
    for (const text of ['', '-1', '+1', '1.234', '1e3', ' 1', '1,5', '.5', '5.', 'NaN', '1234567890123456']) {
      expect(() => money(text)).toThrow(new InvalidAmountError(text));
    }
    expect(() => money(12 as unknown as string)).toThrow(InvalidAmountError);
  });

  it('adds, subtracts and compares exactly, whatever the operands\' precision', () => {
    expect(moneyText(addMoney(money('0.10'), money('0.20')))).toBe('0.30');
    expect(moneyText(subtractMoney(money('0.30'), money('0.10')))).toBe('0.20');
    expect(moneyText(subtractMoney(money('1'), money('2.5')))).toBe('-1.50');
    expect(moneyText(addMoney(new Decimal('1.5'), new Decimal('2')))).toBe('3.50');
    expect(compareMoney(money('0.2'), subtractMoney(money('0.3'), money('0.1')))).toBe(0);
    expect(compareMoney(money('10'), money('9.99'))).toBe(1);
    expect(compareMoney(money('9.99'), money('10'))).toBe(-1);
    expect(moneyText(addMoney(money('999999999999999.99'), money('0.01')))).toBe('1000000000000000.00');
  });

  it('counts only a decimal of at most two fractional digits above zero as a positive amount', () => {
    expect([money('0.01'), new Decimal('5'), new Decimal('0.00'), new Decimal('-0.01'), new Decimal('0.001'), 0.5, '1'].map(isPositiveMoney)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
