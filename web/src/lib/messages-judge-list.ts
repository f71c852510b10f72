/**
 * Strings of the judge's list entry, batch signature and sheet filter: Chinese (zh-CN) first,
 * English second (see messages.ts).
 */
import type { Messages } from './message-table.ts';

export const JUDGE_LIST_MESSAGES = {
  'error.emptySheet': [
    '评分表每一项都未评分，不能签名。',
    'Every criterion of this sheet is empty: there is nothing to sign.',
  ],
  'error.incompleteSheet': [
    '评分表还有未评的项目，不能批量签名：请补全，或打开单独签名。',
    'This sheet has criteria without a mark: complete it, or open it and sign it on its own.',
  ],

  'filter.todo': ['待办（{n}）', 'To do ({n})'],
  'filter.done': ['已完成（{n}）', 'Done ({n})'],
  'filter.attention': ['需处理（{n}）', 'Needs attention ({n})'],
  'filter.label': ['筛选评分表', 'Filter sheets'],
  'filter.empty': ['这里没有评分表。', 'No sheets here.'],
  'sheets.progress': ['已签名 {done} / {of}', 'Signed {done} / {of}'],
  'sheets.listMode': ['列表录入', 'List entry'],
  'sheets.next': ['下一张', 'Next'],

  'list.title': ['列表录入：{event}', 'List entry: {event}'],
  'list.criterion': ['评分项', 'Criterion'],
  'list.order': ['排序', 'Order'],
  'list.orderRoster': ['名单顺序', 'Roster order'],
  'list.orderCode': ['加密号顺序', 'Code order'],
  'list.jump': ['跳到加密号', 'Go to code'],
  'list.jumpHint': ['输入加密号后按回车', 'Type a code, then Enter'],
  'list.notFound': ['没有加密号为 {code} 的评分表。', 'No sheet has code {code}.'],
  'list.closed': ['已签名', 'Signed'],
  'list.signBatch': ['批量签名（{n}）', 'Sign a batch ({n})'],
  'list.none': ['该赛项没有您的评分表。', 'You have no sheets in this event.'],
  'list.back': ['评分表', 'Sheets'],

  'batch.title': ['批量签名', 'Sign a batch'],
  'batch.close': ['关闭', 'Close'],
  'batch.hint': [
    '只列出已评完全部项目、未签名的评分表。勾选要签名的评分表，输入 PIN 码一次签名。',
    'Only sheets with every criterion marked and not yet signed are listed. Tick the ones to sign, and sign them all with your PIN once.',
  ],
  'batch.all': ['全选', 'Select all'],
  'batch.none': ['全不选', 'Select none'],
  'batch.chosen': ['已选 {n} 张', '{n} chosen'],
  'batch.nothing': ['没有可批量签名的评分表。', 'No sheet is ready to be signed in a batch.'],
  'batch.pickOne': ['请至少选择一张评分表。', 'Choose at least one sheet.'],
  'batch.sign': ['签名并提交 {n} 张', 'Sign and submit {n}'],
  'batch.done': ['已签名 {n} 张评分表。', '{n} sheets signed.'],
  'batch.notDone': ['{n} 张未签名：', '{n} not signed:'],
  'batch.unsent': [
    '{code}：评分尚未发送到服务器',
    '{code}: its marks have not reached the server yet',
  ],
  'batch.refusedItem': ['{code}：{message}', '{code}: {message}'],
  'batch.unknown': [
    '网络中断，暂时无法确认是否已签名；恢复连接后将重新读取评分表。',
    'The connection dropped: whether the sheets were signed is not known yet; they are read again when the network is back.',
  ],
  'batch.checked': [
    '回复丢失，已向服务器核实：{n} 张已签名。',
    'The answer was lost; the server, asked, shows {n} signed.',
  ],

  'sheet.emptyCannotSign': [
    '每一项都未评分，不能签名。',
    'Every criterion is empty: the sheet cannot be signed.',
  ],
  'totals.partial': [
    '本表只含您负责的评分项，模块与赛项总分由裁判长汇总。',
    'This sheet holds only your criteria; module and event totals are combined by the chief judge.',
  ],
} as const satisfies Messages;
