import { describe, expect, it } from 'vitest';
import {
  FIELDS,
  columnUse,
  fieldOfHeader,
  maskIdNumber,
  maskPhone,
  type ImportKind,
} from './import-columns.ts';

describe('the import column table', () => {
  it('reads the headers of an organizer’s 报名表', () => {
    const read = (kind: ImportKind, header: string): string | undefined =>
      fieldOfHeader(kind, header)?.key;
    expect(read('contestants', '序号')).toBe('seq');
    expect(read('contestants', '姓名')).toBe('name');
    for (const unit of ['工作单位', '单位', '所在单位', '单位名称', ' 工作单位： ', 'Unit']) {
      expect(read('contestants', unit), unit).toBe('unit');
    }
    expect(read('contestants', '代表队')).toBe('delegation');
    expect(read('contestants', '性别')).toBe('gender');
    expect(read('contestants', '是否职工')).toBe('employee');
    expect(read('contestants', '身份证号码')).toBe('idNumber');
    expect(read('contestants', '手机号')).toBe('phone');
    expect(read('contestants', '姓名 (Name)')).toBe('name');
    expect(read('judges', '工作单位')).toBe('unit');
    expect(read('teams', '团队名称')).toBe('name');
    expect(read('contestants', '备注')).toBeUndefined();
  });

  it('has no header that means two fields of one kind', () => {
    for (const [kind, fields] of Object.entries(FIELDS)) {
      const all = fields.flatMap((f) => f.synonyms);
      expect(new Set(all).size, kind).toBe(all.length);
    }
  });

  it('lets the mapping decide first, then the synonyms, then the awards’ attributes', () => {
    const awards = new Set(['级别']);
    expect(columnUse('contestants', 'F', '备注', { F: 'drop' }, awards)).toEqual({ as: 'drop' });
    expect(columnUse('contestants', 'F', '备注', { F: 'attribute' }, awards)).toEqual({
      as: 'attribute',
      name: '备注',
    });
    expect(columnUse('contestants', 'C', '单位', {}, awards)).toEqual({ as: 'field', key: 'unit' });
    expect(columnUse('contestants', 'G', '级别', {}, awards)).toEqual({
      as: 'attribute',
      name: '级别',
    });
    expect(columnUse('contestants', 'H', '备注', {}, awards)).toEqual({ as: 'unmapped' });
  });

  it('masks ID numbers and phones, hiding their length', () => {
    expect(maskIdNumber('110101199001011234')).toBe('1101********1234');
    expect(maskIdNumber('11010119900101123X')).toBe('1101********123X');
    expect(maskIdNumber('1234567')).toBe('********');
    expect(maskPhone('13800005678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('****');
  });
});
