import type { Action, FieldSpec, FlowSpec } from '../schema';

/**
 * The ticket fields a flow can have: declared under `fields:`, set by a `set` action, or
 * copied from an accepted event's payload (the machine records payloads as ticket fields).
 * Later declarations do not override earlier ones, so a declared type wins.
 */
export function knownFields(spec: FlowSpec): Map<string, FieldSpec | undefined> {
  const fields = new Map<string, FieldSpec | undefined>(Object.entries(spec.fields ?? {}));
  const addSet = (actions: Action[] | undefined): void => {
    for (const action of actions ?? []) if ('set' in action && !fields.has(action.set.field)) fields.set(action.set.field, undefined);
  };
  for (const event of Object.values(spec.events)) {
    for (const [name, field] of Object.entries(event?.fields ?? {})) if (!fields.has(name)) fields.set(name, field);
  }
  for (const state of Object.values(spec.states)) {
    addSet(state.entry);
    for (const written of [...Object.values(state.on ?? {}), ...Object.values(state.after ?? {})]) {
      for (const transition of Array.isArray(written) ? written : [written]) if (typeof transition === 'object') addSet(transition.actions);
    }
  }
  return fields;
}

/** The field a path reads: the path itself if known, else its first segment (`identity` for `identity.verified`). */
export function lookupField<T>(fields: ReadonlyMap<string, T>, path: string): { name: string; spec: T } | undefined {
  for (const name of [path, path.split('.')[0]!]) if (fields.has(name)) return { name, spec: fields.get(name) as T };
  return undefined;
}
