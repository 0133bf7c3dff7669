#!/bin/bash
# Builds the verify guest for one kernel series from Debian's packages only: the kernel image (apt-get
# download + dpkg -x), busybox-static, ndctl, xfsprogs, e2fsprogs, kmod, bash and the probe (gcc -static).
# Usage: build-guest.sh SERIES CACHE PROBE_C   (SERIES: 6.12 or 6.1)
# Prints "guest DIR" (DIR holds vmlinuz, initrd.gz, release) or "error REASON" and exits 2.
set -euo pipefail
series=$1 cache=$2 probe_c=$3
fail() { echo "error $*"; exit 2; }
case "$series" in
  6.12) pinned=linux-image-6.12.117+deb12-amd64-unsigned; pattern='^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' ;;
  6.1) pinned=linux-image-6.1.0-56-amd64-unsigned; pattern='^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' ;;
  *) fail "unknown kernel series $series (known: 6.12, 6.1)" ;;
esac
for tool in apt-get apt-cache dpkg cpio gzip gcc depmod modprobe ldd xz; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install cpio gcc libc6-dev kmod xz-utils)"
done
pkg=$pinned
if [ -z "$(apt-cache policy "$pinned" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" {print $2}')" ]; then
  pkg=$(apt-cache search --names-only "linux-image-$series" | awk '{print $1}' | grep -E "$pattern" | sort -V | tail -1)
  [ -n "$pkg" ] || fail "no $series kernel image in the package archive"
  echo "warning $pinned is no longer in the archive; using the newest of the series, $pkg"
fi
version=$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')
guest="$cache/$series-$version"
probe_sum=$(sha256sum "$probe_c" "$0" | sha256sum | cut -c1-16)
if [ -f "$guest/ok" ] && [ "$(cat "$guest/ok")" = "$probe_sum" ]; then echo "guest $guest"; exit 0; fi
rm -rf "$guest" && mkdir -p "$guest/deb" "$guest/root"
(cd "$guest/deb" && apt-get download -q "$pkg" >/dev/null 2>&1) || fail "apt-get download $pkg failed"
dpkg -x "$guest"/deb/*.deb "$guest/x"
release=$(ls "$guest/x/lib/modules")
cp "$guest/x/boot/vmlinuz-$release" "$guest/vmlinuz"
echo "$release" > "$guest/release"
root=$guest/root
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,mnt,run,scenario,usr/bin,usr/sbin,lib/modules}
cp /bin/busybox "$root/bin/busybox"
for app in $("$root/bin/busybox" --list); do [ -e "$root/bin/$app" ] || ln -s busybox "$root/bin/$app"; done
# dynamic tools with the libraries ldd names
for tool in ndctl mkfs.xfs xfs_io xfs_db mkfs.ext4 bash kmod; do
  path=$(command -v "$tool") || fail "$tool is missing (apt-get install ndctl xfsprogs e2fsprogs kmod)"
  cp -L "$path" "$root/usr/bin/$tool"
  ldd "$path" | grep -o '/[^ ]*' | while read -r lib; do mkdir -p "$root$(dirname "$lib")"; cp -Ln "$lib" "$root$lib"; done
done
for m in modprobe depmod insmod; do rm -f "$root/bin/$m" "$root/sbin/$m"; ln -s ../usr/bin/kmod "$root/sbin/$m"; done
rm -f "$root/bin/bash" && ln -s ../usr/bin/bash "$root/bin/bash"
gcc -O2 -static -o "$root/usr/bin/daxprobe" "$probe_c" || fail "cannot build the probe"
# modules, decompressed (a minimal kmod may reject .ko.xz), with their dependencies
depmod -b "$guest/x" "$release"  # the .deb ships no modules.dep
mods="nfit nd_pmem dax_pmem device_dax xfs ext4 hwpoison_inject mce_inject"
for m in $mods; do
  modprobe -C /dev/null -d "$guest/x" -S "$release" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
done | sort -u > "$guest/modules.list"
while read -r ko; do
  rel=${ko#"$guest/x"}
  mkdir -p "$root$(dirname "$rel")"
  case "$ko" in *.xz) xz -dc "$ko" > "$root${rel%.xz}" ;; *) cp "$ko" "$root$rel" ;; esac
done < "$guest/modules.list"
cp "$guest/x/lib/modules/$release"/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$release/" 2>/dev/null || true
depmod -b "$root" "$release"
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
export PATH=/usr/bin:/usr/sbin:/bin:/sbin
mount -t proc none /proc
mount -t sysfs none /sys
mount -t devtmpfs none /dev
mount -t tmpfs none /tmp
dmesg -n 1
for m in nfit nd_pmem dax_pmem device_dax xfs ext4 hwpoison_inject; do modprobe "$m" 2>/dev/null; done
i=0; while [ ! -e /sys/bus/nd/devices/namespace0.0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "===VERIFY-BOOTED=== $(uname -r)" > /dev/ttyS0
if [ -x /scenario/run.sh ]; then
  DAXPROBE=/usr/bin/daxprobe /scenario/run.sh --destroy > /tmp/record.txt 2> /tmp/run.log
  echo "===VERIFY-RECORD===" > /dev/ttyS0
  cat /tmp/record.txt > /dev/ttyS0
  echo "===VERIFY-LOG===" > /dev/ttyS0
  cat /tmp/run.log > /dev/ttyS0
  echo "===VERIFY-END===" > /dev/ttyS0
fi
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$guest/initrd.gz"
rm -rf "$guest/x" "$guest/deb"
echo "$probe_sum" > "$guest/ok"
echo "guest $guest"
