/**
 * Whether a judge and a contestant come from the same 工作单位, for conflicts of interest (issue
 * 16). Organizers write a unit several ways: 国网厦门, 国网厦门供电公司, 国网厦门 供电公司, full-width
 * letters and digits. Both names are normalised (NFKC folds full-width characters, whitespace
 * goes, case is ignored, the common endings 股份有限公司/有限责任公司/有限公司/供电公司/分公司/公司
 * are dropped) and the units match when one normalised name contains the other. A flag is a
 * prompt for the organizer to look, so a looser match errs on the side of showing it.
 */

/** Longest first, so 有限公司 goes before 公司. */
const SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '供电公司', '分公司', '公司'];

/** A unit name as it is compared: "国网厦门供电公司" → "国网厦门". */
export function unitKey(unit: string): string {
  let key = unit.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (key.endsWith(suffix) && key.length > suffix.length) {
        key = key.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return key;
}

/** Whether two unit names name the same unit, or one names a part of the other. */
export function sameUnit(a: string, b: string): boolean {
  const x = unitKey(a);
  const y = unitKey(b);
  if (x === '' || y === '') return false;
  return x.includes(y) || y.includes(x);
}
