/**
 * Why an event cannot be finalized, in the organizer's language: the server names each open
 * item by path (sheets.<judge>.<code>, standings.<competitor>.<criterion>, sheets) and code.
 */
import type { ErrorDetail } from '@skills/server/contract';
import type { MessageKey } from '../messages.ts';

export interface Blocker {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, string>>;
}

const STATUS: Readonly<Record<string, MessageKey>> = {
  sheet_draft: 'progress.draft',
  sheet_submitted: 'progress.submitted',
  sheet_returned: 'progress.returned',
  sheet_locked: 'progress.locked',
};

export function blockerOf(d: ErrorDetail): Blocker {
  const [root, a = '', b = ''] = d.path.split('.');
  if (root === 'sheets' && d.code === 'no_sheets')
    return { key: 'admin.blockerNoSheets', params: {} };
  if (root === 'sheets') {
    return {
      key: 'admin.blockerSheet',
      params: { judge: a, code: b, status: STATUS[d.code] ?? 'progress.draft' },
    };
  }
  if (root === 'standings' && d.code === 'spread') {
    return { key: 'admin.blockerSpread', params: { who: a, criterion: b } };
  }
  if (root === 'standings' && d.code === 'incomplete') {
    return { key: 'admin.blockerIncomplete', params: { who: a, criterion: b } };
  }
  return { key: 'admin.blockerOther', params: { message: d.message } };
}
