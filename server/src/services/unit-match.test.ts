/** The looser 工作单位 match behind conflict-of-interest flags (issue 16). */
import { describe, expect, it } from 'vitest';
import { sameUnit, unitKey } from './unit-match.ts';

describe('unit match', () => {
  it('matches a unit written with and without its company ending', () => {
    expect(sameUnit('国网厦门', '国网厦门供电公司')).toBe(true);
    expect(sameUnit('厦门金龙客车有限公司', '厦门金龙客车')).toBe(true);
    expect(sameUnit('国网福建电力有限责任公司', '国网福建电力')).toBe(true);
    expect(sameUnit('比亚迪股份有限公司', '比亚迪')).toBe(true);
    expect(sameUnit('中国石化厦门分公司', '中国石化厦门')).toBe(true);
  });

  it('ignores whitespace, full-width characters and case', () => {
    expect(sameUnit(' 国网 厦门 供电公司 ', '国网厦门')).toBe(true);
    expect(sameUnit('ＡＢＣ１２３公司', 'abc123')).toBe(true);
    expect(unitKey('国网厦门　供电公司')).toBe('国网厦门');
  });

  it('matches when one unit name contains the other', () => {
    expect(sameUnit('国网厦门供电公司检修分公司', '国网厦门')).toBe(true);
  });

  it('keeps different units apart', () => {
    expect(sameUnit('国网厦门供电公司', '厦门金龙客车有限公司')).toBe(false);
    expect(sameUnit('国网厦门', '国网泉州')).toBe(false);
  });

  it('never matches an empty or suffix-only name', () => {
    expect(sameUnit('', '国网厦门')).toBe(false);
    expect(sameUnit('   ', '国网厦门')).toBe(false);
    expect(unitKey('公司')).toBe('公司');
  });
});
