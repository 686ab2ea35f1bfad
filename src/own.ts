/**
 * Options read as own properties only. `const { all } = init` and `for…in` read what Object.prototype
 * holds too, so a prototype polluted anywhere in an app (`Object.prototype.all = true`) would turn a
 * scoped-looking call into "act on everything". Every options object, params object and fact table the
 * client reads goes through one of these two.
 */

/**
 * A copy of an object's own enumerable properties on an object with no prototype, each read once (a
 * getter runs once); anything that is not an object gives an empty one. Reading an absent name from
 * the copy gives undefined, whatever Object.prototype holds.
 */
export function ownFields<T extends object>(value: T | null | undefined): Partial<T> {
  return Object.assign(Object.create(null), typeof value === "object" ? value : undefined);
}

/**
 * `table[key]` when the table itself holds the key, else undefined (also when it is no object): for
 * lookups by a caller's path or method, and for a field of a server's parsed answer.
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined;
export function ownValue(table: unknown, key: string): unknown;
export function ownValue(table: unknown, key: string): unknown {
  return typeof table === "object" && table !== null && Object.hasOwn(table, key)
    ? (table as Record<string, unknown>)[key]
    : undefined;
}
