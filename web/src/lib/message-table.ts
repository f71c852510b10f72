/**
 * The shape every message table has: a key to its Chinese and English text. It lives apart so
 * that each part's table (messages-*.ts) and the merged one in messages.ts can name it without
 * the parts importing back from the file that merges them.
 */
export type Messages = Readonly<Record<string, readonly [zh: string, en: string]>>;
