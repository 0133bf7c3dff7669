/**
 * The report's `processes`: each process with its mappings and their addresses, read from the kernel's
 * task list and VMAs (mm/mmap.c do_mmap() placed them), so a consumer relates a signal's si_addr to the
 * mapping it falls in without re-deriving the mmap layout. Read from every VMA ever mapped (Kernel.vmaById),
 * so a process that exited (exit_mm) keeps the mappings it had, and one a spawn event created is listed.
 */
import type { Kernel } from '../kernel/kernel';
import type { Task, Vma } from '../kernel/sched';
import { hex, PAGE_SIZE } from '../kernel/units';
import type { MappingReport, ProcessReport } from './report';

/** Where a mapping points: its file's path or its device's name (per address_space, asked once each). */
type Target = { device: string } | { file: string };

function targetOf(k: Kernel, mappingId: string): Target {
  const host = k.mapping(mappingId).host;
  return host.kind === 'cdev'
    ? { device: host.name }
    : { file: k.filesystems.get(host.dev)?.inodes.get(host.ino)?.path ?? mappingId };
}

export function processReport(
  k: Kernel,
  task: Task,
  vmas: readonly Vma[] = task.mm?.vmas ?? [],
  target: (mappingId: string) => Target = (id) => targetOf(k, id),
): ProcessReport {
  // perf: one mapping needs no sorted copy, and no spread objects (10^5 processes)
  const ordered = vmas.length > 1 ? vmas.slice().sort((a, b) => a.seq - b.seq) : vmas;
  const mappings: MappingReport[] = ordered.map((vma) => {
    const to = target(vma.mappingId);
    const name = vma.name;
    const start = hex(vma.vm_start);
    const end = hex(vma.vm_end);
    const offset = hex(vma.vm_pgoff * PAGE_SIZE);
    return 'device' in to
      ? { name, start, end, offset, device: to.device }
      : { name, start, end, offset, file: to.file };
  });
  const threads = task.threads?.map((t) => ({ name: t.name.slice(task.name.length + 1), tid: t.pid, comm: t.comm }));
  return threads?.length
    ? { name: task.name, pid: task.pid, comm: task.comm, mappings, threads }
    : { name: task.name, pid: task.pid, comm: task.comm, mappings };
}

/** Every process on the task list, in creation order, with every mapping it ever made. */
export function processesReport(k: Kernel): ProcessReport[] {
  const all = processEntries(k);
  return all.slice(0, all.count);
}

/**
 * processesReport() made on demand, a slice at a time: what the CLI writes without holding 10^5 entries at
 * once (SimulateOptions.longLists). Read before the kernel changes again.
 */
export interface ProcessEntries {
  count: number;
  /** the entries of tasks [from, to) of the task list */
  slice(from: number, to: number): ProcessReport[];
}

/**
 * The i-th task's one VMA at i, when every VMA ever mapped belongs to the task at its own position (10^5
 * processes with one mapping each, mapped in task order); null otherwise. Then grouping by pid changes nothing.
 */
function oneVmaEach(k: Kernel): Vma[] | null {
  const { tasks } = k;
  if (k.vmaById.size !== tasks.length) return null;
  const list: Vma[] = new Array(tasks.length);
  let i = 0;
  for (const v of k.vmaById.values()) {
    if (v.pid !== tasks[i].pid) return null;
    list[i++] = v;
  }
  return list;
}

export function processEntries(k: Kernel): ProcessEntries {
  // perf: a task list whose i-th task has the i-th VMA and no other needs no Map of 10^5 pids (above)
  const paired = oneVmaEach(k);
  // perf: a process with one VMA (10^5 of them) keeps it alone, not in an array of its own
  const byPid = new Map<number, Vma | Vma[]>();
  if (!paired)
    for (const v of k.vmaById.values()) {
      const had = byPid.get(v.pid);
      if (had === undefined) byPid.set(v.pid, v);
      else if (Array.isArray(had)) had.push(v);
      else byPid.set(v.pid, [had, v]);
    }
  // perf: a file's path looked up once, not three map lookups for each of its 10^5 mappers
  const targets = new Map<string, Target>();
  const target = (id: string): Target => {
    let to = targets.get(id);
    if (to === undefined) {
      to = targetOf(k, id);
      targets.set(id, to);
    }
    return to;
  };
  const tasks = k.tasks.slice();
  return {
    count: tasks.length,
    slice: (from, to) =>
      tasks.slice(from, to).map((t, j) => {
        const vmas = paired ? paired[from + j] : byPid.get(t.pid);
        return processReport(k, t, vmas === undefined ? [] : Array.isArray(vmas) ? vmas : [vmas], target);
      }),
  };
}
