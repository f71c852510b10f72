/**
 * Signing a sheet from the tablet. The answer to a submit can be lost on the way back while the
 * server did sign the sheet: then the tablet asks the server for the sheet before it says
 * anything, and when it cannot ask yet, it says it does not know (the sheet is read again once
 * the network is back) rather than "not submitted".
 */
import type { Sheet } from '@skills/server/contract';
import { ApiError, unanswered } from '../api.ts';
import { editable } from '../sheet-view.ts';
import type { Transport } from './ports.ts';

export type SubmitOutcome =
  /** checked: the answer was lost, and the server, asked, shows the sheet signed. */
  | { readonly kind: 'submitted'; readonly sheet: Sheet; readonly checked: boolean }
  /** The answer was lost, and the server shows the sheet still open: nothing was signed. */
  | { readonly kind: 'notSubmitted'; readonly sheet: Sheet }
  /** The answer was lost and the server cannot be asked yet. */
  | { readonly kind: 'unknown' }
  | { readonly kind: 'refused'; readonly code: string; readonly error: ApiError };

export interface SubmitDeps {
  readonly transport: Transport;
  /**
   * Reads a sheet from the server through the outbox (kept on the device, the tablet's changes
   * weighed against it); undefined when the server cannot be reached, and then read once it can.
   */
  readonly refresh: (sheetId: string) => Promise<Sheet | undefined>;
  /** Keeps the signed sheet the server answered with. */
  readonly keep: (sheet: Sheet) => Promise<void>;
}

export async function submitSheet(
  deps: SubmitDeps,
  sheet: Sheet,
  pin: string,
): Promise<SubmitOutcome> {
  let signed: Sheet;
  try {
    signed = await deps.transport.submit(sheet.id, sheet.revision, pin);
  } catch (error) {
    if (error instanceof ApiError && !unanswered(error)) {
      // A refusal may mean the sheet changed: read it (a wrong PIN changes nothing).
      if (error.code !== 'bad_credentials') await deps.refresh(sheet.id).catch(() => undefined);
      return { kind: 'refused', code: error.code, error };
    }
    if (!unanswered(error)) throw error;
    const fresh = await deps.refresh(sheet.id).catch(() => undefined);
    if (fresh === undefined) return { kind: 'unknown' };
    return editable(fresh)
      ? { kind: 'notSubmitted', sheet: fresh }
      : { kind: 'submitted', sheet: fresh, checked: true };
  }
  await deps.keep(signed);
  return { kind: 'submitted', sheet: signed, checked: false };
}
