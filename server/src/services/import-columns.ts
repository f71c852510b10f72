/**
 * The one table of what an import's columns mean (issue 16): for each kind of file, the fields
 * it may hold, each with its Chinese and English labels and every header an organizer's own
 * 报名表 uses for it (工作单位, 单位, 所在单位 → unit …). A header that names no field is
 * "unmapped": the preview shows it and the organizer maps it to a field, keeps it as an award
 * attribute (contestants) or drops it; a commit with an unmapped column is refused, so nothing
 * is stored, or left out, silently. The downloadable templates are written from the same table.
 */
import type { IMPORT_KIND_NAMES } from '../contract/api.ts';

export type ImportKind = (typeof IMPORT_KIND_NAMES)[number];

export interface FieldSpec {
  readonly key: string;
  /** 中文, English: the template's header and the console's label. */
  readonly label: readonly [string, string];
  /** Headers that mean this field (compared without case, spaces and a trailing colon). */
  readonly synonyms: readonly string[];
  readonly required?: boolean;
  /** Personal data (身份证号, 联系电话): stored apart, shown masked, never public. */
  readonly personal?: boolean;
  /** Kept as this award-eligibility attribute of the contestant. */
  readonly attribute?: string;
  /** In the downloadable template (the others are recognised, not offered). */
  readonly template?: boolean;
  /** An example for the template's second row. */
  readonly example?: string;
}

/**
 * 序号: the row's number in the organizer's list. Kept as the bib when the file has no 参赛号
 * column, ignored otherwise (judges: always ignored).
 */
export const SEQUENCE = 'seq';

/** 身份证号 and 联系电话: contestants' and judges' alike, kept only if the organizer keeps them. */
const PERSONAL_COLUMNS: readonly FieldSpec[] = [
  {
    key: 'idNumber',
    label: ['身份证号', 'ID number'],
    synonyms: ['身份证号', '身份证号码', '身份证', '证件号码', 'id number', 'id card'],
    personal: true,
    template: true,
    example: '110101199001011234',
  },
  {
    key: 'phone',
    label: ['联系电话', 'Phone'],
    synonyms: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', 'phone', 'mobile'],
    personal: true,
    template: true,
    example: '13800005678',
  },
];

export const FIELDS: Readonly<Record<ImportKind, readonly FieldSpec[]>> = {
  contestants: [
    {
      key: SEQUENCE,
      label: ['序号', 'No.'],
      synonyms: ['序号', '序', 'no', 'no.', '#'],
      template: true,
      example: '1',
    },
    {
      key: 'id',
      label: ['选手编号', 'Id'],
      synonyms: ['id', '编号', '选手编号', '选手id'],
    },
    {
      key: 'bib',
      label: ['参赛号', 'Bib'],
      synonyms: ['bib', '参赛号', '参赛编号', '参赛证号', '号码'],
    },
    {
      key: 'name',
      label: ['姓名', 'Name'],
      synonyms: ['name', '姓名', '名字', '选手姓名'],
      required: true,
      template: true,
      example: '张三',
    },
    {
      key: 'gender',
      label: ['性别', 'Gender'],
      synonyms: ['gender', 'sex', '性别'],
      template: true,
      example: '男',
    },
    {
      key: 'unit',
      label: ['工作单位', 'Unit'],
      synonyms: [
        'unit',
        '单位',
        '工作单位',
        '所在单位',
        '单位名称',
        '工作单位名称',
        '企业',
        '所在企业',
      ],
      template: true,
      example: '国网厦门供电公司',
    },
    {
      key: 'delegation',
      label: ['代表队', 'Delegation'],
      synonyms: ['delegation', '代表队', '参赛队', '队伍', '所属代表队'],
      template: true,
      example: '国网厦门',
    },
    {
      key: 'station',
      label: ['工位号', 'Station'],
      synonyms: ['station', '工位号', '工位'],
    },
    {
      key: 'team',
      label: ['团队', 'Team'],
      synonyms: ['team', '团队', '团队编号'],
    },
    {
      key: 'events',
      label: ['赛项', 'Events'],
      synonyms: ['events', '赛项', '参赛项目', '比赛项目', '项目'],
    },
    {
      key: 'employee',
      label: ['是否职工', 'Employee'],
      synonyms: ['是否职工', 'employee', '在职职工'],
      attribute: 'employee',
      template: true,
      example: '是',
    },
    ...PERSONAL_COLUMNS,
  ],
  teams: [
    {
      key: 'id',
      label: ['团队编号', 'Id'],
      synonyms: ['id', '编号', '团队编号'],
      required: true,
      template: true,
      example: 'T1',
    },
    {
      key: 'name',
      label: ['团队名称', 'Name'],
      synonyms: ['name', '名称', '团队名称', '队名'],
      required: true,
      template: true,
      example: '国网厦门一队',
    },
    {
      key: 'delegation',
      label: ['代表队', 'Delegation'],
      synonyms: ['delegation', '代表队', '参赛队', '所属代表队'],
      template: true,
      example: '国网厦门',
    },
    {
      key: 'members',
      label: ['成员', 'Members'],
      synonyms: ['members', '成员', '队员', '成员编号'],
      template: true,
      example: '1；2',
    },
    {
      key: 'events',
      label: ['赛项', 'Events'],
      synonyms: ['events', '赛项', '参赛项目'],
    },
  ],
  judges: [
    {
      key: SEQUENCE,
      label: ['序号', 'No.'],
      synonyms: ['序号', '序', 'no', 'no.', '#'],
      template: true,
      example: '1',
    },
    {
      key: 'code',
      label: ['裁判编号', 'Judge code'],
      synonyms: ['code', '裁判编号', '编号', '裁判号'],
      required: true,
      template: true,
      example: 'J01',
    },
    {
      key: 'name',
      label: ['姓名', 'Name'],
      synonyms: ['name', '姓名', '裁判姓名'],
      required: true,
      template: true,
      example: '李四',
    },
    {
      key: 'unit',
      label: ['工作单位', 'Unit'],
      synonyms: ['unit', '单位', '工作单位', '所在单位', '单位名称'],
      template: true,
      example: '厦门技师学院',
    },
    {
      key: 'pin',
      label: ['PIN', 'PIN'],
      synonyms: ['pin', '密码', '登录密码', 'pin码'],
      required: true,
      template: true,
      example: '000001',
    },
    // A judge's own 身份证号 and 联系电话: kept and masked as a contestant's are.
    ...PERSONAL_COLUMNS,
  ],
};

/** What a column is taken as. */
export type ColumnUse =
  | { readonly as: 'field'; readonly key: string }
  /** An award attribute named as the header is written (contestants). */
  | { readonly as: 'attribute'; readonly name: string }
  | { readonly as: 'drop' }
  | { readonly as: 'unmapped' };

/** How the organizer maps a column, by its letter: a field's key, "attribute" or "drop". */
export type ColumnMapping = Readonly<Record<string, string>>;

/** "姓名", "Name", "姓名 (Name)", "姓名（name）", " 姓名： " all name the same column. */
export function headerCandidates(raw: string): string[] {
  const text = raw
    .trim()
    .toLowerCase()
    .replace(/[:：*＊]+$/u, '')
    .trim();
  const m = /^(.*?)\s*[(（]\s*(.*?)\s*[)）]$/.exec(text);
  const all = m ? [text, m[1] ?? '', m[2] ?? ''] : [text];
  return all.map((s) => s.replace(/\s+/g, ' '));
}

/** The field a header names, by the synonyms table (or undefined). */
export function fieldOfHeader(kind: ImportKind, raw: string): FieldSpec | undefined {
  const candidates = headerCandidates(raw);
  return FIELDS[kind].find((s) => s.synonyms.some((n) => candidates.includes(n)));
}

export function fieldSpec(kind: ImportKind, key: string): FieldSpec | undefined {
  return FIELDS[kind].find((s) => s.key === key);
}

/**
 * A column's use: the organizer's mapping first, then the synonyms, then (contestants) an
 * attribute the definition's awards ask for by that very name; else unmapped. A mapping that
 * names no field of the kind is reported by the caller (`mappingProblem`).
 */
export function columnUse(
  kind: ImportKind,
  letter: string,
  header: string,
  mapping: ColumnMapping,
  awardAttributes: ReadonlySet<string>,
): ColumnUse {
  const chosen = mapping[letter];
  if (chosen !== undefined) {
    if (chosen === 'drop') return { as: 'drop' };
    if (chosen === 'attribute') return { as: 'attribute', name: header.trim() };
    return { as: 'field', key: chosen };
  }
  const spec = fieldOfHeader(kind, header);
  if (spec) return { as: 'field', key: spec.key };
  if (kind === 'contestants' && awardAttributes.has(header.trim())) {
    return { as: 'attribute', name: header.trim() };
  }
  return { as: 'unmapped' };
}

/** Why a mapping entry cannot be used (or null): a field the kind has no column for. */
export function mappingProblem(kind: ImportKind, target: string): string | null {
  if (target === 'drop') return null;
  if (target === 'attribute') {
    return kind === 'contestants' ? null : `only contestants have attributes`;
  }
  return fieldSpec(kind, target) ? null : `no field "${target}" in a ${kind} file`;
}

/** 110101199001011234 → 1101********1234: the first and last four kept, the length hidden. */
export function maskIdNumber(value: string): string {
  const v = value.trim();
  return v.length <= 8 ? '********' : `${v.slice(0, 4)}********${v.slice(-4)}`;
}

/** 13800005678 → 138****5678: the first three and last four kept. */
export function maskPhone(value: string): string {
  const v = value.trim();
  return v.length <= 7 ? '****' : `${v.slice(0, 3)}****${v.slice(-4)}`;
}

export function maskPersonal(key: string, value: string): string {
  return key === 'idNumber' ? maskIdNumber(value) : maskPhone(value);
}

/** 身份证号: 18 characters (17 digits and a digit or X), or the old 15 digits. */
export const ID_NUMBER = /^(\d{17}[\dXx]|\d{15})$/;
/** 联系电话: digits, with +, spaces, dashes and brackets; 5 to 20 digits. */
export const PHONE = /^\+?[\d\s\-()（）]{5,24}$/;
