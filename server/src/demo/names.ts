/**
 * Names for the demo data: Chinese surnames and given names, 厦门 employers for the EV battery
 * competition and 35 forest-firefighting delegations. All invented people; the units are real
 * organisations used only as plausible delegation names for a demo.
 */
import type { Random } from './random.ts';

/** Common surnames, roughly by national frequency (most frequent first). */
// prettier-ignore
export const SURNAMES: readonly string[] = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡',
  '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹',
  '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏',
  '苏', '吕', '丁', '任', '卢', '姚', '沈', '钟', '姜', '崔', '谭', '陆', '范', '汪', '廖',
  '石', '金', '韦', '贾', '夏', '付', '方', '邹', '熊', '白', '孟', '秦', '邱', '侯', '江',
  '尹', '薛', '闫', '段', '雷', '龙', '黎', '史', '陶', '贺', '毛', '郝', '顾', '龚', '邵',
  '欧阳', '司马',
];

/** Surnames frequent in 闽南 (厦门, 泉州, 漳州), most frequent first. */
// prettier-ignore
export const MINNAN_SURNAMES: readonly string[] = [
  '陈', '林', '黄', '吴', '王', '李', '张', '郑', '许', '蔡', '洪', '杨', '庄', '苏', '曾',
  '叶', '柯', '卢', '施', '郭', '谢', '周', '颜', '傅', '康', '汪', '詹', '魏',
];

// prettier-ignore
export const MALE_GIVEN_NAMES: readonly string[] = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '辉', '鹏', '华', '飞',
  '建国', '志强', '海波', '晓东', '文华', '国栋', '永平', '俊杰', '子豪', '宇航', '浩然',
  '明辉', '振华', '家豪', '思远', '立新', '伟东', '建华', '志明', '晓峰', '文斌', '德明',
  '金龙', '春生', '少华', '一鸣', '天佑', '俊豪', '志伟', '建军', '国强', '海峰', '晓明',
  '凯文', '泽宇', '嘉伟', '文杰', '宏伟', '振宇', '荣华', '永强', '世杰', '东升', '承志',
  '鸿飞', '庆丰', '树林', '长青', '卫东', '兴旺', '锦辉', '志刚', '少杰', '雨辰', '铭轩',
];

// prettier-ignore
export const FEMALE_GIVEN_NAMES: readonly string[] = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '婷', '雪', '琳', '颖', '慧', '倩', '洁',
  '丽娟', '晓燕', '美玲', '雅琴', '海燕', '秀英', '婷婷', '思琪', '雨欣', '佳怡', '慧敏',
  '晓丽', '春梅', '玉兰', '艳红', '静怡', '梦瑶', '诗涵', '欣悦', '雪梅', '碧霞', '淑珍',
];

/**
 * A name generator that never repeats a full name within one competition (real rosters do
 * repeat names, but a demo is easier to read without). `local` surnames, when given, are drawn
 * for that share of people (厦门 employers hire mostly 闽南 locals).
 */
export function makeNamer(
  rng: Random,
  local?: { readonly surnames: readonly string[]; readonly share: number },
): (gender: 'M' | 'F') => string {
  const used = new Set<string>();
  return (gender) => {
    for (;;) {
      const surnames = local && rng.chance(local.share) ? local.surnames : SURNAMES;
      const given = gender === 'F' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES;
      const name = rng.pickSkewed(surnames) + rng.pick(given);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

/** 厦门 employers sending contestants to the EV battery competition, largest delegation first. */
export const XIAMEN_EMPLOYERS: readonly string[] = [
  '厦门金龙汽车集团',
  '国网厦门供电公司',
  '宁德时代厦门基地',
  '厦门公交集团',
  '厦门海辰储能',
  '厦门金龙旅行车有限公司',
  '厦门新能安科技',
  '中创新航厦门基地',
  '厦门厦钨新能源',
  '厦门建发汽车',
  '厦门国贸汽车',
];

/** A vocational college whose students enter alongside the employees (not 职工). */
export const XIAMEN_COLLEGE = '厦门技师学院';

export interface ForestDelegation {
  /** 代表队: a 森林消防 brigade, a 森工 group, or a provincial 林草 authority. */
  readonly name: string;
  /** 单位: where its contestants work (支队, 林业局, 国有林场 …). */
  readonly units: readonly string[];
}

/** 35 delegations of the national forest-firefighting competition, one team of 10 each. */
export const FOREST_DELEGATIONS: readonly ForestDelegation[] = [
  {
    name: '内蒙古森林消防总队',
    units: ['内蒙古森林消防总队呼伦贝尔支队', '内蒙古森林消防总队兴安盟支队'],
  },
  {
    name: '黑龙江省森林消防总队',
    units: ['黑龙江省森林消防总队大兴安岭支队', '黑龙江省森林消防总队伊春支队'],
  },
  {
    name: '吉林省森林消防总队',
    units: ['吉林省森林消防总队延边支队', '吉林省森林消防总队白山支队'],
  },
  {
    name: '云南省森林消防总队',
    units: ['云南省森林消防总队昆明支队', '云南省森林消防总队大理支队'],
  },
  {
    name: '四川省森林消防总队',
    units: ['四川省森林消防总队凉山支队', '四川省森林消防总队甘孜支队'],
  },
  {
    name: '西藏自治区森林消防总队',
    units: ['西藏自治区森林消防总队林芝支队', '西藏自治区森林消防总队拉萨支队'],
  },
  {
    name: '新疆维吾尔自治区森林消防总队',
    units: ['新疆维吾尔自治区森林消防总队阿勒泰支队', '新疆维吾尔自治区森林消防总队伊犁支队'],
  },
  {
    name: '福建省森林消防总队',
    units: ['福建省森林消防总队三明支队', '福建省森林消防总队南平支队'],
  },
  {
    name: '广西壮族自治区森林消防总队',
    units: ['广西壮族自治区森林消防总队南宁支队', '广西壮族自治区森林消防总队桂林支队'],
  },
  {
    name: '甘肃省森林消防总队',
    units: ['甘肃省森林消防总队甘南支队', '甘肃省森林消防总队小陇山支队'],
  },
  { name: '大兴安岭林业集团', units: ['图强林业局', '阿木尔林业局'] },
  { name: '内蒙古森工集团', units: ['根河林业局', '阿尔山林业局'] },
  { name: '龙江森工集团', units: ['桦南林业局', '东京城林业局'] },
  { name: '伊春森工集团', units: ['带岭林业局', '乌马河林业局'] },
  { name: '长白山森工集团', units: ['露水河林业局', '白石山林业局'] },
  { name: '北京市园林绿化局', units: ['西山试验林场', '八达岭林场'] },
  { name: '河北省林业和草原局', units: ['塞罕坝机械林场', '木兰围场国有林场'] },
  { name: '山西省林业和草原局', units: ['管涔山国有林管理局', '太岳山国有林管理局'] },
  { name: '辽宁省林业和草原局', units: ['本溪市森林消防大队', '抚顺市森林消防大队'] },
  { name: '江苏省林业局', units: ['南京市老山林场', '宜兴市国有林场'] },
  { name: '浙江省林业局', units: ['丽水市森林消防支队', '衢州市森林消防支队'] },
  { name: '安徽省林业局', units: ['黄山市森林消防支队', '六安市森林消防支队'] },
  { name: '江西省林业局', units: ['赣州市森林消防支队', '宜春市森林消防支队'] },
  { name: '山东省林业局', units: ['泰安市森林消防支队', '烟台市昆嵛山林场'] },
  { name: '河南省林业局', units: ['洛阳市森林消防支队', '南阳市森林消防支队'] },
  { name: '湖北省林业局', units: ['神农架林区森林消防大队', '恩施州森林消防支队'] },
  { name: '湖南省林业局', units: ['张家界市森林消防支队', '怀化市森林消防支队'] },
  { name: '广东省林业局', units: ['韶关市森林消防支队', '梅州市森林消防支队'] },
  { name: '海南省林业局', units: ['五指山市森林消防大队', '琼中县森林消防大队'] },
  { name: '重庆市林业局', units: ['万州区森林消防大队', '酉阳县森林消防大队'] },
  { name: '贵州省林业局', units: ['黔东南州森林消防支队', '遵义市森林消防支队'] },
  { name: '陕西省林业局', units: ['宁东林业局', '宁西林业局'] },
  { name: '青海省林业和草原局', units: ['互助北山国有林场', '大通宝库林场'] },
  { name: '宁夏回族自治区林业和草原局', units: ['六盘山林业局', '贺兰山管理局'] },
  { name: '新疆生产建设兵团林业和草原局', units: ['第四师森林消防大队', '第十师森林消防大队'] },
];
