import type { SopflowConfig } from '../config/schema';
import { findAgent } from './agent-directory';
import type { NotificationRequest, SkippedDelivery } from './notification-request';

/** Who gets a notification on which channel, before anything is sent. */
export interface RecipientPlan {
  email: string[];
  /** Phone number, when the customer has one and SMS is configured. */
  sms?: string;
  webhook: boolean;
  chat: boolean;
  /** Channels that would apply but cannot be used, and why. */
  skipped: SkippedDelivery[];
}

/**
 * Decides recipients by audience: customers by e-mail (+ SMS); the team and the escalation
 * manager by their configured addresses plus webhook and chat; the assignee by the agent's address.
 */
export function planRecipients(request: NotificationRequest, config: SopflowConfig): RecipientPlan {
  const plan: RecipientPlan = { email: [], webhook: false, chat: false, skipped: [] };
  const internal = (): void => {
    plan.webhook = config.channels.webhook !== undefined;
    plan.chat = config.channels.chat !== undefined;
  };
  switch (request.audience) {
    case 'customer': {
      const { email, phone } = request.ticket.customer;
      if (email && request.ticket.bouncedAddresses?.includes(email.toLowerCase())) {
        plan.skipped.push({ channel: 'email', recipient: email, why: 'mail to this address bounced; it is not mailed again from this ticket' });
      } else if (email) plan.email.push(email);
      else plan.skipped.push({ channel: 'email', recipient: `customer ${request.ticket.customer.id}`, why: 'the customer has no e-mail address' });
      if (phone && config.channels.sms) plan.sms = phone;
      else if (phone) plan.skipped.push({ channel: 'sms', recipient: phone, why: 'no SMS gateway configured' });
      break;
    }
    case 'team': {
      const tier = request.ticket.tier;
      const tierAddress = tier ? config.recipients.tiers[tier] : undefined;
      plan.email.push(config.recipients.team);
      if (tierAddress) plan.email.push(tierAddress);
      internal();
      break;
    }
    case 'escalation_manager':
      plan.email.push(config.recipients.escalationManager);
      internal();
      break;
    case 'assignee': {
      const assignee = request.ticket.assignee;
      const agent = assignee ? findAgent(config, assignee) : undefined;
      if (agent) plan.email.push(agent.email);
      else if (assignee && assignee.includes('@')) plan.email.push(assignee);
      else plan.skipped.push({ channel: 'email', recipient: assignee ?? '(none)', why: assignee ? `"${assignee}" is not a configured agent` : 'the ticket has no assignee' });
      break;
    }
  }
  // The team address and a tier address may be the same mailbox.
  plan.email = [...new Set(plan.email.map((e) => e.trim()))];
  return plan;
}
