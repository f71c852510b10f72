/** The outbox's way to the server on the tablet: the API on the same origin, through api.ts. */
import type { Sheet } from '@skills/server/contract';
import { get, post } from '../api.ts';
import type { BatchAnswer, Transport } from './ports.ts';

export const fetchTransport: Transport = {
  sendBatch: (ops) => post<BatchAnswer>('/api/marks/batch', { ops }),
  fetchSheet: (sheetId) => get<Sheet>(`/api/sheets/${sheetId}`),
  submit: (sheetId, revision, pin) =>
    post<Sheet>(`/api/sheets/${sheetId}/submit`, { revision, pin }),
};
