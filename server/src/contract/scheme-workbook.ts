/** What the marking-scheme workbook routes take (issue 16): the version an upload replaces. */
import { z } from 'zod';

export const SchemeUploadQuery = z.strictObject({
  /** The definition version the workbook was downloaded at (a later save makes it stale). */
  expectedVersion: z.coerce.number().int().min(1),
});
