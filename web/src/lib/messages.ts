/**
 * Every user-facing string, Chinese (zh-CN) first and English second. A key without both does
 * not type-check; {name} placeholders are filled by t(). Each part of the app keeps its strings
 * in its own file; this one holds the shared ones and the judge's and chief judge's.
 */
import { BUILDER_MESSAGES } from './messages-builder.ts';
import { JUDGE_LIST_MESSAGES } from './messages-judge-list.ts';
import { ORGANIZER_MESSAGES } from './messages-organizer.ts';
import { SETUP_MESSAGES } from './messages-setup.ts';
import { PUBLIC_MESSAGES } from './messages-public.ts';
import type { Messages } from './message-table.ts';

const JUDGING_MESSAGES = {
  'app.title': ['职工技能竞赛 · 评分', 'Skills competition scoring'],
  'lang.switch': ['切换语言', 'Switch language'],
  'nav.home': ['首页', 'Home'],
  'common.cancel': ['取消', 'Cancel'],

  'home.judge': ['裁判评分', 'Judge scoring'],
  'home.judgeHint': [
    '用裁判编号和 PIN 码登录，或扫描登录二维码',
    'Sign in with your judge code and PIN, or scan your login QR code',
  ],
  'home.chief': ['裁判长控制台', 'Chief judge console'],
  'home.chiefHint': [
    '查看全部评分、核验、退回与更正',
    'Every judge’s marks side by side; verify, return, correct',
  ],
  'home.organizer': ['组委会控制台', 'Organizer console'],
  'home.organizerHint': [
    '竞赛设置、导入、抽签、发布、定稿、导出与推荐',
    'Set up, import, draw, publish, finalize, export and nominate',
  ],
  'home.competitions': ['竞赛', 'Competitions'],
  'home.day': ['第 {day} 天', 'Day {day}'],
  'home.none': ['暂无竞赛。', 'No competitions yet.'],

  'event.setup': ['准备中', 'Setting up'],
  'event.live': ['进行中', 'Live'],
  'event.frozen': ['已封榜', 'Frozen'],
  'event.final': ['已定稿', 'Final'],

  'auth.logout': ['退出', 'Sign out'],
  'auth.logoutPending': [
    '本机还有 {n} 项评分未发送。退出后它们保留在本机，您再次登录时自动发送。确定退出？',
    '{n} changes have not been sent yet. They stay on this tablet and are sent when you sign in again. Sign out?',
  ],

  'login.judgeTitle': ['裁判登录', 'Judge sign-in'],
  'login.competition': ['竞赛', 'Competition'],
  'login.code': ['裁判编号', 'Judge code'],
  'login.codeRequired': ['请输入裁判编号', 'Enter your judge code'],
  'login.pin': ['PIN 码（6 位数字）', 'PIN (6 digits)'],
  'login.pinFormat': ['PIN 码为 6 位数字', 'A PIN is six digits'],
  'login.submit': ['登录', 'Sign in'],
  'login.qrHint': [
    '也可以用平板扫描裁判长发放的登录二维码。',
    'You can also scan the login QR code from the chief judge.',
  ],
  'login.linkTitle': ['扫码登录', 'QR sign-in'],
  'login.linkSigningIn': ['正在登录…', 'Signing in…'],
  'login.linkMissing': [
    '登录链接不完整，请重新扫码。',
    'The login link is incomplete: scan it again.',
  ],
  'login.withCode': ['改用裁判编号和 PIN 码登录', 'Sign in with judge code and PIN instead'],
  'login.username': ['用户名', 'Username'],
  'login.usernameRequired': ['请输入用户名', 'Enter your username'],
  'login.password': ['密码', 'Password'],
  'login.passwordRequired': ['请输入密码', 'Enter your password'],
  'login.organizerNoCompetition': ['（组委会：不选竞赛）', '(Organizer: no competition)'],

  'error.network': [
    '无法连接服务器，请检查网络后重试。',
    'The server cannot be reached: check the network and try again.',
  ],
  'error.badCredentials': [
    '编号、用户名或密码（PIN）不正确。',
    'The code, username or password (PIN) is not right.',
  ],
  'error.tooManyAttempts': [
    '尝试次数过多，请稍后再试。',
    'Too many attempts: wait a moment and try again.',
  ],
  'error.tooManyAttemptsSeconds': [
    '登录失败次数过多，请 {seconds} 秒后再试，或请裁判长解锁。',
    'Too many failed sign-ins: try again in {seconds} s, or ask the chief judge to unlock you.',
  ],
  'error.tooManyAttemptsMinutes': [
    '登录失败次数过多，请 {minutes} 分钟后再试，或请裁判长解锁。',
    'Too many failed sign-ins: try again in {minutes} min, or ask the chief judge to unlock you.',
  ],
  'error.locked': ['暂时锁定', 'Locked for now'],
  'error.unavailable': [
    '服务器暂时无法访问数据库，稍后会自动重试。',
    'The server cannot reach its database right now: it will be tried again shortly.',
  ],
  'error.unauthenticated': ['登录已过期，请重新登录。', 'Your session has ended: sign in again.'],
  'error.forbidden': ['您没有此操作的权限。', 'You are not allowed to do this.'],
  'error.notFound': ['找不到该项目。', 'Not found.'],
  'error.staleRevision': [
    '评分表已被他人更改，已刷新，请再试一次。',
    'Someone else changed this sheet; it has been reloaded, try again.',
  ],
  'error.staleVersion': [
    '该项评分已被他人更改，请刷新后再试。',
    'This mark was changed by someone else: reload and try again.',
  ],
  'error.wrongState': ['评分表当前状态不允许此操作。', 'The sheet’s state does not allow this.'],
  'error.sheetLocked': ['赛项已定稿，评分表已锁定。', 'The event is final: the sheet is locked.'],
  'error.eventNotLive': ['该赛项尚未开始评分。', 'Marking has not started for this event.'],
  'error.notReady': [
    '尚未就绪（例如还未抽取加密号）。',
    'Not ready yet (for example, codes have not been drawn).',
  ],
  'error.notAssigned': ['您未被分配到该项评分。', 'You are not assigned to this.'],
  'error.invalid': ['请检查标出的字段。', 'Check the fields marked.'],
  'error.invalidInput': [
    '输入不完整或格式不对。',
    'The input is incomplete or not in the right form.',
  ],
  'error.conflict': [
    '与他人的更改冲突，已重新读取，请再试一次。',
    'This clashes with someone else’s change: reload and try again.',
  ],
  'error.opIdReused': [
    '该操作编号已用于另一项更改，请重新录入。',
    'This change’s id was already used for another change: enter it again.',
  ],
  'error.alreadyExists': ['该项目已存在。', 'It already exists.'],
  'error.payloadTooLarge': ['发送的内容过大。', 'What was sent is too large.'],
  'error.unsupportedMediaType': ['不支持此文件类型。', 'This kind of file is not supported.'],
  'error.invalidMark': [
    '该数值不符合此评分项的规则（范围或步长）。',
    'The value does not fit this criterion’s rules (range or step).',
  ],
  'error.invalidDefinition': ['竞赛定义文件有误。', 'The competition definition has errors.'],
  'error.invalidRoster': [
    '名单有误，未导入任何内容。',
    'The list has errors: nothing was imported.',
  ],
  'error.refusedCode': [
    '服务器拒绝了此操作（代码 {code}）。',
    'The server refused this (code {code}).',
  ],
  'refusal.wrongState': [
    '评分表已提交或已核验，修改须经裁判长。',
    'The sheet is submitted or verified: changes now go through the chief judge.',
  ],
  'refusal.reasonNeeded': [
    '修改已有评分须填写更正原因。',
    'Changing an existing mark needs a reason for the correction.',
  ],
  'refusal.notFound': ['服务器上找不到这张评分表。', 'The server does not have this sheet.'],
  'error.refused': ['服务器拒绝：{message}', 'Refused by the server: {message}'],
  'error.unexpected': ['意外错误：{message}', 'Unexpected error: {message}'],

  'sync.synced': ['已同步', 'Synced'],
  'sync.pending': ['{n} 项待发送', '{n} pending'],
  'sync.offline': ['离线', 'Offline'],
  'sync.offlinePending': ['离线 · {n} 项已存本机', 'Offline · {n} saved on tablet'],
  'sync.conflict': ['{n} 项需处理', '{n} need attention'],
  'sync.needsLogin': ['请重新登录 · {n} 项待发送', 'Sign in again · {n} pending'],
  'sync.signInAgain': [
    '登录已过期。本机评分已保存，重新登录后自动发送。',
    'Your session has ended. Marks are saved on this tablet and are sent after you sign in again.',
  ],
  'sync.retry': ['立即发送', 'Send now'],

  'progress.not_started': ['未开始', 'Not started'],
  'progress.draft': ['草稿', 'Draft'],
  'progress.submitted': ['已提交', 'Submitted'],
  'progress.returned': ['已退回', 'Returned'],
  'progress.verified': ['已核验', 'Verified'],
  'progress.locked': ['已锁定', 'Locked'],

  'sheets.title': ['我的评分表', 'My score sheets'],
  'sheets.none': [
    '暂无分配给您的评分表（或尚未抽取加密号）。',
    'No sheets assigned to you yet (or codes are not drawn yet).',
  ],
  'sheets.offlineCopy': [
    '离线：显示本机保存的评分表。',
    'Offline: showing the sheets saved on this tablet.',
  ],
  'sheets.conflicts': [
    '{n} 项评分与他人的更改冲突，请打开评分表处理。',
    '{n} marks conflict with someone else’s change: open the sheet to settle them.',
  ],
  'sheets.filled': ['已评 {done}/{of}', '{done}/{of} marked'],
  'sheets.waiting': ['{n} 项待发送', '{n} to send'],

  'sheet.title': ['评分表 {code}', 'Sheet {code}'],
  'sheet.heading': ['{code} · {event}', '{code} · {event}'],
  'sheet.loading': ['正在加载…', 'Loading…'],
  'sheet.notOnDevice': [
    '本机没有这张评分表，请联网后重试。',
    'This sheet is not on this tablet: connect and try again.',
  ],
  'sheet.criteria': ['评分项', 'Criteria'],
  'sheet.returned': [
    '裁判长退回了此评分表，请更正：',
    'The chief judge returned this sheet for correction:',
  ],
  'sheet.reason': [
    '更正原因（修改已有评分时必填）',
    'Reason for the correction (needed to change an existing mark)',
  ],
  'sheet.reasonNeeded': ['请先填写更正原因', 'Give the reason for the correction first'],
  'sheet.closed.submitted': [
    '已提交签名，等待裁判长核验；如需修改请联系裁判长。',
    'Signed and submitted, waiting for the chief judge; ask the chief judge for changes.',
  ],
  'sheet.closed.verified': ['裁判长已核验。', 'Verified by the chief judge.'],
  'sheet.closed.locked': [
    '赛项已定稿，评分表已锁定。',
    'The event is final; this sheet is locked.',
  ],
  'sheet.closed.returned': ['已退回。', 'Returned.'],
  'sheet.rejected': [
    '“{name}”的 {value} 未被接受：{message}它不会被发送。',
    '“{name}”: {value} was not accepted. {message} It will not be sent.',
  ],
  'sheet.dismiss': ['知道了', 'Dismiss'],
  'sheet.submittedChecked': [
    '已提交签名（答复在网络中丢失，已向服务器核实）。',
    'Signed and submitted (the answer was lost on the way; checked with the server).',
  ],
  'sheet.unsaved': [
    '“{name}”有未确认的输入（{value}），按确定保存或按 Esc 放弃。',
    '“{name}” has input not yet confirmed ({value}): press OK to keep it or Esc to drop it.',
  ],
  'sheet.submit': ['核对并签名提交', 'Review and sign'],
  'sheet.submitted': ['已提交签名。', 'Signed and submitted.'],

  'mark.range': ['{min}–{max}，步长 {step}', '{min}–{max}, step {step}'],
  'mark.rangeOpen': ['≥ {min}，步长 {step}', '≥ {min}, step {step}'],
  // DNF / DNS / DQ are buttons beside the field: the range line stays one line.
  'mark.rangeTime': ['分:秒.十分位', 'm:ss.t'],
  'mark.stepUp': ['{name} 加一档', '{name}: one step up'],
  'mark.stepDown': ['{name} 减一档', '{name}: one step down'],
  'mark.countUp': ['{name} 加 1', '{name}: add one'],
  'mark.countDown': ['{name} 减 1', '{name}: remove one'],
  'mark.none': ['无（{min}）', 'None ({min})'],
  'mark.pass': ['通过', 'Pass'],
  'mark.fail': ['不通过', 'Fail'],
  'mark.noViolation': ['无违规', 'No violation'],
  'mark.violation': ['违规', 'Violation'],
  'mark.confirmViolation': ['确认记录安全违规？', 'Record a safety violation?'],
  'mark.confirm': ['确认', 'Confirm'],
  'mark.clear': ['清除 {name}', 'Clear {name}'],
  'mark.statePending': ['待发送', 'To send'],
  'mark.stateConflict': ['冲突', 'Conflict'],
  'mark.stateSynced': ['已同步', 'Synced'],
  'mark.stateDraft': ['未确认', 'Not confirmed'],
  'mark.empty': ['请输入数值', 'Enter a value'],
  'mark.outOfRange': ['超出范围：应在 {min}–{max} 之间', 'Out of range: {min}–{max}'],
  'mark.offStep': [
    '须为 {step} 的整数倍（从 {min} 起）',
    'Must be a multiple of {step} from {min}',
  ],
  'mark.notANumber': ['请输入数字', 'Enter a number'],
  'mark.notATime': [
    '请输入时间（分:秒.十分位）或 DNF/DNS/DQ',
    'Enter a time (m:ss.t) or DNF/DNS/DQ',
  ],
  'mark.notABoolean': ['请选择是或否', 'Choose yes or no'],
  'mark.notWhole': ['请输入整数', 'Enter a whole number'],
  'mark.invalid': ['数值无效', 'Not a valid value'],

  'keypad.label': ['数字键盘', 'Number pad'],
  'keypad.backspace': ['退格', 'Backspace'],
  'keypad.ok': ['确定', 'OK'],
  'keypad.clear': ['清空输入', 'Clear the field'],

  'totals.title': ['本表小计', 'This sheet'],
  'totals.event': ['赛项得分', 'Event score'],
  'totals.hint': [
    '仅按本表计算；正式成绩汇总全部裁判。',
    'From this sheet only; the official score combines every judge.',
  ],
  'totals.none': ['录入后显示小计。', 'Totals appear as you enter marks.'],

  'conflict.title': ['评分冲突', 'Conflicting change'],
  'conflict.explain': [
    '在您离线或录入期间，有人更改了同一项评分。请选择保留哪个数值，系统不会自动覆盖。',
    'Someone changed the same mark while you were offline or typing. Choose which value stays: nothing is overwritten on its own.',
  ],
  'conflict.mine': ['本机的值', 'This tablet’s value'],
  'conflict.mineWhen': ['您录入于 {at}', 'You entered it at {at}'],
  'conflict.theirs': ['服务器上的值', 'Value on the server'],
  'conflict.theirsWho': ['{by} 于 {at}', 'by {by} at {at}'],
  'conflict.cleared': ['（已清除）', '(cleared)'],
  'conflict.keepTheirs': ['保留服务器的值', 'Keep the server’s value'],
  'conflict.keepMine': ['用本机的值替换', 'Replace with this tablet’s value'],
  'conflict.reasonKept': [
    '冲突处理：裁判选择以本机的值替换',
    'Conflict settled: the judge replaced it with the tablet’s value',
  ],

  'submit.title': ['核对并签名：{code}', 'Review and sign: {code}'],
  'submit.criterion': ['评分项', 'Criterion'],
  'submit.value': ['评分', 'Mark'],
  'submit.emptyValue': ['未评', 'not marked'],
  'submit.emptyWarning': ['还有 {n} 项未评分。', '{n} criteria have no mark.'],
  'submit.sendingFirst': [
    '还有 {n} 项正在发送，提交前会先发送。',
    '{n} changes are still being sent; they go first.',
  ],
  'submit.pin': ['输入您的 PIN 码签名', 'Enter your PIN to sign'],
  'submit.pinFormat': ['PIN 码为 6 位数字', 'A PIN is six digits'],
  'submit.sign': ['签名并提交', 'Sign and submit'],
  'submit.offline': [
    '离线时无法提交。评分已保存在本机，联网后再提交。',
    'Cannot submit offline. Marks are saved on this tablet; submit when connected.',
  ],
  'submit.unsent': [
    '有评分未能发送，请先处理后再提交。',
    'Some marks were not sent: settle them first.',
  ],
  'submit.badPin': ['PIN 码不正确，未签名。', 'Wrong PIN: the sheet is not signed.'],
  'submit.notSubmitted': [
    '网络中断，评分表未提交（已向服务器核实），请再试一次。',
    'The connection dropped and the sheet was not submitted (checked with the server): try again.',
  ],
  'submit.unknown': [
    '网络中断，暂时无法确认是否已提交。联网后本机会自动向服务器核实，届时状态会显示在上方。',
    'The connection dropped before the answer came: it is not known yet whether the sheet was submitted. The tablet checks with the server when the network is back, and shows the status above.',
  ],
  'submit.stale': [
    '评分表已被他人更改，请关闭后重试。',
    'The sheet changed meanwhile: close and try again.',
  ],

  'chief.title': ['裁判长控制台', 'Chief judge console'],
  'chief.gridTitle': ['{event} · 评分总览', '{event} · marks'],
  'chief.live': ['实时', 'Live'],
  'chief.notLive': ['连接中', 'Connecting'],
  'chief.progress': ['进度', 'Progress'],
  'chief.byJudge': ['各裁判：已提交 / 已核验 / 共', 'By judge: submitted / verified / total'],
  'chief.byCriterion': [
    '各评分项：已提交 / 已核验 / 共',
    'By criterion: submitted / verified / total',
  ],
  'chief.barTitle': [
    '已提交 {submitted}，已核验 {verified}，共 {total}',
    '{submitted} submitted, {verified} verified, of {total}',
  ],
  'chief.legendSubmitted': ['已提交', 'Submitted'],
  'chief.legendVerified': ['已核验', 'Verified'],
  'chief.legendCounts': ['数字：已提交/已核验/共', 'Numbers: submitted/verified/total'],
  'chief.gridCaption': [
    '选手 × 评分项，各裁判评分并列、汇总分与分差标记',
    'Entrants × criteria: every judge’s mark, the aggregate and spread flags',
  ],
  'chief.rank': ['名次', 'Rank'],
  'chief.entrant': ['选手', 'Entrant'],
  'chief.score': ['得分', 'Score'],
  'chief.sheets': ['评分表', 'Sheets'],
  'chief.spread': ['分差', 'Spread'],
  'chief.spreadTitle': [
    '最低 {min}，最高 {max}，超过允许分差 {tolerance}',
    'Min {min}, max {max}: more than the tolerance {tolerance} apart',
  ],
  'chief.panel': ['{who} 的评分表', 'Sheets of {who}'],
  'chief.verify': ['核验', 'Verify'],
  'chief.verified': ['已核验 {judge} 的评分表。', 'Verified the sheet of {judge}.'],
  'chief.return': ['退回更正', 'Return for correction'],
  'chief.returnNote': ['退回说明（裁判会看到）', 'Note for the judge'],
  'chief.returnConfirm': ['确认退回', 'Return it'],
  'chief.returnedDone': ['已退回 {judge} 的评分表。', 'Returned the sheet of {judge}.'],
  'chief.note': ['说明：{note}', 'Note: {note}'],
  'chief.markBy': ['{by} · {at} · 第 {version} 版', '{by} · {at} · version {version}'],
  'chief.markReason': ['原因：{reason}', 'Reason: {reason}'],
  'chief.correct': ['更正', 'Correct'],
  'chief.newValue': ['新数值', 'New value'],
  'chief.reason': ['更正原因', 'Reason'],
  'chief.saveCorrection': ['保存更正', 'Save correction'],
  'chief.corrected': ['已更正 {judge} 的评分。', 'Corrected the mark of {judge}.'],
  'chief.bulkScope': ['核验范围', 'Verify whose sheets'],
  'chief.bulkAllJudges': ['全部裁判', 'All judges'],
  'chief.bulkVerify': ['核验全部无异常评分表（{n} 份）', 'Verify all clean sheets ({n})'],
  'chief.bulkHint': [
    '无异常：已提交、评分齐全、无分差标记、无他人改动。',
    'Clean: submitted, every assigned mark present, no spread flag, no one else’s change.',
  ],
  'chief.bulkTitle': ['批量核验', 'Verify in bulk'],
  'chief.bulkConfirm': [
    '将核验 {n} 份评分表（{scope}）。每份评分表单独记入审计日志。',
    '{n} sheets will be verified ({scope}). Each sheet gets its own audit entry.',
  ],
  'chief.bulkGo': ['核验 {n} 份', 'Verify {n} sheets'],
  'chief.bulkDone': ['已核验 {n} 份评分表。', 'Verified {n} sheets.'],
  'chief.bulkPartly': [
    '已核验 {n} 份评分表；{m} 份未核验（已被更改或须由他人核验），请逐份查看。',
    'Verified {n} sheets; {m} were not (changed meanwhile, or someone else must verify them): look at them one by one.',
  ],
  'chief.filter': ['显示', 'Show'],
  'chief.filterAction': ['需处理（{n}）', 'Needs action ({n})'],
  'chief.filterAll': ['全部选手（{n}）', 'All entrants ({n})'],
  'chief.cat.spread': ['分差（{n}）', 'Spread ({n})'],
  'chief.cat.conflict': ['他人改动（{n}）', 'Changed by others ({n})'],
  'chief.cat.returned': ['已退回（{n}）', 'Returned ({n})'],
  'chief.cat.missing': ['缺分（{n}）', 'Missing marks ({n})'],
  'chief.cat.behind': ['进度落后（{n}）', 'Behind schedule ({n})'],
  'chief.behindJudge': [
    '{judge}：已提交 {done}/{total}，最快裁判 {lead}',
    '{judge}: signed {done}/{total}, fastest judge {lead}',
  ],
  'chief.collapsed': [
    '另有 {n} 名选手无需处理，已折叠。',
    '{n} more entrants need no action: collapsed.',
  ],
  'chief.showAll': ['全部显示', 'Show all'],
  'chief.nothingToDo': ['没有需要处理的选手。', 'No entrant needs action.'],

  'locks.title': ['登录锁定', 'Sign-in lockouts'],
  'locks.hint': [
    '连续输错 PIN 码或密码的账号会被暂时锁定（1–15 分钟，到时自动解除）。解锁后可立即重新登录。',
    'Accounts with repeated wrong PINs or passwords are locked for 1–15 minutes, then free again. Unlocking lets them sign in at once.',
  ],
  'locks.none': ['目前没有被锁定的账号。', 'No account is locked out.'],
  'locks.until': ['锁定至 {time}', 'Locked until {time}'],
  'locks.unlock': ['解锁', 'Unlock'],
  'locks.unlocked': ['已解锁 {login}，可立即登录。', 'Unlocked {login}: they can sign in now.'],
  'locks.refresh': ['刷新', 'Refresh'],
} as const satisfies Messages;

export const MESSAGES = {
  ...JUDGING_MESSAGES,
  ...JUDGE_LIST_MESSAGES,
  ...PUBLIC_MESSAGES,
  ...ORGANIZER_MESSAGES,
  ...SETUP_MESSAGES,
  ...BUILDER_MESSAGES,
} as const satisfies Messages;

export type MessageKey = keyof typeof MESSAGES;
