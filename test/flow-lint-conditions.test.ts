import { expect } from 'chai';
import { lintLines } from './helpers/lint-lines';

/*
 * What conditions may read and compare with: `field:` reads the ticket's fields, `event:` the
 * payload of the event being handled, a choice field only equals one of its choices, and a
 * comparison is found however deeply `any`/`not` nest it. Positions are 1-based line:column.
 */

/** Lines 1-10: a ticket choice field `category` and an event GO with a choice field `channel`. */
const HEAD = `id: c
version: 1
title: C
sla: { resolution: 1d }
fields:
  category: { type: choice, choices: [hardware, software] }
events:
  GO:
    fields:
      channel: { type: choice, choices: [mail, phone] }
`;

describe('lint of conditions', () => {
  it('compares field: with the ticket field and event: with the payload field, single values and lists alike', () => {
    const text = `${HEAD}states:
  start:
    tier: L1
    on:
      GO:
        - { target: done, when: { field: category, equals: network } }
        - { target: done, when: { event: channel, not_equals: fax } }
        - { target: done, when: { field: category, not_in: [hardware, printers] } }
        - { target: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      "f.yaml:16:60: 'network' is not a choice of 'category' (choices: hardware, software)",
      "f.yaml:17:63: 'fax' is not a choice of 'channel' (choices: mail, phone)",
      "f.yaml:18:71: 'printers' is not a choice of 'category' (choices: hardware, software)",
    ]);
  });

  it('finds comparisons inside any: and not:', () => {
    const text = `${HEAD}states:
  start:
    tier: L1
    on:
      GO:
        - target: done
          when:
            any:
              - { field: category, equals: network }
              - not: { field: colour, exists: true }
        - { target: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      "f.yaml:19:44: 'network' is not a choice of 'category' (choices: hardware, software)",
      "f.yaml:20:31: unknown field 'colour' (declare it under fields:, or set it with a set: action)",
    ]);
  });

  it('checks the choices of payload fields as it checks those of ticket fields', () => {
    const text = `id: c
version: 1
title: C
sla: { resolution: 1d }
events:
  GO:
    fields:
      kind: { type: choice }
      note: { type: text, choices: [a, b] }
states:
  start: { tier: L1, on: { GO: done } }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      "f.yaml:8:7: choice field 'kind' lists no choices (add choices: [first, second])",
      'f.yaml:9:27: warning: choices are ignored on a text field (use type: choice, or remove choices:)',
    ]);
  });

  it('keeps the declared type of a ticket field that an event payload also has', () => {
    // Read as the payload's choice field, 'xl' would not be one of its choices.
    const text = `id: c
version: 1
title: C
sla: { resolution: 1d }
fields:
  size: { type: text }
events:
  GO:
    fields:
      size: { type: choice, choices: [s, m] }
states:
  start:
    tier: L1
    on:
      GO:
        - { target: done, when: { field: size, equals: xl } }
        - { target: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([]);
  });

  it('knows the fields set by the actions of single transitions and of timeouts', () => {
    const text = `id: c
version: 1
title: C
sla: { resolution: 1d }
events: { GO: {} }
states:
  start:
    tier: L1
    on:
      GO: { target: next, actions: [{ set: { field: checked, value: true } }] }
    after:
      1d: { target: next, actions: [{ set: { field: reminded, value: true } }] }
  next:
    tier: L1
    on:
      GO:
        - { target: done, when: { field: checked, equals: true } }
        - { target: done, when: { field: reminded, equals: true } }
        - { target: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([]);
  });

  it('leaves the payload of an undeclared event to the undeclared-event rule', () => {
    const text = `id: c
version: 1
title: C
sla: { resolution: 1d }
events: { GO: {} }
states:
  start:
    tier: L1
    on:
      GO: done
      PING:
        - { target: done, when: { event: colour, exists: true } }
        - { target: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal(["f.yaml:11:7: event 'PING' is not declared (declare it under events:)"]);
  });
});
