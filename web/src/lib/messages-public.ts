/** Strings of the public pages and the big screen: Chinese (zh-CN) first, English second (see messages.ts). */
import type { Messages } from './messages.ts';

export const PUBLIC_MESSAGES = {
  'pub.results': ['成绩公布', 'Results'],
  'pub.allCompetitions': ['全部竞赛', 'All competitions'],
  'pub.openResults': ['查看成绩', 'Results'],
  'pub.schedule': ['赛程与成绩', 'Schedule and results'],
  'pub.day': ['第 {day} 天', 'Day {day}'],
  'pub.unscheduled': ['日程待定', 'Not yet scheduled'],
  'pub.noEvents': ['暂无项目。', 'No events yet.'],
  'pub.overallTitle': ['总成绩与代表队排名', 'Overall and delegation standings'],
  'pub.leaderboard': ['成绩榜', 'Leaderboard'],
  'pub.teams': ['团体成绩', 'Team standings'],
  'pub.individual': ['个人成绩', 'Individuals'],
  'pub.teamsShort': ['团体成绩', 'Teams'],
  'pub.bigScreen': ['大屏', 'Big screen'],
  'pub.openScreen': ['大屏显示', 'Big-screen view'],
  'pub.notFound': ['找不到该竞赛。', 'This competition was not found.'],
  'pub.loadFailed': ['无法加载：{reason}', 'Cannot load: {reason}'],
  'pub.loading': ['正在加载…', 'Loading…'],

  'pub.phase.hidden': ['未公布', 'Not published'],
  'pub.phase.provisional': ['实时（临时）', 'Live (provisional)'],
  'pub.phase.frozen': ['已封榜', 'Frozen'],
  'pub.phase.reveal': ['揭晓中', 'Revealing'],
  'pub.phase.official': ['正式', 'Official'],

  'pub.scope.individual': ['个人总成绩', 'Individual overall'],
  'pub.scope.team': ['团体总成绩', 'Team overall'],
  'pub.scope.delegation': ['代表队排名', 'Delegation standings'],

  'pub.connection.live': ['实时更新', 'Live'],
  'pub.connection.connecting': ['正在连接…', 'Connecting…'],
  'pub.connection.syncing': ['正在同步…', 'Syncing…'],
  'pub.connection.offline': ['连接中断，正在重连…', 'Offline: reconnecting…'],
  'pub.connection.error': ['无法更新', 'Not updating'],
  'pub.updated': ['更新于 {time}', 'Updated {time}'],

  'pub.note.hidden': ['本项目成绩尚未公布。', 'The results of this event are not published yet.'],
  'pub.note.frozen': [
    '已于 {time} 封榜：此后的评分变化将在揭晓时公布。',
    'Frozen at {time}: changes after that are shown at the reveal.',
  ],
  'pub.note.frozenNow': [
    '已封榜：此后的评分变化将在揭晓时公布。',
    'Frozen: later changes are shown at the reveal.',
  ],
  'pub.note.reveal': [
    '成绩揭晓中：已揭晓 {step} / {total}。',
    'Revealing the results: {step} of {total} shown.',
  ],
  'pub.note.provisional': [
    '临时成绩，随评分实时更新，以正式公布为准。',
    'Provisional results, updated live as the judges score; the official results prevail.',
  ],
  'pub.note.official': ['正式成绩。', 'Official results.'],
  'pub.empty': ['暂无成绩。', 'No results yet.'],
  'pub.tapHint': [
    '点击一行查看分项成绩，以及同分时的排序依据。',
    'Tap a row for the breakdown and how equal results are ordered.',
  ],

  'pub.col.rank': ['名次', 'Rank'],
  'pub.col.change': ['变化', 'Change'],
  'pub.col.name': ['选手', 'Competitor'],
  'pub.col.team': ['队伍', 'Team'],
  'pub.col.delegation': ['代表队', 'Delegation'],
  'pub.col.unit': ['单位', 'Unit'],
  'pub.col.result': ['成绩', 'Result'],

  'pub.notScored': ['未评分', 'Not scored'],
  'pub.status.DNF': ['未完成', 'DNF'],
  'pub.status.DNS': ['未出发', 'DNS'],
  'pub.status.DQ': ['取消资格', 'DQ'],
  'pub.up': ['上升 {n} 名', 'up {n}'],
  'pub.down': ['下降 {n} 名', 'down {n}'],

  'pub.breakdown': ['分项成绩', 'Breakdown'],
  'pub.weighted': ['计入总分 {value}', 'counts {value}'],
  'pub.deductions': ['扣分', 'Deductions'],
  'pub.partRank': ['第 {rank} 名', 'rank {rank}'],
  'pub.flag.incomplete': ['评分未完成', 'Scoring incomplete'],
  'pub.flag.gate': ['安全项违规', 'Safety gate violated'],
  'pub.playerPage': ['选手成绩页', 'Competitor page'],

  'pub.tie.sharedShort': ['并列', 'Tied'],
  'pub.tie.breakShort': ['决胜', 'Tie-break'],
  'pub.tie.shared': [
    '与上一名成绩相同，并列第 {rank} 名；并列者的先后不分高下。',
    'Same result as the row above: they share rank {rank}; the order among tied rows means nothing.',
  ],
  'pub.tie.sharedHead': [
    '与下一名成绩相同，并列第 {rank} 名；并列者的先后不分高下。',
    'Same result as the row below: they share rank {rank}; the order among tied rows means nothing.',
  ],
  'pub.tie.break': [
    '与上一名成绩相同，按第 {n} 条决胜规则排在其后：{rule}。',
    'Same result as the row above; placed after it by tie-break {n}: {rule}.',
  ],
  'pub.tie.breakValues': [
    '与上一名成绩相同，按第 {n} 条决胜规则排在其后：{rule}（上一名 {above}，本行 {mine}）。',
    'Same result as the row above; placed after it by tie-break {n}: {rule} (row above {above}, this row {mine}).',
  ],
  'pub.tie.status': [
    '按完赛状态排在上一名之后（完赛者在前）。',
    'Placed after the row above by status (finishers first).',
  ],
  'pub.tie.unranked': ['尚无评分，暂不排名。', 'Nothing scored yet: not ranked.'],
  'pub.rule.moduleDesc': ['“{name}”得分高者在前', 'higher {name} score first'],
  'pub.rule.moduleAsc': ['“{name}”得分低者在前', 'lower {name} score first'],
  'pub.rule.criterionDesc': ['“{name}”得分高者在前', 'higher {name} mark first'],
  'pub.rule.criterionAsc': ['“{name}”得分低者在前', 'lower {name} mark first'],
  'pub.rule.time': ['“{name}”用时短者在前', 'faster {name} time first'],
  'pub.rule.deductions': ['扣分少者在前', 'fewer deductions first'],
  'pub.rule.bestMember': ['最佳队员成绩好者在前', 'better best member first'],
  'pub.rule.event': ['“{name}”成绩好者在前', 'better result in {name} first'],
  'pub.rule.placeCounts': [
    '名次数多者在前（先比第 1 名的次数，再比第 2 名……至第 {places} 名）',
    'count-back: more first places, then more second places … down to place {places}',
  ],
  'pub.rule.other': ['其他决胜规则', 'another tie-break rule'],

  'pub.player.title': ['选手成绩', 'Competitor results'],
  'pub.player.none': [
    '已公布的项目中没有该选手的成绩。',
    'This competitor is in no published event table.',
  ],
  'pub.player.rank': ['第 {rank} 名', 'Rank {rank}'],
  'pub.player.unranked': ['暂未排名', 'Not ranked yet'],
  'pub.player.of': ['共 {n} 名', 'of {n}'],

  'pub.screen.scan': ['手机扫码 查看实时成绩', 'Scan for live results on your phone'],
  'pub.screen.page': ['第 {page} / {pages} 页', 'Page {page} of {pages}'],
  'pub.screen.newest': ['刚刚揭晓', 'Just revealed'],
  'pub.screen.revealed': ['已揭晓 {step} / {total}', '{step} of {total} revealed'],
} as const satisfies Messages;
