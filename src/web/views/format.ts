import type { Language } from '../../config/schema';
import { formatDateTime } from '../../notify/format-date';
import { html } from './html';
import type { SafeHtml } from './html';
import { t } from './i18n';
import type { Word } from './i18n';

/** An instant for a reader, in the desk's time zone, inside a `<time>` element. */
export function when(iso: string | undefined, language: Language, timeZone: string): SafeHtml {
  if (!iso) return html``;
  return html`<time datetime="${iso}">${formatDateTime(iso, language, timeZone)}</time>`;
}

/** A live countdown to an instant (ticked by /assets/app.js). */
export function countdown(iso: string | undefined, language: Language): SafeHtml {
  if (!iso) return html``;
  return html`<span class="countdown" data-due="${iso}" data-left="${t(language, 'left')}" data-overdue="${t(language, 'overdue')}"></span>`;
}

/** SLA status as colour and text. */
export function slaBadge(status: string | undefined, language: Language): SafeHtml {
  const known = ['ok', 'warning', 'breached', 'met', 'paused'];
  const word = (status && known.includes(status) ? status : 'ok') as Word;
  return html`<span class="sla sla-${word}" data-sla="${word}">${t(language, word)}</span>`;
}
