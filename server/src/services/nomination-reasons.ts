/**
 * Why a contestant was passed over for an award, for people (issue 16): "不是职工", not
 * "employee is false, not true". The answer carries a code and parameters (the web app words
 * them, like every refusal) and, because the reasons are part of the nominations workbook, the
 * Chinese and English texts the workbook prints.
 */
import type { PassedOverCause } from '@skills/scoring';

type Value = string | number | boolean | null;

/** Eligibility attributes with names people use; others are shown as the definition names them. */
const ATTRIBUTES: Record<string, readonly [string, string]> = {
  employee: ['职工', 'an employee'],
  gender: ['性别', 'gender'],
  delegation: ['代表队', 'delegation'],
  team: ['团队', 'team'],
  unit: ['单位', 'unit'],
  category: ['组别', 'category'],
};
const GENDER: Record<string, readonly [string, string]> = {
  M: ['男', 'male'],
  F: ['女', 'female'],
};

/** A value as people write it: 是/否 for yes-no, 男/女 for gender. */
function valueText(attribute: string, v: Value, lang: 0 | 1): string {
  if (v === null) return lang === 0 ? '未登记' : 'not recorded';
  if (attribute === 'gender') return GENDER[String(v)]?.[lang] ?? String(v);
  if (typeof v === 'boolean' || v === 'true' || v === 'false') {
    const yes = v === true || v === 'true';
    return lang === 0 ? (yes ? '是' : '否') : yes ? 'yes' : 'no';
  }
  return String(v);
}

export interface PassedOverReason {
  /** not_attribute ("不是职工"), is_attribute, not_recorded, not_allowed, below_min_score */
  readonly code: string;
  readonly params: Record<string, string>;
  /** "不是职工 (not an employee)": Chinese first, English second, for the workbook. */
  readonly text: string;
}

/** The reason a cause gives, worded in both languages. */
export function passedOverReason(cause: PassedOverCause): PassedOverReason {
  if (cause.kind === 'minScore') {
    const score = cause.score ?? '-';
    return {
      code: 'below_min_score',
      params: { score, min: cause.min },
      text: `成绩 ${score} 低于最低分 ${cause.min} (score ${score} is below the minimum ${cause.min})`,
    };
  }
  const { attribute, value, allowed } = cause;
  const [zh, en] = ATTRIBUTES[attribute] ?? [attribute, attribute];
  if (value === null) {
    return {
      code: 'not_recorded',
      params: { attribute: zh, attributeEn: en },
      text: `未登记${zh} (${en} not recorded)`,
    };
  }
  const yesNo = allowed.every((a) => typeof a === 'boolean' || a === 'true' || a === 'false');
  if (yesNo) {
    // A yes-no attribute: "不是职工" / "是职工" rather than "职工为否，须为是".
    const wanted = allowed.some((a) => a === true || a === 'true');
    return {
      code: wanted ? 'not_attribute' : 'is_attribute',
      params: { attribute: zh, attributeEn: en },
      text: wanted ? `不是${zh} (not ${en})` : `是${zh} (is ${en})`,
    };
  }
  const params = {
    attribute: zh,
    attributeEn: en,
    value: valueText(attribute, value, 0),
    valueEn: valueText(attribute, value, 1),
    allowed: allowed.map((a) => valueText(attribute, a, 0)).join('、'),
    allowedEn: allowed.map((a) => valueText(attribute, a, 1)).join(' / '),
  };
  return {
    code: 'not_allowed',
    params,
    text: `${zh}为${params.value}，须为${params.allowed} (${en} is ${params.valueEn}, must be ${params.allowedEn})`,
  };
}
