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

/**
 * Enter in a builder field does nothing: on the new-competition page the builder sits inside
 * the create form, and Enter would otherwise submit it half built.
 */
export function stayOnEnter(e: KeyboardEvent): void {
  if (e.key === 'Enter') e.preventDefault();
}
