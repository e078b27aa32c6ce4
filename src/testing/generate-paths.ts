import { getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import type { FlowDefinition } from '../flow/definition';
import { compileMachine, SLA_BREACH_EVENT } from '../flow/machine';
import type { TicketEvent } from '../flow/machine';
import { afterEventType, eventTransitionId, takenIndex } from './flow-transitions';
import { graphEvents, relevantFields, snapshotKey, stepOfEvent } from './graph-events';
import type { TicketSnapshotLike } from './graph-events';
import type { ExpectedStep, ModelPath, PathOrigin } from './model-step';
import { missingFieldPayload, payloadVariants } from './payload-variants';
import type { FlowFixtures } from './test-fixtures';
import { DEFAULT_MAX_PATHS, DEFAULT_DEPTH } from './test-defaults';

export { DEFAULT_MAX_PATHS, DEFAULT_DEPTH } from './test-defaults';

/** How many and how long paths to generate. */
export interface PathGenerationOptions {
  /** Most simple paths to add beyond those needed for coverage (default 10). */
  maxPaths?: number;
  /** Most steps of a simple path (default 8). */
  depth?: number;
  /** Probe refusals: payloads that violate every guard, payloads missing a required field (default true). */
  refusals?: boolean;
  /** Priority of the generated tickets (default: the flow's least urgent). */
  priority?: string;
  fixtures?: FlowFixtures;
}

/** The generated paths and the size of the graph they come from. */
export interface GeneratedPaths {
  paths: ModelPath[];
  /** Snapshots (state + relevant fields) the traversal reached. */
  vertices: number;
  /** Distinct (snapshot, event) pairs. */
  edges: number;
}

/** Simple paths enumerated before choosing; keeps the depth-first search bounded on dense flows. */
const MAX_ENUMERATED = 20_000;

type Edge = { from: TicketSnapshotLike; event: TicketEvent; to: TicketSnapshotLike };
type Candidate = { origin: PathOrigin; steps: ExpectedStep[]; units: string[] };

/**
 * Paths through a flow, from @xstate/graph's traversal of the compiled machine: the shortest
 * path to every reachable snapshot, the shortest path through every transition not covered by
 * those (self-loops and guarded branches included), simple paths up to `depth` steps chosen for
 * new transition pairs, and refusal probes. Paths that are a prefix of another are dropped.
 */
export function generatePaths(flow: FlowDefinition, options: PathGenerationOptions = {}): GeneratedPaths {
  const fixtures = options.fixtures ?? {};
  const machine = compileMachine(flow);
  const relevant = relevantFields(flow);
  const key = snapshotKey(relevant);
  const traversal = {
    events: graphEvents(flow, fixtures, relevant),
    serializeState: key,
    input: { priority: options.priority ?? fixtures.priority ?? defaultPriority(flow), fields: { ...(fixtures.fields ?? {}) } },
  };
  // The machine's event union is open (any type with data); the casts only bridge @xstate/graph's generics.
  const shortest = getShortestPaths(machine, traversal as never) as unknown as Array<{ state: TicketSnapshotLike; steps: Array<{ state: TicketSnapshotLike; event: TicketEvent }> }>;
  const adjacency = getAdjacencyMap(machine, traversal as never) as unknown as Record<string, { state: TicketSnapshotLike; transitions: Record<string, { event: TicketEvent; state: TicketSnapshotLike }> }>;

  const edgesTo = new Map<string, Edge[]>();
  for (const path of shortest) {
    const edges: Edge[] = [];
    for (let index = 1; index < path.steps.length; index++) {
      edges.push({ from: path.steps[index - 1]!.state, event: path.steps[index]!.event, to: path.steps[index]!.state });
    }
    edgesTo.set(key(path.state), edges);
  }
  const unitOf = (edge: Edge): string => edgeUnit(flow, edge);
  const toCandidate = (origin: PathOrigin, edges: Edge[]): Candidate => ({
    origin,
    steps: edges.flatMap((edge) => {
      const from = String(edge.from.value);
      const step: ExpectedStep = { step: stepOfEvent(flow, from, edge.event), state: String(edge.to.value) };
      return waitsBefore(flow, from, step) ? [{ step: { kind: 'wait' }, state: from }, step] : [step];
    }),
    units: edges.map(unitOf),
  });

  const candidates: Candidate[] = [...edgesTo.values()].filter((edges) => edges.length > 0).map((edges) => toCandidate('shortest', edges));
  const covered = new Set(candidates.flatMap((candidate) => candidate.units));
  let edgeCount = 0;
  for (const [vertex, entry] of Object.entries(adjacency)) {
    for (const transition of Object.values(entry.transitions)) {
      edgeCount += 1;
      const edge: Edge = { from: entry.state, event: transition.event, to: transition.state };
      const unit = unitOf(edge);
      if (covered.has(unit)) continue;
      covered.add(unit);
      candidates.push(toCandidate('transition', [...(edgesTo.get(vertex) ?? []), edge]));
    }
  }
  candidates.push(...chooseSimplePaths(adjacency, key, candidates, options, toCandidate));
  if (options.refusals ?? true) candidates.push(...refusalProbes(flow, relevant, fixtures, shortest, edgesTo, key, toCandidate));

  const kept = dropPrefixes(candidates);
  const width = String(kept.length).length;
  return {
    paths: kept.map((candidate, index) => ({
      id: `p${String(index + 1).padStart(Math.max(2, width), '0')}`,
      flow: flow.id,
      origin: candidate.origin,
      initial: flow.initial,
      steps: candidate.steps,
    })),
    vertices: Object.keys(adjacency).length,
    edges: edgeCount,
  };
}

/**
 * Time passes before an event that sends a ticket from work into waiting, and before one that
 * brings it back: so a run shows clocks that ran before the pause, stood still during it and
 * carry on from where they stopped (the due instant shifted by exactly the business time paused).
 */
function waitsBefore(flow: FlowDefinition, from: string, expected: ExpectedStep): boolean {
  if (expected.step.kind !== 'event') return false;
  const source = flow.states[from]?.kind;
  const target = flow.states[expected.state]?.kind;
  return source === 'waiting' || (source === 'working' && target === 'waiting');
}

/** The least urgent priority: the longest SLA targets give real-time parts of a test run the most slack. */
export function defaultPriority(flow: FlowDefinition): string {
  return flow.priorities[flow.priorities.length - 1] ?? 'P2';
}

/** The flow transition an edge of the graph takes. */
function edgeUnit(flow: FlowDefinition, edge: Edge): string {
  const state = String(edge.from.value);
  if (edge.event.type === SLA_BREACH_EVENT) return `${state}.${SLA_BREACH_EVENT}`;
  const timeout = flow.states[state]?.after.find((candidate) => afterEventType(flow, state, candidate.delayMs) === edge.event.type);
  if (timeout) return `${state}.after.${timeout.label}`;
  return eventTransitionId(state, edge.event.type, takenIndex(flow, state, edge.event.type, edge.from.context.fields, edge.event.data ?? {}));
}

/**
 * Simple paths (no snapshot twice) of at most `depth` steps, from a bounded depth-first
 * search; the ones that add most consecutive-transition pairs not yet run are chosen, longer
 * first on ties, at most `maxPaths`.
 */
function chooseSimplePaths(
  adjacency: Record<string, { state: TicketSnapshotLike; transitions: Record<string, { event: TicketEvent; state: TicketSnapshotLike }> }>,
  key: (snapshot: TicketSnapshotLike) => string,
  existing: readonly Candidate[],
  options: PathGenerationOptions,
  toCandidate: (origin: PathOrigin, edges: Edge[]) => Candidate,
): Candidate[] {
  const maxPaths = options.maxPaths ?? DEFAULT_MAX_PATHS;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const start = Object.keys(adjacency)[0];
  if (maxPaths <= 0 || start === undefined) return [];
  const found: Edge[][] = [];
  const visited = new Set<string>([start]);
  const trail: Edge[] = [];
  const walk = (vertex: string): void => {
    if (found.length >= MAX_ENUMERATED) return;
    const next = Object.values(adjacency[vertex]?.transitions ?? {}).filter((transition) => !visited.has(key(transition.state)));
    if (next.length === 0 || trail.length >= depth) {
      if (trail.length > 0) found.push([...trail]);
      return;
    }
    for (const transition of next) {
      const target = key(transition.state);
      visited.add(target);
      trail.push({ from: adjacency[vertex]!.state, event: transition.event, to: transition.state });
      walk(target);
      trail.pop();
      visited.delete(target);
    }
  };
  walk(start);
  const pairs = (units: readonly string[]): string[] => units.slice(1).map((unit, index) => `${units[index]} > ${unit}`);
  const seen = new Set(existing.flatMap((candidate) => pairs(candidate.units)));
  const pool = found.map((edges) => toCandidate('simple', edges));
  const chosen: Candidate[] = [];
  while (chosen.length < maxPaths) {
    let best: { candidate: Candidate; gain: number } | undefined;
    for (const candidate of pool) {
      const gain = new Set(pairs(candidate.units).filter((pair) => !seen.has(pair))).size;
      if (gain > 0 && (!best || gain > best.gain || (gain === best.gain && candidate.steps.length > best.candidate.steps.length))) best = { candidate, gain };
    }
    if (!best) break;
    chosen.push(best.candidate);
    for (const pair of pairs(best.candidate.units)) seen.add(pair);
  }
  return chosen;
}

/**
 * Events that must be refused, each after the shortest path to a state that accepts the event:
 * a payload violating every guard when there is no fallback, and (once per event) a payload
 * missing a required field.
 */
function refusalProbes(
  flow: FlowDefinition,
  relevant: readonly string[],
  fixtures: FlowFixtures,
  shortest: ReadonlyArray<{ state: TicketSnapshotLike }>,
  edgesTo: ReadonlyMap<string, Edge[]>,
  key: (snapshot: TicketSnapshotLike) => string,
  toCandidate: (origin: PathOrigin, edges: Edge[]) => Candidate,
): Candidate[] {
  const probes: Candidate[] = [];
  const states = new Set<string>();
  const probedEvents = new Set<string>();
  for (const { state: snapshot } of shortest) {
    const name = String(snapshot.value);
    const state = flow.states[name];
    if (!state || state.kind === 'final' || states.has(name)) continue;
    states.add(name);
    const prefix = toCandidate('refusal', edgesTo.get(key(snapshot)) ?? []);
    const probe = (step: ExpectedStep): Candidate => ({ origin: 'refusal', steps: [...prefix.steps, step], units: prefix.units });
    for (const [event, candidates] of Object.entries(state.on)) {
      const variants = payloadVariants(flow, candidates, event, snapshot.context.fields, { relevantFields: relevant, fixtures: fixtures.payloads?.[event] ?? [] });
      const violating = variants.find((variant) => variant.outcome < 0);
      if (violating) probes.push(probe({ step: { kind: 'event', event, data: violating.data, refusal: 'no-guard-holds' }, state: name }));
      const missing = probedEvents.has(event) ? undefined : missingFieldPayload(flow, event);
      if (missing) {
        probedEvents.add(event);
        probes.push(probe({ step: { kind: 'event', event, data: missing, refusal: 'missing-field' }, state: name }));
      }
    }
  }
  return probes;
}

/** Keeps every path that is not a prefix of another (or a repeat of an earlier one), in order. */
function dropPrefixes(candidates: readonly Candidate[]): Candidate[] {
  const texts = candidates.map((candidate) => candidate.steps.map((step) => JSON.stringify(step)));
  return candidates.filter((_candidate, index) => {
    const mine = texts[index]!;
    return texts.every((other, otherIndex) => {
      if (otherIndex === index) return true;
      const prefix = other.length >= mine.length && mine.every((step, position) => step === other[position]);
      // Of two equal paths keep the first; a strict prefix of a longer one goes.
      return !prefix || (other.length === mine.length && otherIndex > index);
    });
  });
}
