/**
 * The memory-failure pipeline as a statechart, built per kernel variant from the state table in
 * spec.ts. Each state runs one kernel function (or the part of one that follows a call) as one step on
 * the simulated kernel; the `step` event then follows the branch the function took. Guards read only
 * that branch and the top of the frame's call stack: a `call` edge pushes the state to resume at, a
 * return pops it, so every return edge in the chart goes to a place that can really have called.
 */
import { setup } from 'xstate';
import { hasPendingSignals } from '../kernel/signal';
import type { FeatureId } from '../kernel/variants/features';
import { getVariant, type KernelVariant } from '../kernel/variants/variants';
import { afterStep, beforeStep, closeSleepers, finishRacers, park } from './race';
import { closeEvent, nextEvent, type Runtime, runStep } from './runtime';
import { type Edge, ENTRY, PSEUDO_STATES, STATE_SPECS, type StateSpec } from './spec';

/** Where a machine's top frame returns: back to user space. */
const TOP = 'event_end';

/** A state as one variant has it: each branch resolved to the one edge it takes there. */
export type ResolvedSpec = Omit<StateSpec, 'next'> & { next: Record<string, Edge> };

export interface ResolvedMachine {
  variant: KernelVariant;
  /** the kernel states this variant has, with only the edges it has */
  states: Record<string, ResolvedSpec>;
  /** for each state that returns: the states its return can resume (the top of the stack decides) */
  returnsTo: Record<string, string[]>;
  /** which entry state handles each kind of event, for the events this variant can handle */
  entries: Record<string, string>;
}

const hasAll = (features: ReadonlySet<FeatureId>, required: readonly FeatureId[] | undefined) =>
  (required ?? []).every((f) => features.has(f));
const hasNone = (features: ReadonlySet<FeatureId>, excluded: readonly FeatureId[] | undefined) =>
  !(excluded ?? []).some((f) => features.has(f));

const edgeTargets = (e: Edge): string[] => ('goto' in e ? [e.goto] : 'call' in e ? [e.call, e.then] : []);

/** Keep what the variant has, drop what it cannot reach, and work out where each return can go. */
export function resolveMachine(variant: KernelVariant): ResolvedMachine {
  const features = new Set(variant.features);
  const present = Object.entries(STATE_SPECS).filter(
    ([, s]) => hasAll(features, s.requires) && hasNone(features, s.unless),
  );
  const exists = new Set([...present.map(([id]) => id), ...Object.keys(PSEUDO_STATES)]);
  const passes = (e: Edge) =>
    (!e.requires || features.has(e.requires)) &&
    (!e.unless || !features.has(e.unless)) &&
    edgeTargets(e).every((t) => exists.has(t));
  const filtered: Record<string, ResolvedSpec> = {};
  for (const [id, spec] of present) {
    const next: Record<string, Edge> = {};
    for (const [branch, b] of Object.entries(spec.next)) {
      // of alternatives, the first the variant has
      const chosen = (Array.isArray(b) ? b : [b]).find(passes);
      if (chosen) next[branch] = chosen;
    }
    filtered[id] = { ...spec, next };
  }

  // reachable from the entry points (get_signal is entered from event_end)
  const roots = [...new Set(Object.values(ENTRY)), 'get_signal'].filter((id) => id in filtered);
  const seen = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length) {
    const id = queue.shift() as string;
    for (const e of Object.values(filtered[id].next))
      for (const t of edgeTargets(e))
        if (t in filtered && !seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
  }
  const states = Object.fromEntries(Object.entries(filtered).filter(([id]) => seen.has(id)));

  // a frame: the states run between entering a function and its return, nested calls stepped over
  const returnsTo: Record<string, string[]> = {};
  const frameReturns = (start: string, site: string) => {
    const inFrame = new Set([start]);
    const todo = [start];
    while (todo.length) {
      const id = todo.pop() as string;
      const spec = states[id];
      if (!spec) continue;
      for (const e of Object.values(spec.next)) {
        if ('ret' in e) {
          const list = returnsTo[id] ?? [];
          if (!list.includes(site)) list.push(site);
          returnsTo[id] = list;
          continue;
        }
        const t = 'goto' in e ? e.goto : e.then;
        if (t in states && !inFrame.has(t)) {
          inFrame.add(t);
          todo.push(t);
        }
      }
    }
  };
  for (const entry of roots) if (entry !== 'get_signal') frameReturns(entry, TOP);
  for (const spec of Object.values(states))
    for (const e of Object.values(spec.next)) if ('call' in e) frameReturns(e.call, e.then);

  const entries = Object.fromEntries(Object.entries(ENTRY).filter(([, id]) => id in states));
  return { variant, states, returnsTo, entries };
}

interface Ctx {
  rt: Runtime;
}

function entryKey(rt: Runtime): string {
  const ev = rt.frame.event;
  if (ev.kind === 'write') return `write:${ev.fs}`;
  if (ev.kind === 'reflink-remap' && ev.whole) return 'clone';
  return ev.kind === 'async' ? `async:${ev.source}` : ev.kind;
}

type StepTransition =
  | {
      guard: { type: 'branch'; params: { is: string } };
      target: string;
      reenter: true;
      actions?: { type: 'push'; params: { site: string } };
    }
  | {
      guard: { type: 'returnTo'; params: { is: string; site: string } };
      target: string;
      reenter: true;
      actions: 'pop';
    };

function buildMachine(m: ResolvedMachine) {
  const kernelStates = Object.fromEntries(
    Object.entries(m.states).map(([id, spec]) => [
      id,
      {
        description: `${spec.fn}()${spec.after ? ` after ${spec.after}() returns` : ''} — ${spec.file}`,
        meta: { kernel: { fn: spec.fn, file: spec.file }, group: spec.group, after: spec.after ?? null },
        entry: { type: 'run' as const, params: { state: id } },
        on: {
          step: Object.entries(spec.next).flatMap(([branch, e]): StepTransition[] => {
            if ('goto' in e)
              return [{ guard: { type: 'branch', params: { is: branch } }, target: e.goto, reenter: true }];
            if ('call' in e)
              return [
                {
                  guard: { type: 'branch', params: { is: branch } },
                  target: e.call,
                  actions: { type: 'push', params: { site: e.then } },
                  reenter: true,
                },
              ];
            return (m.returnsTo[id] ?? []).map((site) => ({
              guard: { type: 'returnTo', params: { is: branch, site } },
              target: site,
              actions: 'pop',
              reenter: true,
            }));
          }),
        },
      },
    ]),
  );

  return setup({
    types: {
      context: {} as Ctx,
      events: {} as { type: 'step' } | { type: 'wake' },
      input: {} as { rt: Runtime },
    },
    actions: {
      run: ({ context }, params: { state: string }) => {
        const spec = m.states[params.state];
        beforeStep(context.rt, spec.fn);
        const step = runStep(context.rt, params.state, spec);
        // a plain event that must sleep (task_sleeps) is parked before any other step can wake it
        if (step.branch === 'wait') park(context.rt, params.state);
        else afterStep(context.rt);
      },
      push: ({ context }, params: { site: string }) => {
        context.rt.frame.stack.push(params.site);
      },
      pop: ({ context }) => {
        context.rt.frame.stack.pop();
      },
      nextEvent: ({ context }) => {
        finishRacers(context.rt);
        if (!nextEvent(context.rt)) closeSleepers(context.rt);
      },
      closeEvent: ({ context }) => {
        closeEvent(context.rt);
      },
      checkStack: ({ context }) => {
        const stack = context.rt.frame.stack;
        if (stack.length) throw new Error(`event ended with calls still open: ${stack.join(' ← ')}`);
      },
    },
    guards: {
      branch: ({ context }, params: { is: string }) => context.rt.frame.branch === params.is,
      returnTo: ({ context }, params: { is: string; site: string }) =>
        context.rt.frame.branch === params.is && context.rt.frame.stack.at(-1) === params.site,
      // xstate picks the initial state's eventless transition before running its entry action (nextEvent):
      // at start, eventIndex is still -1 and the event about to be handled is the first. Without this, a
      // scenario with no events ran a phantom event from the runtime's placeholder frame.
      entryIs: ({ context }, params: { is: string }) =>
        Math.max(0, context.rt.eventIndex) < context.rt.events.length && m.entries[entryKey(context.rt)] === params.is,
      // an event outside the model (see build.ts notSimulated) enters no kernel function
      notRun: ({ context }) =>
        Math.max(0, context.rt.eventIndex) < context.rt.events.length && context.rt.frame.event.notRun !== undefined,
      signalsPending: ({ context }) => hasPendingSignals(context.rt.k),
      woken: () => false,
    },
  }).createMachine({
    id: `memoryFailure-${m.variant.id}`,
    context: ({ input }) => ({ rt: input.rt }),
    initial: 'next_event',
    states: {
      next_event: {
        description: PSEUDO_STATES.next_event,
        entry: 'nextEvent',
        always: [
          { guard: 'notRun' as const, target: 'not_simulated' },
          ...[...new Set(Object.values(m.entries))].map((target) => ({
            guard: { type: 'entryIs' as const, params: { is: target } },
            target,
            actions: { type: 'push' as const, params: { site: TOP } },
          })),
          { target: 'done' },
        ],
      },
      event_end: {
        description: PSEUDO_STATES.event_end,
        entry: 'checkStack',
        always: [{ guard: 'signalsPending', target: 'get_signal' }, { target: 'next_event' }],
      },
      // waits for a step: an eventless way to event_end would loop before next_event's entry ran at start
      not_simulated: {
        description: 'the event reaches what the model does not simulate (a file of a refused mount)',
        on: { step: { target: 'event_end' } },
      },
      // a plain event's task sleeps (race.ts park): the next event runs
      task_sleeps: {
        description: PSEUDO_STATES.task_sleeps,
        always: { target: 'next_event' },
        // where a sleeper runs again: race.ts resumes it in a later step, never an event sent to this machine;
        // the edges draw that return in the chart (and let a woken step's path be found)
        on: {
          wake: Object.entries(m.states)
            .filter(([, spec]) => 'wait' in spec.next)
            .map(([id]) => ({ guard: { type: 'woken' as const, params: { is: 'woken' } }, target: id })),
        },
      },
      ...kernelStates,
      panic: { type: 'final', description: PSEUDO_STATES.panic, entry: 'closeEvent' },
      oops: { type: 'final', description: PSEUDO_STATES.oops, entry: 'closeEvent' },
      done: { type: 'final', description: PSEUDO_STATES.done },
    },
  });
}

export type MemoryFailureMachine = ReturnType<typeof buildMachine>;

const machines = new Map<string, { resolved: ResolvedMachine; machine: MemoryFailureMachine }>();

function cached(variantId: string) {
  let c = machines.get(variantId);
  if (!c) {
    const resolved = resolveMachine(getVariant(variantId));
    c = { resolved, machine: buildMachine(resolved) };
    machines.set(variantId, c);
  }
  return c;
}

/** The pipeline machine of a kernel variant (built once per variant). */
export const createMemoryFailureMachine = (variantId: string): MemoryFailureMachine => cached(variantId).machine;

/** The variant's states and edges, resolved: what the chart draws and the kernel map documents. */
export const resolvedMachine = (variantId: string): ResolvedMachine => cached(variantId).resolved;
