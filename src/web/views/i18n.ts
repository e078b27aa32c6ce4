import { normalizeLanguage } from '../../notify/language';
import type { Language } from '../../config/schema';

/**
 * The words of the web pages in the three languages of the templates. State titles, event
 * titles and refusal reasons are not here: they come from the flow and the engine.
 */
const WORDS = {
  ticket: { de: 'Ticket', en: 'Ticket', pl: 'Zgłoszenie' },
  subject: { de: 'Betreff', en: 'Subject', pl: 'Temat' },
  currentStep: { de: 'Aktueller Schritt', en: 'Current step', pl: 'Bieżący krok' },
  contact: { de: 'Ihre Ansprechperson', en: 'Your contact', pl: 'Osoba kontaktowa' },
  noContactYet: { de: 'wird gerade zugewiesen', en: 'being assigned', pl: 'jest przydzielana' },
  dueAt: { de: 'Zieltermin', en: 'Due', pl: 'Termin' },
  latestAction: { de: 'Letzte Aktion', en: 'Latest action', pl: 'Ostatnia czynność' },
  discussion: { de: 'Verlauf', en: 'Discussion', pl: 'Przebieg' },
  fromYou: { de: 'Ihre Nachricht', en: 'Your message', pl: 'Państwa wiadomość' },
  fromUs: { de: 'Nachricht an Sie', en: 'Message to you', pl: 'Wiadomość do Państwa' },
  reply: { de: 'Antworten', en: 'Reply', pl: 'Odpowiedź' },
  replyLabel: { de: 'Ihre Nachricht an uns', en: 'Your message to us', pl: 'Państwa wiadomość do nas' },
  send: { de: 'Senden', en: 'Send', pl: 'Wyślij' },
  replySent: { de: 'Danke, Ihre Nachricht ist bei uns angekommen.', en: 'Thank you, your message has reached us.', pl: 'Dziękujemy, Państwa wiadomość do nas dotarła.' },
  replyExpired: {
    de: 'Das Formular ist abgelaufen oder kam nicht von dieser Seite (CSRF-Token fehlt oder ist falsch). Bitte laden Sie die Seite neu und senden Sie Ihre Nachricht erneut.',
    en: 'The form has expired or did not come from this page (CSRF token missing or wrong). Please reload the page and send your message again.',
    pl: 'Formularz wygasł lub nie pochodzi z tej strony (brak lub błędny token CSRF). Prosimy odświeżyć stronę i wysłać wiadomość ponownie.',
  },
  replyEmpty: { de: 'Die Nachricht ist leer.', en: 'The message is empty.', pl: 'Wiadomość jest pusta.' },
  replyTooLong: {
    de: 'Die Nachricht hat {count} Zeichen; möglich sind höchstens {max}.',
    en: 'The message has {count} characters; at most {max} fit.',
    pl: 'Wiadomość ma {count} znaków; zmieści się najwyżej {max}.',
  },
  replyNoKey: {
    de: 'Dem Formular fehlt ein Teil. Bitte laden Sie die Seite neu und senden Sie Ihre Nachricht erneut.',
    en: 'The form is incomplete. Please reload the page and send your message again.',
    pl: 'Formularz jest niekompletny. Prosimy odświeżyć stronę i wysłać wiadomość ponownie.',
  },
  replyClosed: {
    de: 'Dieses Ticket ist bereits abgeschlossen; Ihre Nachricht wurde nicht hinzugefügt. Schreiben Sie uns gern erneut per E-Mail.',
    en: 'This ticket is already closed; your message was not added. Please write to us again by e-mail.',
    pl: 'To zgłoszenie jest już zamknięte; wiadomość nie została dodana. Prosimy napisać do nas ponownie e-mailem.',
  },
  closedTicket: {
    de: 'Dieses Ticket ist abgeschlossen. Der Verlauf bleibt hier für Sie sichtbar.',
    en: 'This ticket is closed. Its discussion stays visible here.',
    pl: 'To zgłoszenie jest zamknięte. Jego przebieg pozostaje tu widoczny.',
  },
  /** Only when the server runs without the ticket archive. */
  closedTicketNotKept: {
    de: 'Dieses Ticket ist abgeschlossen. Abgeschlossene Tickets bleiben bis zu 24 Stunden hier sichtbar.',
    en: 'This ticket is closed. Closed tickets stay visible here for up to 24 hours.',
    pl: 'To zgłoszenie jest zamknięte. Zamknięte zgłoszenia są tu widoczne do 24 godzin.',
  },
  notFoundTitle: { de: 'Nicht gefunden', en: 'Not found', pl: 'Nie znaleziono' },
  notFound: {
    de: 'Diese Seite gibt es nicht, oder der Link ist nicht vollständig. Bitte nutzen Sie den Link aus unserer letzten E-Mail.',
    en: 'This page does not exist, or the link is incomplete. Please use the link from our latest e-mail.',
    pl: 'Ta strona nie istnieje lub link jest niepełny. Prosimy skorzystać z linku z naszej ostatniej wiadomości e-mail.',
  },
  unavailableTitle: { de: 'Vorübergehend nicht erreichbar', en: 'Temporarily unavailable', pl: 'Chwilowo niedostępne' },
  unavailable: {
    de: 'Der Dienst ist vorübergehend nicht erreichbar. Diese Seite lädt sich neu, sobald er wieder da ist.',
    en: 'The service is temporarily unavailable. This page reloads by itself once it is back.',
    pl: 'Usługa jest chwilowo niedostępna. Strona odświeży się sama, gdy usługa wróci.',
  },
  badRequestTitle: { de: 'Ungültige Eingabe', en: 'Invalid input', pl: 'Nieprawidłowe dane' },
  signIn: { de: 'Anmelden', en: 'Sign in', pl: 'Zaloguj się' },
  signInIntro: {
    de: 'Geben Sie Ihre Kennung oder E-Mail-Adresse ein; wir senden Ihnen einen Anmeldelink (15 Minuten gültig, einmal verwendbar).',
    en: 'Enter your agent id or e-mail address; we mail you a sign-in link (valid for 15 minutes, works once).',
    pl: 'Podaj identyfikator lub adres e-mail; wyślemy link do logowania (ważny 15 minut, jednorazowy).',
  },
  signInSent: {
    de: 'Wenn die Adresse zu einem Agenten gehört, ist ein Anmeldelink unterwegs.',
    en: 'If the address belongs to an agent, a sign-in link is on its way.',
    pl: 'Jeśli adres należy do agenta, link do logowania jest w drodze.',
  },
  signInInvalid: {
    de: 'Dieser Anmeldelink ist abgelaufen oder wurde schon verwendet. Fordern Sie einen neuen an.',
    en: 'This sign-in link has expired or was already used. Ask for a new one.',
    pl: 'Ten link wygasł lub został już użyty. Poproś o nowy.',
  },
  signOut: { de: 'Abmelden', en: 'Sign out', pl: 'Wyloguj' },
  agentOrEmail: { de: 'Kennung oder E-Mail', en: 'Agent id or e-mail', pl: 'Identyfikator lub e-mail' },
  myTickets: { de: 'Meine Tickets', en: 'My tickets', pl: 'Moje zgłoszenia' },
  queue: { de: 'Warteschlange', en: 'Queue', pl: 'Kolejka' },
  dashboard: { de: 'Dashboard', en: 'Dashboard', pl: 'Pulpit' },
  flows: { de: 'Abläufe', en: 'Flows', pl: 'Procesy' },
  whatToDo: { de: 'Was jetzt zu tun ist', en: 'What to do now', pl: 'Co teraz zrobić' },
  customerSees: { de: 'Kunde sieht', en: 'Customer sees', pl: 'Klient widzi' },
  clocks: { de: 'SLA-Uhren', en: 'SLA clocks', pl: 'Zegary SLA' },
  timeline: { de: 'Verlauf', en: 'Timeline', pl: 'Historia' },
  actions: { de: 'Aktionen', en: 'Actions', pl: 'Działania' },
  required: { de: 'Pflichtfeld', en: 'required', pl: 'wymagane' },
  refused: { de: 'Abgelehnt', en: 'Refused', pl: 'Odrzucone' },
  assign: { de: 'Zuweisen', en: 'Assign', pl: 'Przydziel' },
  priority: { de: 'Priorität', en: 'Priority', pl: 'Priorytet' },
  changePriority: { de: 'Priorität ändern', en: 'Change priority', pl: 'Zmień priorytet' },
  markAbsent: { de: 'Abwesend melden', en: 'Mark absent', pl: 'Zgłoś nieobecność' },
  until: { de: 'bis', en: 'until', pl: 'do' },
  reason: { de: 'Grund', en: 'Reason', pl: 'Powód' },
  state: { de: 'Status', en: 'State', pl: 'Stan' },
  flow: { de: 'Ablauf', en: 'Flow', pl: 'Proces' },
  tier: { de: 'Level', en: 'Tier', pl: 'Linia' },
  assignee: { de: 'Bearbeiter', en: 'Assignee', pl: 'Przypisany' },
  sla: { de: 'SLA', en: 'SLA', pl: 'SLA' },
  customer: { de: 'Kunde', en: 'Customer', pl: 'Klient' },
  filter: { de: 'Filtern', en: 'Filter', pl: 'Filtruj' },
  any: { de: 'alle', en: 'any', pl: 'wszystkie' },
  none: { de: 'Keine Tickets.', en: 'No tickets.', pl: 'Brak zgłoszeń.' },
  open: { de: 'offen', en: 'open', pl: 'otwarte' },
  waiting: { de: 'wartend', en: 'waiting', pl: 'oczekujące' },
  unassigned: { de: 'ohne Bearbeiter', en: 'no owner yet', pl: 'bez przypisania' },
  warning: { de: 'gefährdet', en: 'at risk', pl: 'zagrożone' },
  breached: { de: 'überschritten', en: 'breached', pl: 'przekroczone' },
  ok: { de: 'im Plan', en: 'on track', pl: 'w terminie' },
  met: { de: 'eingehalten', en: 'met', pl: 'dotrzymane' },
  paused: { de: 'pausiert', en: 'paused', pl: 'wstrzymane' },
  agentsAvailable: { de: 'Agenten verfügbar', en: 'Agents available', pl: 'Dostępni agenci' },
  agentsAbsent: { de: 'Agenten abwesend', en: 'Agents absent', pl: 'Nieobecni agenci' },
  openedToday: { de: 'Heute eröffnet', en: 'Opened today', pl: 'Otwarte dziś' },
  resolvedToday: { de: 'Heute gelöst', en: 'Resolved today', pl: 'Rozwiązane dziś' },
  oldestOpen: { de: 'Ältestes offenes Ticket', en: 'Oldest open ticket', pl: 'Najstarsze otwarte zgłoszenie' },
  sameDayRate: { de: 'Am selben Tag gelöst (heute)', en: 'Solved the same day (today)', pl: 'Rozwiązane tego samego dnia (dziś)' },
  openTickets: { de: 'offene Tickets', en: 'open tickets', pl: 'otwarte zgłoszenia' },
  atRisk: { de: 'gefährdet oder überschritten', en: 'at risk or breached', pl: 'zagrożone lub przekroczone' },
  archivedTicket: { de: 'Abgeschlossen, aus dem Ticketarchiv (nur lesen); geschlossen am', en: 'Closed, read from the ticket archive (read-only); closed', pl: 'Zamknięte, z archiwum zgłoszeń (tylko odczyt); zamknięte' },
  closedFigures: { de: 'Abgeschlossene Tickets der letzten 12 Wochen (Ticketarchiv)', en: 'Closed tickets of the last 12 weeks (ticket archive)', pl: 'Zamknięte zgłoszenia z ostatnich 12 tygodni (archiwum)' },
  slaMet: { de: 'SLA eingehalten', en: 'SLA met', pl: 'SLA dotrzymane' },
  timeInStep: { de: 'Zeit im Schritt (p50, Arbeitsminuten)', en: 'Time in step (p50, business minutes)', pl: 'Czas w kroku (p50, minuty robocze)' },
  visits: { de: 'Durchläufe', en: 'Visits', pl: 'Przejścia' },
  breachesOf: { de: 'überschritten von', en: 'breached of', pl: 'przekroczone z' },
  avgOverrun: { de: 'Ø Überschreitung (Arbeitsminuten)', en: 'Avg. overrun (business minutes)', pl: 'Śr. przekroczenie (minuty robocze)' },
  slaMetPerWeek: { de: 'SLA eingehalten je Woche (%)', en: 'SLA met per week (%)', pl: 'SLA dotrzymane w tygodniu (%)' },
  sameDayPerWeek: { de: 'Am selben Tag gelöst je Woche (%)', en: 'Solved the same day per week (%)', pl: 'Rozwiązane tego samego dnia w tygodniu (%)' },
  week: { de: 'Woche', en: 'Week', pl: 'Tydzień' },
  closedCount: { de: 'Abgeschlossen', en: 'Closed', pl: 'Zamknięte' },
  sameDay: { de: 'Am selben Tag gelöst', en: 'Solved the same day', pl: 'Rozwiązane tego samego dnia' },
  noClosedTickets: { de: 'Noch keine abgeschlossenen Tickets im Archiv.', en: 'No closed tickets in the archive yet.', pl: 'Brak zamkniętych zgłoszeń w archiwum.' },
  archiveUnavailable: { de: 'Das Ticketarchiv ist nicht erreichbar; Zahlen abgeschlossener Tickets fehlen:', en: 'The ticket archive is not available; figures of closed tickets are missing:', pl: 'Archiwum zgłoszeń jest niedostępne; brak danych zamkniętych zgłoszeń:' },
  ticketsIn: { de: 'Tickets in', en: 'Tickets in', pl: 'Zgłoszenia w' },
  live: { de: 'live', en: 'live', pl: 'na żywo' },
  left: { de: 'verbleibend', en: 'left', pl: 'pozostało' },
  overdue: { de: 'überfällig', en: 'overdue', pl: 'po terminie' },
  message: { de: 'Nachricht', en: 'Message', pl: 'Wiadomość' },
  page: { de: 'Seite', en: 'Page', pl: 'Strona' },
  previousPage: { de: 'vorherige', en: 'previous', pl: 'poprzednia' },
  nextPage: { de: 'nächste', en: 'next', pl: 'następna' },
  badPage: { de: 'Die Seitenzahl muss eine positive ganze Zahl sein', en: 'The page number must be a positive whole number', pl: 'Numer strony musi być dodatnią liczbą całkowitą' },
} as const satisfies Record<string, Record<Language, string>>;

/** A word of the web pages. */
export type Word = keyof typeof WORDS;

/** The word in a language. */
export function t(language: Language, word: Word): string {
  return WORDS[word][language];
}

/** A supported language from a tag, else the fallback. */
export function pageLanguage(tag: string | undefined, fallback: Language): Language {
  return normalizeLanguage(tag) ?? fallback;
}
