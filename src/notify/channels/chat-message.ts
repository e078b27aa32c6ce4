/** What a chat post says: a title, the text, and where to click. */
export interface ChatMessage {
  title: string;
  text: string;
  link: string;
  /** For Teams' colour bar: breaches red, warnings amber, everything else neutral. */
  severity: 'info' | 'warning' | 'critical';
}

const TEAMS_COLOURS: Record<ChatMessage['severity'], string> = { info: '0078D7', warning: 'FFB900', critical: 'D13438' };

/** Slack incoming-webhook body: `{ text }` with Slack's link markup. */
export function slackBody(message: ChatMessage): { text: string } {
  return { text: `*${message.title}*\n${message.text.trim()}\n<${message.link}|${message.link}>` };
}

/** Teams incoming-webhook body: a legacy MessageCard with a button to the ticket. */
export function teamsBody(message: ChatMessage): Record<string, unknown> {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: message.title,
    themeColor: TEAMS_COLOURS[message.severity],
    title: message.title,
    // Teams renders markdown, where a single newline is not a line break.
    text: message.text.trim().replace(/\n/g, '  \n'),
    potentialAction: [{ '@type': 'OpenUri', name: 'Ticket öffnen / Open ticket', targets: [{ os: 'default', uri: message.link }] }],
  };
}
