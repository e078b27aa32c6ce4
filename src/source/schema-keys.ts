import type { z } from 'zod';

type AnyDef = { type: string; [key: string]: unknown };

/**
 * The keys an object schema allows at `path`, found by walking the zod schema alongside the
 * data path. Used to tell a user which keys they could have meant.
 */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const found of schemasAt(schema, path, 0)) {
    const def = defOf(found);
    if (def.type === 'object') for (const key of Object.keys(def.shape as object)) keys.add(key);
  }
  return [...keys].sort();
}

function schemasAt(schema: unknown, path: readonly PropertyKey[], depth: number): unknown[] {
  if (depth > 64) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'prefault':
      return schemasAt(def.innerType, path, depth + 1);
    case 'pipe':
      return schemasAt(def.in, path, depth + 1);
    case 'lazy':
      return schemasAt((def.getter as () => unknown)(), path, depth + 1);
    case 'union':
      return (def.options as unknown[]).flatMap((option) => schemasAt(option, path, depth + 1));
    default:
      break;
  }
  if (path.length === 0) return [schema];
  const [head, ...rest] = path;
  switch (def.type) {
    case 'object': {
      const child = (def.shape as Record<string, unknown>)[String(head)];
      return child ? schemasAt(child, rest, depth + 1) : [];
    }
    case 'record':
      return schemasAt(def.valueType, rest, depth + 1);
    case 'array':
      return schemasAt(def.element, rest, depth + 1);
    default:
      return [];
  }
}

function defOf(schema: unknown): AnyDef {
  return ((schema as { _zod?: { def?: AnyDef } })?._zod?.def ?? { type: 'unknown' }) as AnyDef;
}
