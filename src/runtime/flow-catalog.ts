import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDefinition } from '../flow/definition';
import { loadFlowDirectory } from '../flow/load-flow';
import type { BusinessCalendar } from '../sla/business-calendar';
import { loadCalendarsFile } from '../sla/load-calendars';
import { SourceProblemsError } from '../source/problem';
import type { SourceProblem } from '../source/problem';
import { SopflowError } from '../errors/sopflow-error';
import { didYouMean } from '../source/suggest';

/** The flows and calendars a worker or a client works with, validated as a whole. */
export interface FlowCatalog {
  flow(id: string): FlowDefinition;
  calendar(name: string): BusinessCalendar;
  flows(): FlowDefinition[];
}

/** Where flows live unless SOPFLOW_FLOWS says otherwise. */
export function defaultFlowsDir(): string {
  return process.env.SOPFLOW_FLOWS ?? join(process.cwd(), 'flows');
}

/**
 * Loads and validates every flow and calendar in a directory. Any problem in any file stops
 * the load with all problems listed: a bad flow file never starts.
 */
export function loadFlowCatalog(dir = defaultFlowsDir()): FlowCatalog {
  if (!existsSync(dir)) throw new SopflowError(`no flows directory at ${dir}`, { code: 'NO_FLOWS', suggestion: 'run from the project directory or set SOPFLOW_FLOWS' });
  const calendarFile = join(dir, 'calendars.yaml');
  const calendars = loadCalendarsFile(calendarFile);
  const problems: SourceProblem[] = [...calendars.problems];
  const loaded = loadFlowDirectory(dir, { calendars: new Set(calendars.calendars.keys()) });
  problems.push(...loaded.problems.filter((problem) => problem.severity === 'error'));
  if (problems.length) throw new SourceProblemsError(problems);
  return catalogOf(loaded.flows, calendars.calendars);
}

/** A catalog over already-loaded flows and calendars (tests, embedding). */
export function catalogOf(flows: FlowDefinition[], calendars: Map<string, BusinessCalendar>): FlowCatalog {
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  return {
    flow(id) {
      const flow = byId.get(id);
      if (!flow) {
        const hint = didYouMean(id, byId.keys());
        throw new SopflowError(`unknown flow '${id}'`, { code: 'UNKNOWN_FLOW', suggestion: hint ?? `known flows: ${[...byId.keys()].join(', ')}` });
      }
      return flow;
    },
    calendar(name) {
      const calendar = calendars.get(name);
      if (!calendar) throw new SopflowError(`unknown calendar '${name}'`, { code: 'UNKNOWN_CALENDAR', suggestion: didYouMean(name, calendars.keys()) ?? 'define it in flows/calendars.yaml' });
      return calendar;
    },
    flows() {
      return [...byId.values()];
    },
  };
}
