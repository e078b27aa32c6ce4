import { expect } from 'chai';
import type { z } from 'zod';
import { comparisonSchema, conditionSchema, fieldPathSchema, fieldSpecSchema } from '../src/flow/schema';
import { RESERVED_KEY_REASON } from '../src/source/reserved-keys';

/** The messages a schema gives for a value, or [] when it accepts it. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

/**
 * The flow schema's own refinements, one rule each: what the YAML loader reports at a key's
 * position. Written for the survivors of the first mutation run of src/flow/schema.ts, where
 * only whole example flows (which break none of these rules) reached them.
 */
describe('flow schema rules', () => {
  it('refuses a reserved name in any part of a field path, and accepts plain paths', () => {
    expect(problems(fieldPathSchema, 'identity.verified')).to.deep.equal([]);
    expect(problems(fieldPathSchema, 'identity.constructor')).to.deep.equal([RESERVED_KEY_REASON]);
    expect(problems(fieldPathSchema, 'prototype.verified')).to.deep.equal([RESERVED_KEY_REASON]);
  });

  it('sends only a text field to the customer', () => {
    expect(problems(fieldSpecSchema, { type: 'text', to_customer: true })).to.deep.equal([]);
    expect(problems(fieldSpecSchema, { type: 'number', to_customer: false })).to.deep.equal([]);
    expect(problems(fieldSpecSchema, { type: 'number' })).to.deep.equal([]);
    expect(problems(fieldSpecSchema, { type: 'number', to_customer: true })).to.deep.equal(['to_customer: only a text field is sent to the customer']);
    const refused = fieldSpecSchema.safeParse({ type: 'date', to_customer: true });
    expect(refused.success).to.equal(false);
    expect(refused.error?.issues[0]?.path).to.deep.equal(['to_customer']);
  });

  it('wants a condition to name exactly one of field or event', () => {
    const subject = 'a condition names exactly one of `field:` (ticket) or `event:` (payload)';
    expect(problems(comparisonSchema, { field: 'priority', equals: 'P1' })).to.deep.equal([]);
    expect(problems(comparisonSchema, { event: 'category', equals: 'network' })).to.deep.equal([]);
    expect(problems(comparisonSchema, { equals: 'P1' })).to.deep.equal([subject]);
    expect(problems(comparisonSchema, { field: 'priority', event: 'category', equals: 'P1' })).to.deep.equal([subject]);
  });

  it('wants a condition to have exactly one operator', () => {
    const operator = 'a condition has exactly one operator: equals, not_equals, in, not_in, gt, gte, lt, lte or exists';
    expect(problems(comparisonSchema, { field: 'priority' })).to.deep.equal([operator]);
    expect(problems(comparisonSchema, { field: 'priority', equals: 'P1', exists: true })).to.deep.equal([operator]);
    expect(problems(comparisonSchema, { event: 'count', gte: 2 })).to.deep.equal([]);
  });

  it('accepts each operator on its own', () => {
    const alone: Record<string, unknown> = {
      equals: 'P1', not_equals: 'P1', in: ['P1'], not_in: ['P1'], gt: 1, gte: 1, lt: 3, lte: 3, exists: true,
    };
    for (const [operator, value] of Object.entries(alone)) {
      expect(problems(comparisonSchema, { field: 'priority', [operator]: value }), operator).to.deep.equal([]);
    }
  });

  it('combines conditions with all, any and not, never with an empty list', () => {
    const comparison = { field: 'priority', equals: 'P1' };
    expect(problems(conditionSchema, { all: [comparison, { not: comparison }] })).to.deep.equal([]);
    expect(problems(conditionSchema, { any: [comparison] })).to.deep.equal([]);
    expect(conditionSchema.safeParse({ all: [] }).success).to.equal(false);
    expect(conditionSchema.safeParse({ any: [] }).success).to.equal(false);
    expect(conditionSchema.safeParse({ not: { field: 'priority' } }).success).to.equal(false);
    expect(conditionSchema.parse({ all: [comparison] })).to.deep.equal({ all: [comparison] });
    expect(conditionSchema.safeParse({ not: { any: [comparison, { all: [] }] } }).success).to.equal(false);
    expect(conditionSchema.safeParse({ all: [comparison], any: [comparison] }).success).to.equal(false);
  });
});
