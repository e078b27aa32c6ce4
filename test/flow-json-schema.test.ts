import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { flowJsonSchema, flowJsonSchemaText } from '../src/flow/flow-json-schema';

const COMMITTED = 'flows/sopflow.schema.json';

describe('flow JSON Schema for editors', () => {
  it('is committed exactly as generated from the zod schema', () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    if (committed !== flowJsonSchemaText()) {
      expect.fail(`${COMMITTED} is out of date with src/flow/schema.ts; run: npx tsx scripts/write-schema.ts`);
    }
  });

  it('is a strict draft-07 schema with the recursive condition as a named definition', () => {
    const schema = flowJsonSchema() as {
      $schema: string;
      additionalProperties: boolean;
      required: string[];
      definitions: Record<string, unknown>;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).to.equal(false);
    expect(schema.required).to.include.members(['id', 'version', 'title', 'events', 'states']);
    expect(Object.keys(schema.definitions)).to.deep.equal(['condition']);
    expect(JSON.stringify(schema)).to.not.include('__schema');
    expect(schema.properties.states?.description).to.be.a('string');
  });

  it('offers the state texts (title, description, agent instructions) as a plain text or one per flow language', () => {
    type Text = { description?: string; anyOf?: Array<{ type: string; properties?: Record<string, unknown>; additionalProperties?: boolean }> };
    const schema = flowJsonSchema() as { properties: { states: { additionalProperties: { properties: Record<string, Text> } } } };
    const state = schema.properties.states.additionalProperties.properties;
    for (const key of ['title', 'description', 'instructions']) {
      const text = state[key];
      expect(text?.description, key).to.be.a('string');
      expect(text?.anyOf?.map((branch) => branch.type), key).to.deep.equal(['string', 'object']);
      expect(Object.keys(text?.anyOf?.[1]?.properties ?? {}), key).to.deep.equal(['de', 'en', 'pl']);
      expect(text?.anyOf?.[1]?.additionalProperties, key).to.equal(false);
    }
    expect(state.instructions?.description).to.match(/agent/).and.match(/never shown to the customer/);
  });

  it("offers an event's title as a plain text or one per flow language, like a state's", () => {
    type Text = { description?: string; anyOf?: Array<{ type: string; properties?: Record<string, unknown>; additionalProperties?: boolean }> };
    const schema = flowJsonSchema() as { properties: { events: { additionalProperties: { anyOf: Array<{ type: string; properties?: Record<string, Text> }> } } } };
    // An event is an object or null (`RESOLVE:` alone).
    const event = schema.properties.events.additionalProperties.anyOf.find((branch) => branch.type === 'object');
    const title = event?.properties?.title;
    expect(title?.description).to.match(/agent/);
    expect(title?.anyOf?.map((branch) => branch.type)).to.deep.equal(['string', 'object']);
    expect(Object.keys(title?.anyOf?.[1]?.properties ?? {})).to.deep.equal(['de', 'en', 'pl']);
    expect(title?.anyOf?.[1]?.additionalProperties).to.equal(false);
  });

  it('describes every top-level key for editor hovers', () => {
    const { properties } = flowJsonSchema() as { properties: Record<string, { description?: string }> };
    const undocumented = Object.entries(properties).filter(([, property]) => !property.description).map(([key]) => key);
    expect(undocumented).to.deep.equal([]);
  });
});
