/**
 * Numbers as the public pages print them: the contract's one formatter (decimals at the table's
 * precision, times as m:ss.xx), which the print views and the nominations workbook use too.
 */
export { clock, decimal, nonzero, resultText } from '@skills/server/contract';
