import { expect } from 'chai';
import { z } from 'zod';
import { readPath } from '../src/flow/condition';
import { actionSchema, flowSchema } from '../src/flow/schema';
import { findDeepNesting } from '../src/source/nesting-depth';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { formatProblem } from '../src/source/problem';
import { readYamlWithSchema } from '../src/source/schema-problems';
import { closestName, editDistance } from '../src/source/suggest';

function problems(text: string, schema: z.ZodType = flowSchema): string[] {
  const read = readYamlWithSchema(new PositionedYaml('f.yaml', text), schema);
  return read.ok ? [] : read.problems.map(formatProblem);
}

describe('flow sources: positions, limits and suggestions', () => {
  describe('did-you-mean suggestions', () => {
    it('counts a swap of two neighbouring letters as one edit', () => {
      expect(editDistance('titel', 'title')).to.equal(1);
      expect(closestName('titel', ['tier', 'title', 'sla'])).to.equal('title');
    });

    it('suggests nothing when several names are equally close', () => {
      expect(closestName('L4', ['L1', 'L2', 'L3'])).to.equal(undefined);
      expect(closestName('l2_identy_check', ['l1_triage', 'l2_identity_check'])).to.equal('l2_identity_check');
    });
  });

  describe('nesting scan before parsing', () => {
    it('counts flow brackets and block indentation', () => {
      expect(findDeepNesting(`a: ${'['.repeat(10)}${']'.repeat(10)}`, 10)).to.equal(12);
      expect(findDeepNesting('a:\n  b:\n    c: 1\n', 2)).to.equal(12);
      expect(findDeepNesting('a:\n  b:\n    c: 1\n', 3)).to.equal(undefined);
    });

    it('does not count brackets in quotes, comments or block scalars', () => {
      const deep = '['.repeat(100);
      expect(findDeepNesting(`a: "${deep}"\nb: '${deep}'\nc: 1 # ${deep}\nd: |\n  ${deep}\n  "\ne: it's ${']'.repeat(3)}\n`, 64)).to.equal(undefined);
    });

    it('still sees nesting after a block scalar ends', () => {
      expect(findDeepNesting(`d: >-\n  text\nb: ${'['.repeat(70)}`, 64)).to.be.a('number');
    });
  });

  describe('YAML structure problems', () => {
    it('names a duplicate key, where it is and where it was first defined', () => {
      expect(problems('states:\n  l1:\n    on:\n      GO: a\n      GO: b\n')).to.deep.equal([
        "f.yaml:5:7: duplicate key 'GO' in states.l1.on (each key may appear only once; 'GO' is first defined at line 4, rename or merge one of them)",
      ]);
    });

    it('finds every duplicate key, in flow maps and at the top level too, each with where the first one is', () => {
      expect(problems('id: a\nsla:\n  due: { P1: 1h, P2: 2h, P1: 3h }\nid: b\n')).to.deep.equal([
        "f.yaml:3:26: duplicate key 'P1' in sla.due (each key may appear only once; 'P1' is first defined at line 3, rename or merge one of them)",
        "f.yaml:4:1: duplicate key 'id' (each key may appear only once; 'id' is first defined at line 1, rename or merge one of them)",
      ]);
    });

    it('refuses keys that are lists or maps instead of warning on stderr', () => {
      expect(problems('? [a, b]\n: 1\n')).to.deep.equal(['f.yaml:1:3: a key must be a plain name, not a list or a map (check the indentation and the brackets)']);
    });

    it('allows a few aliases, e.g. for a shared due date', () => {
      const text = 'id: x\nversion: 1\ntitle: X\nevents: {}\nstates:\n  a: { tier: L1, sla: &due { due: 1h } }\n  b: { tier: L1, sla: *due }\n';
      expect(problems(text)).to.deep.equal([]);
    });
  });

  describe('schema problems', () => {
    it('reports a mistake inside a union at the alternative that was meant', () => {
      expect(problems('notfy: customer', actionSchema)).to.deep.equal(["f.yaml:1:1: unknown key 'notfy' (did you mean 'notify'?)"]);
      expect(problems('set: { field: a, value: [1] }', actionSchema)).to.deep.equal([
        'f.yaml:1:25: set.value: expected text, a number or true/false, received a list',
      ]);
      expect(problems('assign: L4', actionSchema)).to.deep.equal(['f.yaml:1:9: assign: Invalid option: expected one of "L1"|"L2"|"L3"']);
    });

    it('suggests a valid option for a misspelt one', () => {
      expect(problems('notify: custmer', actionSchema)).to.deep.equal([
        'f.yaml:1:9: notify: Invalid option: expected one of "customer"|"team"|"assignee"|"escalation_manager" (did you mean \'customer\'?)',
      ]);
    });

    it('explains YAML 1.2 booleans and quoted numbers', () => {
      const schema = z.strictObject({ flag: z.boolean(), count: z.number() });
      expect(problems('flag: no\ncount: "3"\n', schema)).to.deep.equal([
        "f.yaml:1:7: flag: Invalid input: expected boolean, received string (YAML reads 'no' as text; write true or false)",
        'f.yaml:2:8: count: Invalid input: expected number, received string (remove the quotes to write a number)',
      ]);
    });
  });

  describe('condition paths', () => {
    it('reads own properties only, never from a prototype', () => {
      expect(readPath({}, 'constructor')).to.equal(undefined);
      expect(readPath({ a: {} }, 'a.toString')).to.equal(undefined);
      expect(readPath({ a: { b: 1 } }, 'a.b')).to.equal(1);
      expect(readPath({ 'a.b': 2, a: { b: 1 } }, 'a.b')).to.equal(2);
    });
  });
});
