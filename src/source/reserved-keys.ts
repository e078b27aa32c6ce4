/**
 * Names that are never accepted as a key from outside (a payload field, a ticket field, a
 * state, a field or an agent id): on a plain JavaScript object they mean the prototype or its
 * constructor, so `name in object` is true for them although nobody declared them, and
 * writing `__proto__` can change what every lookup finds.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a key is one of `RESERVED_KEYS`. */
export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

/** Why a reserved key is refused, for messages. */
export const RESERVED_KEY_REASON = `'__proto__', 'constructor' and 'prototype' are reserved names`;

/** A copy of a payload or field map on an object without a prototype, so no key can reach `Object.prototype`. */
export function plainFields(...sources: ReadonlyArray<Record<string, unknown> | undefined>): Record<string, unknown> {
  const fields = Object.create(null) as Record<string, unknown>;
  for (const source of sources) {
    if (!source) continue;
    // defineProperty, not assignment: even an own `__proto__` key stays an ordinary key.
    for (const key of Object.keys(source)) Object.defineProperty(fields, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return fields;
}
