/**
 * Strings of the organizer's setup (issue 16): chief judges, judges' PINs, the assignment grid
 * by difference, the import preview and its column mapping, and each refused field's problem in
 * the user's words (problem.<code>): Chinese (zh-CN) first, English second (see messages.ts).
 */
import type { Messages } from './message-table.ts';

export const SETUP_MESSAGES = {
  'setup.refused': ['未保存，原因如下：', 'Not saved, because:'],
  'setup.row': ['第 {row} 行', 'Row {row}'],
  'setup.header': ['表头', 'Header'],
  'setup.problemLine': ['{where} › {field} › {problem}', '{where} › {field} › {problem}'],
  'setup.fieldProblem': ['{field} › {problem}', '{field} › {problem}'],

  'problem.required': ['不能为空', 'cannot be empty'],
  'problem.too_small': ['不能为空', 'cannot be empty'],
  'problem.too_big': ['内容过长', 'too long'],
  'problem.invalid_value': ['取值无效', 'not a valid value'],
  'problem.invalid_format': ['格式不正确', 'wrong format'],
  'problem.invalid_type': ['格式不正确', 'wrong format'],
  'problem.invalid_string': ['格式不正确', 'wrong format'],
  'problem.custom': ['格式不正确', 'wrong format'],
  'problem.duplicate': ['与其他行重复', 'repeats another row'],
  'problem.already_exists': ['已被占用', 'already taken'],
  'problem.unknown_event': ['没有这个赛项', 'no such event'],
  'problem.unknown_team': ['没有这个团队', 'no such team'],
  'problem.unknown_contestant': ['没有这名选手', 'no such contestant'],
  'problem.invalid_pin': [
    'PIN 必须是 6 位数字（Excel 会去掉开头的 0：请把该列设为文本）',
    'a PIN is six digits (Excel drops leading zeros: format the column as text)',
  ],
  'problem.invalid_id_number': [
    '身份证号应为 18 位（或 15 位数字）',
    'an ID number has 18 characters (or 15 digits)',
  ],
  'problem.invalid_phone': ['电话号码格式不正确', 'not a phone number'],
  'problem.unmapped_column': [
    '这一列没有对应的字段：请选择对应字段或“不导入”',
    'this column maps to nothing: choose a field or “do not import”',
  ],
  'problem.invalid_mapping': ['列的对应方式无效', 'not a valid mapping for this column'],
  'problem.missing_column': ['缺少这一列', 'this column is missing'],
  'problem.duplicate_column': ['与另一列重复', 'the same as another column'],
  'problem.unnamed_column': ['这一列没有表头', 'this column has no header'],
  'problem.invalid_column': ['表头过长', 'the header is too long'],
  'problem.cell_error': ['单元格是公式错误', 'the cell holds a formula error'],
  'problem.nul_character': ['含有无效字符', 'holds an invalid character'],
  'problem.empty': ['表头下没有数据', 'no rows below the header'],
  'problem.too_many_rows': ['一次最多导入 {max} 行', 'at most {max} rows at once'],
  'problem.invalid_csv': ['CSV 格式有误（列之间用英文逗号分隔）', 'not a readable CSV file'],
  'problem.not_utf8': [
    '文件不是 UTF-8 编码：在 Excel 中另存为“CSV UTF-8”',
    'the file is not UTF-8: in Excel, save as “CSV UTF-8”',
  ],
  'problem.unreadable': ['无法读取此文件', 'the file cannot be read'],
  'problem.missing_header': ['第一行必须是表头', 'the first row must name the columns'],
  'problem.marks_entered': [
    '{judge} 已对“{criterion}”录入分数，不能取消该分工',
    '{judge} has entered marks on “{criterion}”: it cannot be taken away',
  ],
  'problem.unknown_judge': ['没有裁判 {judge}', 'no judge {judge}'],
  'problem.unknown_criterion': ['没有评分项 {criterion}', 'no criterion {criterion}'],
  'problem.contradiction': ['同一格既增加又取消', 'the same cell is both added and removed'],
  'problem.sheets_in_use': [
    '将被删除的评分表已有分数',
    'score sheets that would be removed already hold marks',
  ],
  'problem.bad_credentials': ['用户名或密码错误', 'wrong username or password'],
  'problem.not_found': ['找不到', 'not found'],

  'field.code': ['裁判编号', 'Judge code'],
  'field.pin': ['PIN', 'PIN'],
  'field.name': ['姓名', 'Name'],
  'field.unit': ['工作单位', 'Unit'],
  'field.username': ['用户名', 'Username'],
  'field.password': ['密码', 'Password'],

  'chiefs.title': ['裁判长', 'Chief judges'],
  'chiefs.hint': [
    '裁判长用用户名和密码登录（/chief），或扫描登录卡上的二维码。停用后无法登录，已登录的设备也会退出。',
    'Chief judges sign in with a username and password (/chief), or by the QR code of their login card. A disabled chief cannot sign in and is signed out.',
  ],
  'chiefs.none': ['尚未添加裁判长。', 'No chief judge yet.'],
  'chiefs.add': ['添加裁判长', 'Add chief judge'],
  'chiefs.added': ['已添加裁判长 {login}。', 'Chief judge {login} added.'],
  'chiefs.save': ['保存', 'Save'],
  'chiefs.saved': ['已保存 {login}。', '{login} saved.'],
  'chiefs.newPassword': ['新密码（留空不改）', 'New password (blank: unchanged)'],
  'chiefs.disable': ['停用', 'Disable'],
  'chiefs.enable': ['启用', 'Enable'],
  'chiefs.disabled': ['已停用', 'disabled'],
  'chiefs.disabledNotice': [
    '已停用 {login}：无法再登录。',
    '{login} disabled: they cannot sign in.',
  ],
  'chiefs.enabledNotice': ['已启用 {login}。', '{login} enabled.'],
  'chiefs.cards': ['打印登录卡（裁判与裁判长）', 'Print login cards (judges and chiefs)'],

  'judges.unit': ['工作单位', 'Unit'],
  'judges.resetPin': ['重置 PIN', 'Reset PIN'],
  'judges.newPin': ['{login} 的新 PIN', 'New PIN for {login}'],
  'judges.pinReset': [
    '已重置 {login} 的 PIN：旧 PIN 失效，已登录的设备需重新登录。',
    'PIN of {login} reset: the old PIN no longer works and their devices must sign in again.',
  ],

  'assign.conflict': ['回避：与 {n} 名选手同单位', 'Conflict: same unit as {n} contestants'],
  'assign.conflictOf': ['同单位选手：{names}', 'Contestants of the same unit: {names}'],
  'assign.marked': ['已录入分数，不能取消', 'Marks entered: cannot be taken away'],
  'assign.changes': [
    '待保存：增加 {add} 项，取消 {remove} 项',
    'To save: {add} added, {remove} removed',
  ],
  'assign.noChanges': ['没有改动。', 'Nothing changed.'],
  'assign.saved': [
    '分工已保存（增加 {add} 项，取消 {remove} 项），共 {sheets} 张评分表。',
    'Assignments saved ({add} added, {remove} removed): {sheets} sheets.',
  ],
  'assign.undo': ['撤销改动', 'Undo changes'],

  'import.template': ['下载模板', 'Download template'],
  'import.preview': ['预览', 'Preview'],
  'import.previewTitle': [
    '预览：共 {rows} 行（显示前 {shown} 行）',
    'Preview: {rows} rows (first {shown} shown)',
  ],
  'import.previewHint': [
    '请核对每一列对应的字段。不认识的列必须选择对应字段或“不导入”；身份证号、联系电话只有选择“保存”才会保存，并且始终打码显示。',
    'Check the field each column maps to. A column we do not know must be mapped or not imported; ID numbers and phones are kept only if you choose to, and are always shown masked.',
  ],
  'import.column': ['列 {column}', 'Column {column}'],
  'import.mapTo': ['{header} 对应', '{header} maps to'],
  'import.drop': ['不导入', 'Do not import'],
  'import.attribute': ['保留为评奖属性', 'Keep as award attribute'],
  'import.ignored': ['序号（不导入）', 'Row number (not imported)'],
  'import.keep': ['保存（打码显示）', 'Keep (shown masked)'],
  'import.choose': ['请选择…', 'Choose…'],
  'import.commit': ['确认导入', 'Import'],
  'import.cancel': ['取消', 'Cancel'],
  'import.problems': ['{n} 处问题，修改后才能导入', '{n} problems to fix before importing'],
  'import.ready': ['没有问题，可以导入。', 'No problems: ready to import.'],
  'import.required': ['（必填）', '(required)'],
} as const satisfies Messages;
