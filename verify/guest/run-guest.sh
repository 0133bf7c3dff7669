#!/bin/bash
# Boots the verify guest under QEMU with an emulated NVDIMM and runs one reproducer directory in it.
# Usage: run-guest.sh GUEST REPRODUCER_DIR WORK_DIR [TIMEOUT_S]
# The serial console goes to WORK_DIR/serial.log; the caller parses it (src/verify/guest-log.ts).
set -euo pipefail
guest=$1 repro=$2 work=$3 limit=${4:-180}
fail() { echo "error $*"; exit 2; }
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)"
mkdir -p "$work/cpio/scenario"
cp "$repro/run.sh" "$repro/plan.txt" "$work/cpio/scenario/"
chmod +x "$work/cpio/scenario/run.sh"
# a second archive appended to the initramfs adds the scenario
(cd "$work/cpio" && find scenario | cpio -o -H newc --quiet | gzip -1) | cat "$guest/initrd.gz" - > "$work/initrd.gz"
rm -f "$work/pmem.img" "$work/serial.log"
truncate -s 2050M "$work/pmem.img"  # a fresh sparse backing file per run: the labels live in it
accel=${VERIFY_ACCEL:-tcg,thread=multi}
cpu=max append='' mce=()
if grep -q '^event [0-9]* mce-' "$repro/plan.txt"; then
  # machine checks: an Intel CPU model (qemu-notes.md), the monitor on a socket, and a second serial line
  # (the guest's ttyS1) to mce-agent.mjs, which asks the monitor for each machine check the probe wants
  command -v node >/dev/null || fail "node is missing (the machine-check agent runs on it)"
  cpu=Skylake-Client append=' daxprobe.mce=/dev/ttyS1'
  rm -f "$work/monitor.sock" "$work/mce.sock"
  mce=(-monitor "unix:$work/monitor.sock,server=on,wait=off" -serial "unix:$work/mce.sock,server=on,wait=off")
  node "$(dirname "$0")/mce-agent.mjs" "$work/mce.sock" "$work/monitor.sock" > "$work/mce-agent.log" 2>&1 &
  agent=$!
else
  mce=(-monitor none)
fi
status=0
timeout "$limit" qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "${VERIFY_SMP:-1}" \
  -machine pc,nvdimm=on -m 2G,slots=2,maxmem=6G \
  -object "memory-backend-file,id=mem1,share=on,mem-path=$work/pmem.img,size=2050M,align=2M" \
  -device nvdimm,id=nvdimm1,memdev=mem1,label-size=128K \
  -kernel "$guest/vmlinuz" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 panic=-1 quiet loglevel=4$append" \
  -display none -no-reboot -serial "file:$work/serial.log" "${mce[@]}" || status=$?
if [ -n "${agent:-}" ]; then kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; fi
rm -f "$work/pmem.img"
[ "$status" = 124 ] && fail "the guest did not finish within ${limit}s"
[ "$status" = 0 ] || fail "qemu exited with status $status"
echo "serial $work/serial.log"
