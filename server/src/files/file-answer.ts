/**
 * A file a use case answers with (an export, a nominations workbook): its bytes, media type and
 * names. Services build it; http/file-response.ts sends it.
 */

/** A file to download: its bytes, media type and name. */
export interface FileAnswer {
  readonly bytes: Uint8Array<ArrayBuffer> | string;
  readonly type: string;
  /** The name shown to people (UTF-8). */
  readonly name: string;
  /** An ASCII name for clients that do not read filename*. */
  readonly fallback: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A file name without characters file systems refuse. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'export';
}
