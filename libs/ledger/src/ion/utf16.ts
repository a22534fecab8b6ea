// UTF-16 checks for strings that must become UTF-8, which cannot carry an unpaired surrogate.

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnpairedSurrogate(text: string): boolean {
  return UNPAIRED_SURROGATE.test(text);
}

export const UNPAIRED_SURROGATE_PROBLEM = 'holds an unpaired UTF-16 surrogate, which has no UTF-8 form';
