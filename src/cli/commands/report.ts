import { Command } from 'commander';
import { GROUP_BY } from '../../report/kpis';
import type { ReportOptions } from '../run-report';

/** Output formats of `sopflow report`. */
export const REPORT_FORMATS = ['text', 'json', 'csv'] as const;

/** `sopflow report`: KPIs over the ticket archive, and the backlog from Temporal's visibility. */
export const reportCommand = new Command('report')
  .description('SLA met %, first-contact and same-day resolution, times to resolve, escalations, breach hot spots, backlog')
  .option('--from <date>', 'tickets closed at or after this date or instant (default: 30 days before --to)')
  .option('--to <date>', 'tickets closed before this date or instant (default: now)')
  .option('--flow <flow>', 'only tickets of this flow')
  .option('--group-by <key>', `group the figures by ${GROUP_BY.join(', ')}`)
  .option('--format <format>', `${REPORT_FORMATS.join(', ')}`, 'text')
  .option('--no-backlog', 'do not ask Temporal for the open tickets')
  .action(async (options: ReportOptions) => {
    const { runReportCommand } = require('../run-report') as typeof import('../run-report');
    await runReportCommand(options);
  });
