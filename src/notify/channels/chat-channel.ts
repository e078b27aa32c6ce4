import type { SopflowConfig } from '../../config/schema';
import type { ChatMessage } from './chat-message';
import { slackBody, teamsBody } from './chat-message';
import { deliverHttp } from './http-delivery';

type ChatConfig = NonNullable<SopflowConfig['channels']['chat']>;

/** Posts team notifications to a Slack or Teams incoming webhook. */
export interface ChatChannel {
  /** `slack` or `teams`: the URL itself is a credential and is never shown. */
  readonly recipient: string;
  send(message: ChatMessage): Promise<void>;
}

/** Creates the chat channel for the configured kind. */
export function createChatChannel(config: ChatConfig): ChatChannel {
  return {
    recipient: config.kind,
    async send(message) {
      const body = config.kind === 'slack' ? slackBody(message) : teamsBody(message);
      await deliverHttp({
        channel: 'chat',
        recipient: config.kind,
        url: config.url,
        timeoutMs: config.timeoutMs,
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'user-agent': 'sopflow' },
      });
    },
  };
}
