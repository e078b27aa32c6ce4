import type { FlowDefinition } from '../flow/definition';
import { pickText } from '../flow/localized-text';
import type { FieldSpec } from '../flow/schema';
import { coerceFieldValue, payloadProblems } from '../ticket/payload';
import type { AllowedEvent } from '../ticket/types';
import { html } from './views/html';
import type { SafeHtml } from './views/html';

/** Form field names sopflow itself uses; event fields never collide with them (fields are lower camel/snake, these start with `_`). */
const RESERVED = new Set(['_csrf', '_key']);

/**
 * Turns a submitted event form into the event's payload with the types the flow declares, then
 * checks it with the engine's own rules (`payloadProblems`): a bad value is refused here with
 * the same words the engine would use, and never reaches the workflow.
 */
export function parseEventForm(flow: FlowDefinition, eventType: string, body: Record<string, unknown>): { data: Record<string, unknown>; problems: string[] } {
  const declared: Record<string, FieldSpec> = flow.events[eventType]?.fields ?? {};
  const data: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(body)) {
    if (RESERVED.has(name)) continue;
    if (!(name in declared)) {
      problems.push(`field '${name}' is not declared for ${eventType}`);
      continue;
    }
    if (Array.isArray(raw)) {
      problems.push(`field '${name}' was sent more than once`);
      continue;
    }
    if (typeof raw !== 'string') continue;
    const field = declared[name]!;
    const text = field.type === 'text' ? raw : raw.trim();
    if (text === '') continue;
    if (field.type === 'boolean') data[name] = text === 'true' || text === 'on';
    else data[name] = coerceFieldValue(field, text);
  }
  // An unticked checkbox sends nothing: for a declared boolean that means false.
  for (const [name, field] of Object.entries(declared)) {
    if (field.type === 'boolean' && !(name in data) && !problems.length) data[name] = false;
  }
  problems.push(...payloadProblems(flow, eventType, data));
  return { data, problems };
}

/**
 * One form per allowed event, generated from its declared fields; inputs marked data-keep keep
 * what was typed across live updates (app.js). Its title is the flow's, in the agent's language.
 */
export function eventForm(input: {
  number: string;
  event: AllowedEvent;
  flow: FlowDefinition | undefined;
  /** The agent's language: the event's title in it when the flow writes one. */
  language: string;
  csrf: string;
  requiredWord: string;
  idempotencyKey: string;
  values?: Record<string, unknown>;
}): SafeHtml {
  const { number, event, flow } = input;
  const spec = flow?.events[event.type];
  const declared: Record<string, FieldSpec> = spec?.fields ?? {};
  const id = (field: string): string => `f-${event.type}-${field}`;
  const title = pickText(spec?.titles, spec?.title ?? event.title ?? event.type, input.language);
  return html`<form class="card stack event-form" method="post" action="/agent/tickets/${number}/events/${event.type}"
  hx-post="/agent/tickets/${number}/events/${event.type}" hx-target="#ticket-view" hx-swap="innerHTML" data-event="${event.type}">
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <input type="hidden" name="_key" value="${input.idempotencyKey}">
  <strong>${title}</strong>
  ${Object.entries(event.fields).map(([name, field]) => {
    const label = declared[name]?.title ?? name;
    const value = input.values?.[name];
    const marker = field.required ? html` <span class="req" title="${input.requiredWord}">*</span>` : '';
    if (field.type === 'boolean') {
      return html`<label><input type="checkbox" id="${id(name)}" name="${name}" value="true" data-keep${value === true ? html` checked` : ''}> ${label}${marker}</label>`;
    }
    const labelHtml = html`<label for="${id(name)}">${label}${marker}</label>`;
    const required = field.required ? html` required` : '';
    if (field.type === 'choice') {
      return html`${labelHtml}<select id="${id(name)}" name="${name}" data-keep${required}>
      <option value=""></option>
      ${(field.choices ?? []).map((choice) => html`<option value="${choice}"${String(value) === String(choice) ? html` selected` : ''}>${choice}</option>`)}
    </select>`;
    }
    if (field.type === 'text') {
      return html`${labelHtml}<textarea id="${id(name)}" name="${name}" data-keep${required}>${typeof value === 'string' ? value : ''}</textarea>`;
    }
    // Numbers and dates are typed as text on purpose: the server checks them with the engine's rules and says what is wrong.
    const hint = field.type === 'number' ? html` inputmode="decimal"` : field.type === 'date' ? html` placeholder="2026-11-22"` : '';
    return html`${labelHtml}<input type="${field.type === 'email' ? 'email' : 'text'}" id="${id(name)}" name="${name}"${hint} data-keep value="${value === undefined ? '' : String(value)}"${required}>`;
  })}
  <div><button type="submit" class="primary">${title}</button></div>
</form>`;
}

