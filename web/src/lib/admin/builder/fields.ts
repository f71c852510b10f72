/**
 * The builder's fields read and write one key of an object of the document in place (the
 * document is a Svelte $state proxy, so a write is seen everywhere): a loose view of it, since
 * one field component serves every kind of criterion, rule and table.
 */
export type Loose = Record<string, unknown>;

export const loose = (obj: object): Loose => obj as Loose;

/** A choice of a select: the stored value and the message key of its words. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}
