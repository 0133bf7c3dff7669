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

export function processReport(k: Kernel, task: Task, vmas: readonly Vma[] = task.mm?.vmas ?? []): ProcessReport {
  // perf: one mapping needs no sorted copy, and no spread objects (10^5 processes)
  const ordered = vmas.length > 1 ? vmas.slice().sort((a, b) => a.seq - b.seq) : vmas;
  const mappings: MappingReport[] = ordered.map((vma) => {
    const host = k.mapping(vma.mappingId).host;
    const name = vma.name;
    const start = hex(vma.vm_start);
    const end = hex(vma.vm_end);
    const offset = hex(vma.vm_pgoff * PAGE_SIZE);
    return host.kind === 'cdev'
      ? { name, start, end, offset, device: host.name }
      : { name, start, end, offset, file: k.filesystems.get(host.dev)?.inodes.get(host.ino)?.path ?? vma.mappingId };
  });
  const threads = task.threads?.map((t) => ({ name: t.name.slice(task.name.length + 1), tid: t.pid, comm: t.comm }));
  return threads?.length
    ? { name: task.name, pid: task.pid, comm: task.comm, mappings, threads }
    : { name: task.name, pid: task.pid, comm: task.comm, mappings };
}

/** Every process on the task list, in creation order, with every mapping it ever made. */
export function processesReport(k: Kernel): ProcessReport[] {
  const byPid = new Map<number, Vma[]>();
  for (const v of k.vmaById.values()) {
    const list = byPid.get(v.pid);
    if (list) list.push(v);
    else byPid.set(v.pid, [v]);
  }
  return k.tasks.map((t) => processReport(k, t, byPid.get(t.pid) ?? []));
}
