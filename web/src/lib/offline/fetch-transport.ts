/** The outbox's way to the server on the tablet: the API on the same origin, through api.ts. */
import { api } from '../api.ts';
import type { Transport } from './ports.ts';

export const fetchTransport: Transport = {
  sendBatch: (ops) => api('post /api/marks/batch', { body: { ops: [...ops] } }),
  fetchSheet: (sheetId) => api('get /api/sheets/:sheetId', { params: { sheetId } }),
  submit: (sheetId, revision, pin) =>
    api('post /api/sheets/:sheetId/submit', { params: { sheetId }, body: { revision, pin } }),
};
