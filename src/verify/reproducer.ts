/**
 * A scenario as a reproducer for a real kernel: `run.sh` (namespaces, filesystems, files, sysctls, tracing,
 * then the probe, then the kernel's own observables) and `plan.txt` (the processes and events the probe in
 * verify/probe/probe.c runs). Pure: it returns the files' text; the CLI writes them.
 *
 * What a guest cannot do in software is said, per event, in the plan (`skip`) and in run.sh's banner. A
 * machine check is asked of the VM monitor: under `npm run verify` the QEMU guest carries a serial line to
 * verify/guest/mce-agent.mjs, which gives QEMU's monitor its `mce` command; on a machine without one, run.sh
 * skips an SRAR and injects an SRAO as corrupt-pfn.
 */
import type { BuiltScenario } from '../scenario/build';
import type { Scenario, ScenarioEvent, ScenarioTarget } from '../scenario/schema';

export interface Reproducer {
  files: { name: string; text: string; mode: number }[];
  /** per event index: how it is injected, or why it is not; `injected` is for verify's QEMU guest */
  injections: { event: number; how: string; injected: boolean }[];
  /** whether run.sh needs the VM monitor (a machine-check event) */
  needsMonitor: boolean;
  /** what run.sh reconfigures (the banner and the --destroy refusal name these) */
  destroys: string[];
}

const hex = (n: number) => `0x${n.toString(16)}`;
const PAGE_SIZE = 4096;

/** Why a scenario cannot be reproduced at all, or null. */
export function unsupported(s: Scenario): string | null {
  if (s.namespaces.length !== 1) return 'the reproducer drives one namespace (namespace0.0 of region0)';
  if (s.filesystems.length > 1) return 'the reproducer makes at most one filesystem';
  for (const [i, f] of s.files.entries()) {
    if (f.extents) return `files[${i}] pins extents to device offsets; a real filesystem chooses its own`;
    if (f.count !== undefined && f.count > 64)
      return `files[${i}] asks for ${f.count} copies (the reproducer makes at most 64)`;
  }
  for (const [i, p] of s.processes.entries())
    for (const [j, m] of p.mappings.entries())
      if (m.addr !== undefined) return `processes[${i}].mappings[${j}] fixes an address; the probe lets mmap choose`;
  return null;
}

function mappingName(s: Scenario, proc: string, mapping: string | undefined): string | undefined {
  if (mapping !== undefined) return mapping;
  const p = s.processes.find((q) => q.name === proc);
  if (p?.mappings.length !== 1) return undefined;
  return p.mappings[0].name ?? 'm0';
}

function targetInjection(s: Scenario, t: ScenarioTarget): string | { skip: string } {
  if (t.process !== undefined) {
    const m = mappingName(s, t.process, t.mapping);
    if (!m || t.addr !== undefined) return { skip: 'target by address: give process, mapping and offset' };
    return `pfn-of ${t.process} ${m} ${hex(t.offset ?? 0)}`;
  }
  if (t.file !== undefined) return `pfn-file @DATARESOURCE@ ${t.file} ${hex(t.offset ?? 0)}`;
  if (t.namespace !== undefined) return `pfn-ns @NSRESOURCE@ ${hex(t.offset ?? 0)}`;
  return { skip: "an absolute pfn is the model's own numbering; target a file, namespace or mapping instead" };
}

/** One plan line for an event, and how it is injected. */
function eventLine(s: Scenario, ev: ScenarioEvent, i: number): { line: string; how: string; injected: boolean } {
  const skip = (why: string) => ({
    line: `event ${i} skip ${ev.kind}: ${why}`,
    how: `not injected: ${why}`,
    injected: false,
  });
  switch (ev.kind) {
    case 'exit':
    case 'spawn':
    case 'umount':
    case 'mount':
    case 'mkfs':
    case 'pin':
    case 'unpin':
      return skip(`${ev.kind} events are not in the reproducer yet`);
    case 'madvise':
    case 'access': {
      if (ev.kind === 'access' && ev.write) return skip('stores are not in the reproducer yet (probe.c loads)');
      const m = mappingName(s, ev.process, ev.mapping);
      if (!m || ev.addr !== undefined) return skip('give the mapping and offset, not an address');
      const len = ev.kind === 'madvise' ? ` ${hex(ev.length)}` : '';
      return {
        line: `event ${i} ${ev.kind} ${ev.process} ${m} ${hex(ev.offset ?? 0)}${len}`,
        how: ev.kind === 'madvise' ? 'madvise(MADV_HWPOISON) in the process' : 'a one-byte load in the process',
        injected: true,
      };
    }
    case 'read':
      return {
        line: `event ${i} read ${ev.process} ${ev.file} ${hex(ev.offset)} ${hex(ev.length)}`,
        how: 'pread() in the process',
        injected: true,
      };
    case 'mce': {
      const m = mappingName(s, ev.process, ev.mapping);
      if (ev.target !== undefined || !m || ev.addr !== undefined)
        return skip("an SRAR is raised at the consumer's own page: give its mapping and offset, not a target");
      // MCG_STATUS: EIPV|MCIP, and RIPV unless the scenario clears it (mce/severity.c: an SRAR in user mode
      // with RIPV and no EIPV is "unaffected thread is continuable" and ignored)
      const mcg = ev.mcgStatus ?? (ev.ripv === false ? '0x6' : '0x7');
      if (ev.bank !== undefined || ev.status !== undefined || ev.misc !== undefined)
        return skip('a machine check with its own bank, status or misc is not in the reproducer yet');
      return {
        line: `event ${i} mce-srar ${ev.process} ${m} ${hex(ev.offset ?? 0)} ${mcg}`,
        how: `SRAR machine check through the QEMU monitor (mce -b 0 1 0xbd80000000000134 ${mcg} <phys> 0x8c) while ${ev.process} loads the page: only in npm run verify's guest; run.sh on a machine without a VM monitor skips it`,
        injected: true,
      };
    }
    case 'async':
    case 'corrupt-pfn': {
      const t = targetInjection(s, ev.target);
      if (typeof t !== 'string') return skip(t.skip);
      if (ev.kind === 'async' && ev.source === 'mce')
        return {
          line: `event ${i} mce-srao ${t}`,
          how: "SRAO machine check through the QEMU monitor (mce -b 0 0 0xbd000000000000c0 0x5 <phys> 0x8c) in npm run verify's guest; on a machine without a VM monitor, hwpoison corrupt-pfn instead (memory_failure(pfn, 0) like uc_decode_notifier, but no badblock is recorded)",
          injected: true,
        };
      // a GHES report has no monitor command: corrupt-pfn calls memory_failure() as its work does
      const how =
        ev.kind === 'async'
          ? 'hwpoison corrupt-pfn (memory_failure(pfn, 0) like memory_failure_work_func(), but no badblock is recorded)'
          : 'hwpoison corrupt-pfn';
      return { line: `event ${i} ${t}`, how, injected: true };
    }
    case 'write':
      return skip('writes are not in the reproducer yet (probe.c has no pwrite command)');
    case 'truncate':
    case 'punch-hole':
    case 'fallocate':
    case 'clone':
    case 'reflink-remap':
    case 'munmap':
      // the probe has no file-change commands yet, and a race cannot be placed in a real kernel's timing
      return skip('file changes and races are simulated only (the probe cannot run them)');
    case 'unbind':
      return {
        line: `event ${i} write @UNBIND@ @NSDEV@`,
        how: "unbind the namespace's device from its driver",
        injected: true,
      };
  }
}

export function planText(b: BuiltScenario): { text: string; injections: Reproducer['injections'] } {
  const s = b.scenario;
  const lines = [`# daxprobe plan for scenario ${s.id}`];
  for (const p of s.processes) {
    lines.push(`proc ${p.name} ${p.comm} ${p.mceKill}`);
    p.mappings.forEach((m, j) => {
      const name = m.name ?? `m${j}`;
      const vma = b.vmas.get(`${p.name}/${name}`);
      const len = vma ? vma.vm_end - vma.vm_start : 0;
      const path = m.file ?? `/dev/${m.device}`;
      lines.push(`map ${p.name} ${name} ${path} ${hex(m.offset)} ${hex(len)}`);
    });
    for (const t of p.touch)
      lines.push(
        `${t.write ? '# skip store (probe.c loads): ' : ''}touch ${p.name} ${mappingName(s, p.name, t.mapping) ?? 'm0'} ${hex(t.offset)}`,
      );
  }
  const injections: Reproducer['injections'] = [];
  s.events.forEach((ev, i) => {
    const e = eventLine(s, ev, i);
    lines.push(e.line);
    injections.push({ event: i, how: e.how, injected: e.injected });
  });
  return { text: `${lines.join('\n')}\n`, injections };
}

/** Single-quote for the shell. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function filesystemSetup(s: Scenario): string[] {
  const fs = s.filesystems[0];
  if (!fs) return [];
  const dev = `/dev/${fs.device}`;
  const out: string[] = [];
  // A PMD (or PUD) mapping needs an extent aligned to it on the device: tell the allocator the stripe unit
  // (ext4's mballoc aligns a request that is a multiple of the stripe; XFS aligns to the stripe unit and, per
  // file, to extsize). The namespace's data starts 2 MiB-aligned (fsdax, align 2M).
  const align = Math.max(0, ...s.files.map((f) => f.align ?? 0));
  if (fs.type === 'xfs') {
    const m = [`reflink=${fs.reflink ? 1 : 0}`, `rmapbt=${fs.rmapbt ? 1 : 0}`].join(',');
    const d = [
      ...(fs.agcount !== undefined ? [`agcount=${fs.agcount}`] : []),
      ...(align > PAGE_SIZE ? [`su=${align}`, 'sw=1'] : []),
    ];
    out.push(`mkfs.xfs -q -f -m ${m}${d.length ? ` -d ${d.join(',')}` : ''} ${dev}`);
    out.push(`mkdir -p ${q(fs.mount)}`, `mount -o dax=always ${dev} ${q(fs.mount)}`);
  } else {
    const stripe = align / PAGE_SIZE;
    out.push(`mkfs.ext4 -q -F -b 4096${stripe > 1 ? ` -E stride=${stripe},stripe_width=${stripe}` : ''} ${dev}`);
    out.push(`mkdir -p ${q(fs.mount)}`, `mount -o dax ${dev} ${q(fs.mount)}`);
  }
  for (const f of s.files) {
    const paths =
      f.count !== undefined ? Array.from({ length: f.count }, (_, n) => f.path.replace('{n}', String(n))) : [f.path];
    for (const p of paths) {
      if (f.reflink !== undefined) out.push(`xfs_io -f -c ${q(`reflink ${f.reflink}`)} ${q(p)}`);
      else {
        const size = f.size ?? 4096;
        // extsize asks XFS for aligned allocation; ext4 places a file where its allocator's goal is, so an
        // aligned ext4 file is allocated (fallocate) until its first block is aligned (place_aligned)
        const ext = f.align !== undefined && fs.type === 'xfs' ? ` -c ${q(`extsize ${f.align}`)}` : '';
        if (f.align !== undefined && fs.type === 'ext4') out.push(`place_aligned ${q(p)} ${size} ${f.align}`);
        out.push(`xfs_io -f${ext} -c ${q(`pwrite -q 0 ${size}`)} -c fsync ${q(p)}`);
      }
      out.push(`xfs_io -c 'fiemap -v' ${q(p)} | sed "s|^|fiemap ${p} |"`);
    }
  }
  return out;
}

export function runScript(b: BuiltScenario, injections: Reproducer['injections'], destroys: string[]): string {
  const s = b.scenario;
  const ns = s.namespaces[0];
  const align = ns.align !== undefined ? ` -a ${ns.align}` : '';
  const fsdax = ns.mode === 'fsdax';
  const banner = injections.map((x) => `#   event ${x.event}: ${x.how}`).join('\n');
  return `#!/bin/bash
# Reproducer for scenario ${s.id} (generated by \`npm run simulate -- --reproducer\`).
# Runs as root on a machine (or VM) with pmem. It DESTROYS: ${destroys.join('; ')}.
# Events:
${banner}
# Output: one fact per line on stdout (parsed by src/verify/record.ts).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "\${1:-}" != --destroy ]; then
  echo "run.sh: this reconfigures ${destroys.join('; ')}; all data on them is lost." >&2
  echo "run.sh: run again with --destroy to go ahead." >&2
  exit 2
fi
probe=\${DAXPROBE:-$here/daxprobe}
if [ ! -x "$probe" ]; then
  gcc -O2 -static -o "$here/daxprobe" "$here/probe.c" || { echo "error cannot build the probe"; exit 2; }
  probe=$here/daxprobe
fi
fail() { echo "error $*"; exit 2; }
# place_aligned FILE SIZE ALIGN: fallocate FILE until its first block sits on an ALIGN boundary of the device
# (a PMD mapping needs both the file offset and the pfn aligned); a misplaced try is kept as a pad, so the
# allocator looks elsewhere next time (ext4 mballoc: the goal is taken, a power-of-two request scans buddies)
place_aligned() {
  local f=$1 size=$2 align=$3 i start
  for i in 1 2 3 4 5 6 7 8; do
    xfs_io -f -c "falloc 0 $size" "$f" || return 1
    start=$(xfs_io -c fiemap "$f" | awk 'NR == 2 { split($3, r, "[.][.]"); print r[1] }')
    echo "place $f try $i sector $start"
    [ -n "$start" ] && [ $((start * 512 % align)) = 0 ] && return 0
    mv "$f" "$f.daxprobe-pad$i"
  done
  echo "error $f: no $align-aligned placement in 8 tries"
}
for m in nfit nd_pmem dax_pmem device_dax xfs ext4 hwpoison_inject; do modprobe -q "$m" 2>/dev/null; done
mount -t debugfs none /sys/kernel/debug 2>/dev/null
mount -t tracefs none /sys/kernel/tracing 2>/dev/null
ndctl create-namespace -f -e namespace0.0 -m ${ns.mode} -M ${ns.map} -s ${ns.size}${align} >/dev/null || fail "ndctl create-namespace failed"
${fsdax ? `dev=$(basename "$(readlink -f /sys/block/${ns.name}/device)")\nunbind=/sys/bus/nd/drivers/nd_pmem/unbind` : `dev=$(basename "$(readlink -f /sys/bus/dax/devices/${ns.name}/..)")\nunbind=/sys/bus/nd/drivers/dax_pmem/unbind`}
nsres=/sys/bus/nd/devices/namespace0.0/resource
${fsdax ? `datares=/sys/block/${ns.name}/device/resource  # the pfn device: where the block device's data starts` : 'datares=-'}
# a machine check needs the VM monitor: verify's guest names the serial line to it on the kernel command line
DAXPROBE_MCE=\${DAXPROBE_MCE:-$(sed -n 's/.*daxprobe\\.mce=\\([^ ]*\\).*/\\1/p' /proc/cmdline)}
export DAXPROBE_MCE
${filesystemSetup(s).join('\n')}
echo ${s.sysctl.memory_failure_early_kill} > /proc/sys/vm/memory_failure_early_kill
echo ${s.sysctl.memory_failure_recovery} > /proc/sys/vm/memory_failure_recovery
echo 1 > /sys/kernel/tracing/events/ras/memory_failure_event/enable 2>/dev/null
echo > /sys/kernel/tracing/trace 2>/dev/null
dmesg -c >/dev/null 2>&1
sed -e "s|@NSRESOURCE@|$nsres|g" -e "s|@DATARESOURCE@|$datares|g" -e "s|@UNBIND@|$unbind|g" -e "s|@NSDEV@|$dev|g" "$here/plan.txt" > /tmp/daxprobe.plan
"$probe" /tmp/daxprobe.plan
dmesg | sed 's/^/dmesg /'
grep HardwareCorrupted /proc/meminfo | awk '{print "meminfo end HardwareCorrupted " $2}'
${fsdax ? `sed 's/^/badblocks ${ns.name} /' /sys/block/${ns.name}/badblocks\ngrep -q . /sys/block/${ns.name}/badblocks || echo "badblocks ${ns.name} none"` : `echo "badblocks ${ns.name} n/a"`}
grep -v '^#' /sys/kernel/tracing/trace 2>/dev/null | sed 's/^ */trace /'
${s.filesystems[0] ? `if touch ${q(`${s.filesystems[0].mount}/.daxprobe`)} 2>/dev/null; then echo "fs ${s.filesystems[0].mount} writable"; else echo "fs ${s.filesystems[0].mount} shutdown"; fi` : 'echo "fs - none"'}
echo "done"
`;
}

export function buildReproducer(b: BuiltScenario, probeSource: string): Reproducer | string {
  const why = unsupported(b.scenario);
  if (why) return why;
  const ns = b.scenario.namespaces[0];
  const destroys = [`namespace0.0 of region0 (becomes ${ns.mode} ${ns.name})`];
  if (b.scenario.filesystems[0]) destroys.push(`the filesystem on /dev/${b.scenario.filesystems[0].device}`);
  const plan = planText(b);
  return {
    files: [
      { name: 'run.sh', text: runScript(b, plan.injections, destroys), mode: 0o755 },
      { name: 'plan.txt', text: plan.text, mode: 0o644 },
      { name: 'probe.c', text: probeSource, mode: 0o644 },
    ],
    injections: plan.injections,
    needsMonitor: /^event \d+ mce-/m.test(plan.text),
    destroys,
  };
}
