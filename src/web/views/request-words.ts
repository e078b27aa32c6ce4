import type { Language } from '../../config/schema';

/** The words of the public new-request form, in the three languages of the templates. */
const WORDS = {
  title: { de: 'Neue Anfrage', en: 'New request', pl: 'Nowe zgłoszenie' },
  intro: {
    de: 'Beschreiben Sie Ihr Anliegen. Wir senden Ihnen die Ticketnummer und einen Link, unter dem Sie den Stand verfolgen können, per E-Mail.',
    en: 'Describe what you need. We send you the ticket number and a link to follow it by e-mail.',
    pl: 'Prosimy opisać sprawę. Numer zgłoszenia i link, pod którym można śledzić jego stan, wyślemy e-mailem.',
  },
  name: { de: 'Ihr Name', en: 'Your name', pl: 'Imię i nazwisko' },
  email: { de: 'Ihre E-Mail-Adresse', en: 'Your e-mail address', pl: 'Adres e-mail' },
  subject: { de: 'Betreff', en: 'Subject', pl: 'Temat' },
  text: { de: 'Ihre Nachricht', en: 'Your message', pl: 'Wiadomość' },
  send: { de: 'Anfrage senden', en: 'Send request', pl: 'Wyślij zgłoszenie' },
  sentTitle: { de: 'Danke, Ihre Anfrage ist bei uns', en: 'Thank you, your request has reached us', pl: 'Dziękujemy, zgłoszenie do nas dotarło' },
  sent: {
    de: 'Die Ticketnummer und der Link zu Ihrem Ticket sind per E-Mail unterwegs. Haben Sie zum selben Thema schon ein offenes Ticket, ergänzen wir es mit Ihrer Nachricht.',
    en: 'The ticket number and the link to your ticket are on their way by e-mail. If you already have an open ticket on the same topic, we add your message to it.',
    pl: 'Numer zgłoszenia i link do niego wysyłamy e-mailem. Jeśli mają Państwo już otwarte zgłoszenie w tej samej sprawie, dołączymy do niego tę wiadomość.',
  },
  another: { de: 'Weitere Anfrage stellen', en: 'Send another request', pl: 'Wyślij kolejne zgłoszenie' },
  fixBelow: { de: 'Bitte prüfen Sie die markierten Felder.', en: 'Please check the marked fields.', pl: 'Prosimy sprawdzić zaznaczone pola.' },
  required: { de: 'bitte ausfüllen', en: 'please fill in', pl: 'pole wymagane' },
  tooLong: { de: 'zu lang: höchstens {max} Zeichen', en: 'too long: at most {max} characters', pl: 'za długie: najwyżej {max} znaków' },
  badEmail: { de: 'keine gültige E-Mail-Adresse', en: 'not a valid e-mail address', pl: 'nieprawidłowy adres e-mail' },
  expired: {
    de: 'Das Formular ist abgelaufen oder kam nicht von dieser Seite (CSRF-Token fehlt oder ist falsch). Bitte laden Sie die Seite neu und senden Sie erneut.',
    en: 'The form has expired or did not come from this page (CSRF token missing or wrong); reload the page and send again.',
    pl: 'Formularz wygasł lub nie pochodzi z tej strony (brak lub błędny token CSRF). Prosimy odświeżyć stronę i wysłać formularz ponownie.',
  },
  notAccepted: { de: 'Die Anfrage wurde nicht angenommen', en: 'The request was not accepted', pl: 'Zgłoszenie nie zostało przyjęte' },
} as const satisfies Record<string, Record<Language, string>>;

/** A word of the new-request pages. */
export type RequestWord = keyof typeof WORDS;

/** The word in a language; `{max}` and the like are filled from `values`. */
export function requestWord(language: Language, word: RequestWord, values: Record<string, string | number> = {}): string {
  return WORDS[word][language].replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] !== undefined ? String(values[name]) : whole));
}
