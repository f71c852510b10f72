/**
 * The nominations as a workbook (推荐名单): one sheet per award, then the snapshots they came
 * from, each sheet carrying the rules and definition version and the snapshot hash. It lives
 * apart from reading the nominations because it only formats what readNominations returned.
 */
import type { Competition } from '@skills/scoring';
import type { Nominations } from '../contract/api.ts';
import { clock } from '../contract/number-text.ts';
import type { CsvCell } from '../files/csv.ts';
import { XLSX_TYPE, entrantColumns, workbookBytes, type TableSheet } from '../files/xlsx.ts';
import type { FileAnswer } from '../files/file-answer.ts';
import { exactValue } from '../standings/precision.ts';

const STATUS: Record<string, string> = {
  setup: '未开始 (not started)',
  live: '进行中 (live)',
  frozen: '已封榜 (frozen)',
  final: '已定稿 (final)',
};

/** What a pending award waits for, in both languages: 赛项“理论考试”未定稿 (…). */
function waitingText(w: Nominations['pending'][number]['waiting'][number]): string {
  if (w.code === 'waits_for_award') return `奖项“${w.name}” (award “${w.name}”)`;
  if (w.code === 'changed_since_final') {
    return `赛项“${w.name}”定稿后成绩有变，需重新定稿 (event “${w.name}” changed after it was finalized)`;
  }
  return `赛项“${w.name}”未定稿：${STATUS[w.status ?? 'setup'] ?? w.status} (event “${w.name}” is not final)`;
}

type Award = Nominations['awards'][number];

/**
 * What a nominee ranked on, printed as the board prints it: a time as m:ss.xx (text), anything
 * else a decimal cell at the table's places (83.00 stays 83.00).
 */
function valueCell(definition: Competition, award: Award, x: Award['nominations'][number]) {
  const s = award.standings;
  const timed =
    s.of !== 'overall' && definition.events.find((e) => e.id === s.id)?.rankBy.by === 'time';
  const shown = x.value ?? x.score;
  if (timed) return clock(shown);
  return exactValue(shown) ? { decimal: shown as string } : null;
}

/**
 * The nominations as a workbook: one sheet per award, then the snapshots they came from. The
 * definition says which awards rank on a time.
 */
export async function nominationsFile(
  n: Nominations,
  definition: Competition,
): Promise<FileAnswer> {
  const provenance = `规则版本 (Rules version) ${n.rulesVersion} · 定义版本 (Definition version) ${n.definitionVersion} · 快照哈希 (Snapshot hash) ${n.snapshotHash}`;
  const sheetsOut: TableSheet[] = n.awards.map((a) => {
    const rows: CsvCell[][] = a.nominations.map((x) => {
      const judges = [...new Set(x.sheets.map((s) => s.judge))].join('、');
      const verifiers = [...new Set(x.sheets.flatMap((s) => s.verifiedBy ?? []))].join('、');
      return [
        x.place,
        x.rank,
        x.competitor,
        x.bib,
        x.name,
        x.unit,
        x.delegation,
        valueCell(definition, a, x),
        x.movedUp ? `递补 (moved up over ${x.over.join(', ')})` : null,
        `${x.sheets.length} 张 (sheets) · 裁判 (judges) ${judges || '-'} · 复核 (verified by) ${verifiers || '-'}`,
      ];
    });
    if (a.passedOver.length > 0) {
      rows.push([], ['未获推荐 (Passed over)']);
      for (const p of a.passedOver) {
        rows.push([null, p.rank, p.competitor, p.bib, p.name, null, null, null, p.reason, null]);
      }
    }
    return {
      name: a.name,
      title: [`${n.competitionName} · ${a.name} · ${provenance}`],
      columns: [
        { header: '推荐名次 (Place)', width: 10 },
        ...entrantColumns({ header: '姓名 (Name)', width: 14 }, { people: true }),
        { header: '成绩 (Score)', width: 10 },
        { header: '递补 (Moved up)', width: 30 },
        { header: '评分表 (Sheets)', width: 50 },
      ],
      rows,
    };
  });
  if (n.pending.length > 0) {
    // Awards not computed yet say what they wait for, so a partial workbook reads as partial.
    sheetsOut.push({
      name: '待定 (Pending)',
      title: [
        `${n.competitionName} · 以下奖项待相关赛项定稿后计算 (computed once their events are final)`,
      ],
      columns: [
        { header: '奖项 (Award)', width: 24 },
        { header: '等待 (Waiting for)', width: 60 },
      ],
      rows: n.pending.map((p) => [p.name, p.waiting.map(waitingText).join('；')]),
    });
  }
  sheetsOut.push({
    name: '快照 (Snapshots)',
    title: [`${n.competitionName} · ${provenance}`],
    columns: [
      { header: '范围 (Scope)', width: 20 },
      { header: '修订 (Revision)', width: 10 },
      { header: '表哈希 (Table hash)', width: 70 },
      { header: '定稿时间 (Finalized at)', width: 26 },
      { header: '定义版本 (Definition version)', width: 12 },
    ],
    rows: n.snapshots.map((s) => [s.scope, s.rev, s.hash, s.finalizedAt, s.definitionVersion]),
  });
  return {
    bytes: await workbookBytes(sheetsOut),
    type: XLSX_TYPE,
    name: `${n.competitionName}-推荐名单.xlsx`,
    fallback: `${n.competitionId}-nominations.xlsx`,
    headers: { 'x-snapshot-hash': n.snapshotHash },
  };
}
