/** What the marking-scheme workbook routes take (issue 16): the version an upload replaces. */
import { z } from 'zod';

export const SchemeUploadQuery = z.strictObject({
  /**
   * The definition version the workbook was downloaded at (a later save makes it stale).
   * Required; checked after the competition is found, so an unknown one is a 404 first.
   */
  expectedVersion: z.coerce.number().int().min(1).optional(),
});
