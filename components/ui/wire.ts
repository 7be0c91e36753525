/** A server view as it arrives over JSON: dates become ISO strings. */
export type Wire<T> = {
  [Key in keyof T]: T[Key] extends Date
    ? string
    : T[Key] extends Date | null
      ? string | null
      : T[Key];
};
