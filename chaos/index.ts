/*
 * `npm run chaos [-- --tickets N --kills N --smtp-outage-seconds N --seed N --json …]`: a long run
 * of it-desk-incident tickets on the embedded dev server while the worker process is SIGKILLed,
 * the server restarted and the SMTP server down for a while, judged from the tickets' timelines
 * and the mails the SMTP server received. See the README's Benchmarks section.
 */
import { ChaosUsageError, parseChaosOptions } from './options';
import type { ChaosOptions } from './options';
import { reportLines } from './report';
import { runChaos } from './run-chaos';

async function main(): Promise<number> {
  let options: ChaosOptions;
  try {
    options = parseChaosOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ChaosUsageError)) throw error;
    console.error(`chaos: ${error.message}`);
    return 2;
  }
  const { figures, extra } = await runChaos(options);
  for (const line of reportLines(figures, extra, options.json)) console.log(line);
  return figures.ticketsStuck + figures.eventsDoubled + figures.eventsLost + figures.mailsDuplicated + figures.mailsLost + figures.timelinesUnreadable > 0 ? 1 : 0;
}

main().then(
  // Explicit exit: gRPC channels of the client keep the event loop alive.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
