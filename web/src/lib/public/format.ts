/**
 * Numbers as the public pages print them: the contract's one formatter (decimals at the table's
 * precision, times as m:ss.xx), which the print views and the nominations workbook use too. From
 * its own module, not the contract's index: that one brings zod, which public pages do without.
 */
export { clock, decimal, nonzero, resultText } from '@skills/server/number-text';
