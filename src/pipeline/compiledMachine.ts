/**
 * The pipeline machine compiled into a stepper: read FROM the xstate machine's own definition (its state
 * nodes, their `step` and eventless transitions, guards and actions by name with their params, and the
 * implementations given to `setup()`), then stepped without xstate. Perf (issue 11): a 10,000-event run is
 * 180,000 steps; xstate's macrostep (snapshots, state-node sets, action objects) cost about as much CPU as
 * the kernel itself, most of it garbage. The chart, the graph and the kernel map still read the xstate
 * machine; src/session/compiledMachine.test.ts runs every built-in on every variant (and generated
 * scenarios) through both and requires the same steps.
 *
 * What it supports is what this machine uses: a flat machine (kernel states and pseudo states under the
 * root), entry actions, transition actions, guards by name with params, `always` transitions, final states.
 * Anything else (nested or parallel states, exit actions, delays, invokes, inline functions) is refused
 * when compiling, so a change to the machine cannot make the two engines drift apart unnoticed.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** An action or guard reference as xstate keeps it: a name, or `{ type, params }`. */
type Ref = string | { type: string; params?: unknown };
type Impl = (args: { context: unknown; event: { type: string } }, params: unknown) => unknown;

interface CompiledAction {
  exec: Impl;
  params: unknown;
}

interface CompiledTransition {
  /** no guard: always taken */
  guard: CompiledAction | null;
  /** index of the target state */
  target: number;
  /** exit the source and enter the target again even when they are the same state */
  reenter: boolean;
  actions: CompiledAction[];
}

interface CompiledState {
  key: string;
  final: boolean;
  entry: CompiledAction[];
  /** the transitions of the `step` event, in the order xstate tries them */
  step: CompiledTransition[];
  /** eventless transitions, in order */
  always: CompiledTransition[];
}

export interface CompiledMachine {
  states: CompiledState[];
  initial: number;
}

const STEP_EVENT = { type: 'step' } as const;

function refuse(what: string): never {
  throw new Error(`compiledMachine: the machine uses ${what}, which the compiled stepper does not implement`);
}

function compileRef(ref: unknown, impls: Record<string, unknown>, kind: string): CompiledAction {
  if (typeof ref === 'function') refuse(`an inline ${kind}`);
  const r = ref as Ref;
  const name = typeof r === 'string' ? r : r.type;
  const exec = impls[name];
  if (typeof exec !== 'function') refuse(`the ${kind} "${name}" without an implementation in setup()`);
  return { exec: exec as Impl, params: typeof r === 'string' ? undefined : r.params };
}

const compiled = new WeakMap<AnyStateMachine, CompiledMachine>();

/** The machine compiled, once per machine. */
export function compiledMachine(machine: AnyStateMachine): CompiledMachine {
  let c = compiled.get(machine);
  if (!c) {
    c = compileMachine(machine);
    compiled.set(machine, c);
  }
  return c;
}

/** Compile a flat xstate machine (as machine.ts builds it) into a table the stepper walks. */
export function compileMachine(machine: AnyStateMachine): CompiledMachine {
  const root = machine.root;
  const impl = machine.implementations as { actions: Record<string, unknown>; guards: Record<string, unknown> };
  const nodes = Object.values(root.states) as AnyStateNode[];
  const indexOf = new Map(nodes.map((n, i) => [n, i]));
  if (root.entry.length || root.exit.length || root.always?.length || root.transitions.size)
    refuse('actions or transitions on the root');
  if (root.invoke.length || root.after.length) refuse('invoked actors or delays');

  const transition = (t: AnyTransitionDefinition): CompiledTransition => {
    const target = t.target?.[0];
    if (!target || t.target?.length !== 1) refuse('a transition without exactly one target');
    const at = indexOf.get(target);
    if (at === undefined) refuse('a transition into a nested state');
    return {
      guard: t.guard === undefined ? null : compileRef(t.guard, impl.guards, 'guard'),
      target: at,
      reenter: t.reenter,
      actions: t.actions.map((a: unknown) => compileRef(a, impl.actions, 'action')),
    };
  };

  const states = nodes.map((n): CompiledState => {
    if (n.type !== 'atomic' && n.type !== 'final') refuse(`a ${n.type} state (${n.key})`);
    if (n.exit.length || n.invoke.length || n.after.length) refuse(`exit actions, invokes or delays (${n.key})`);
    for (const [event] of n.transitions)
      if (event !== 'step' && event !== 'wake') refuse(`the event "${event}" (${n.key})`);
    return {
      key: n.key,
      final: n.type === 'final',
      entry: n.entry.map((a: unknown) => compileRef(a, impl.actions, 'action')),
      step: (n.transitions.get('step') ?? []).map(transition),
      always: (n.always ?? []).map(transition),
    };
  });
  const initial = root.initial?.target?.[0];
  const initialIndex = initial && indexOf.get(initial);
  if (initialIndex === undefined) refuse('no initial state under the root');
  return { states, initial: initialIndex };
}

/**
 * A run of a compiled machine over one context. Steps as xstate's macrostep does for this flat machine: the
 * first transition of the event whose guard holds, then eventless transitions until none holds; in each
 * transition the source's exit (none), the transition's actions, the target's entry. Actions run as an
 * actor runs them: those of the initial transition after it (an actor runs them when it starts), every
 * later one at once (a guard reads what the actions before it did).
 */
export class CompiledRun {
  /** index of the current state */
  private at: number;
  private readonly args: { context: unknown; event: { type: string } };
  /** the initial transition's actions, run once it is chosen */
  private deferred: CompiledAction[] | null = [];

  constructor(
    private readonly m: CompiledMachine,
    context: unknown,
  ) {
    this.args = { context, event: { type: 'xstate.init' } };
    this.at = m.initial;
    this.enter(m.initial);
    this.eventless();
    const deferred = this.deferred ?? [];
    this.deferred = null;
    for (const a of deferred) a.exec(this.args, a.params);
  }

  /** the current state's key (xstate's snapshot.value) */
  get value(): string {
    return this.m.states[this.at].key;
  }

  /** false once a final state is entered (xstate's status "done") */
  get active(): boolean {
    return !this.m.states[this.at].final;
  }

  /** Send one `step` event. */
  step(): void {
    this.args.event = STEP_EVENT;
    const t = this.select(this.m.states[this.at].step);
    if (t) this.take(t);
    this.eventless();
  }

  private eventless(): void {
    while (this.active) {
      const t = this.select(this.m.states[this.at].always);
      if (!t) return;
      this.take(t);
    }
  }

  private select(list: CompiledTransition[]): CompiledTransition | null {
    for (const t of list) if (!t.guard || t.guard.exec(this.args, t.guard.params)) return t;
    return null;
  }

  private take(t: CompiledTransition): void {
    for (const a of t.actions) this.run(a);
    if (t.target !== this.at || t.reenter) this.enter(t.target);
  }

  private enter(state: number): void {
    this.at = state;
    for (const a of this.m.states[state].entry) this.run(a);
  }

  private run(a: CompiledAction): void {
    if (this.deferred) this.deferred.push(a);
    else a.exec(this.args, a.params);
  }
}
