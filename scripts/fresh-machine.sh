#!/usr/bin/env bash
# Runs the README's two set-up commands the way a user meets them: on a fresh
# Debian 12 machine with only Node 20 + npm 11 (this host's), git, python3,
# make and g++. No browser, no Xvfb, no ~/.cache, no node_modules: whatever
# `npm test` needs, it must install itself.
#
#   sudo bash scripts/fresh-machine.sh [options] [ROOT]
#
# ROOT (default /work/.fresh-root) is a chroot made with debootstrap, wiped
# first. The base system (debootstrap plus the packages above, before any
# project command ran) is kept as a tarball in the cache folder and unpacked
# for the next run; nothing a run installs ever goes into it. Each command
# runs, as root in the chroot with a clean environment (HOME=/root, a plain
# PATH, no stdin; NODE_EXTRA_CA_CERTS naming the root's CA bundle where this
# machine sets it), in its own fresh `git clone` of the commit:
#   1. npm ci && npm start
#   2. npm ci && npm test        (or .ci/run with CI=true: --ci)
# with ~/ as the base system had it before each. Exits non-zero if either fails.
#
# Options:
#   --commit REF     the commit to clone (default: HEAD of the repository this script is in)
#   --only start|test  run only one of the two commands
#   --ci             run `bash .ci/run` with CI=true instead of `npm ci && npm test`
#   --cache DIR      where the base tarball is kept (default /work/.fresh-cache)
#   --no-cache       debootstrap anew, and keep no tarball
#   --keep           keep ROOT afterwards (by default it is removed after a pass, kept after a failure)
#   --logs DIR       where each command's output goes (default ROOT-logs)
#
# Needs root (debootstrap, chroot, mount) and the network to Debian's mirror
# and the npm registry. About 3 min for debootstrap (20 s with the tarball),
# then the commands' own times.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
root=/work/.fresh-root
commit=HEAD
only=
ci=0
cache=/work/.fresh-cache
use_cache=1
keep=0
logs=
while [ $# -gt 0 ]; do
  case $1 in
    --commit) commit=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --ci) ci=1; shift ;;
    --cache) cache=$2; shift 2 ;;
    --no-cache) use_cache=0; shift ;;
    --keep) keep=1; shift ;;
    --logs) logs=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *) root=$1; shift ;;
  esac
done
case $only in ''|start|test) ;; *) echo "--only takes start or test, not '$only'" >&2; exit 2 ;; esac

say() { printf '\n[fresh-machine %s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[fresh-machine] error: %s\n' "$*" >&2; exit 1; }
duration() { printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); }

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, chroot and mount need it)"
[ "$(uname -m)" = x86_64 ] || die "made for x86_64 hosts (this is $(uname -m))"

# ROOT: absolute, outside the repository, never / or a system folder.
mkdir -p "$root"
root=$(realpath "$root")
case $root in
  /|/bin|/boot|/dev|/etc|/home|/lib*|/opt|/proc|/root|/run|/sbin|/srv|/sys|/tmp|/usr|/usr/*|/var|/work)
    die "refusing ROOT=$root" ;;
esac
case $root/ in "$repo"/*) die "ROOT must be outside the repository ($repo)" ;; esac
logs=${logs:-$root-logs}
mkdir -p "$logs" "$cache"
logs=$(realpath "$logs")
cache=$(realpath "$cache")

sha=$(git -C "$repo" rev-parse --verify "$commit^{commit}") || die "no commit '$commit' in $repo"
if [ "$commit" = HEAD ] && [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "[fresh-machine] note: $repo has uncommitted changes; the clone has only commit $sha" >&2
fi

# This host's Node and npm, copied as they are.
node_bin=$(readlink -f "$(command -v node)") || die "no node on this host"
node_version=$(node -v)
npm_version=$(npm -v)
npm_root=$(npm root -g)
node_prefix=$(dirname "$(dirname "$node_bin")")
case $node_version in v20.*) ;; *) die "host Node is $node_version, not 20.x" ;; esac
case $npm_version in 11.*) ;; *) die "host npm is $npm_version, not 11.x" ;; esac

suite=bookworm
mirror=http://deb.debian.org/debian
packages=ca-certificates,git,python3,make,g++
# The base tarball's name says what is in it: a change here makes a new one.
base_key=$(printf '%s\n' "$suite" "$mirror" "$packages" minbase upgrade-v1 | sha256sum | cut -c1-12)
tarball=$cache/debian-$suite-amd64-$base_key.tar.zst

# --- mounts and processes --------------------------------------------------

mounted=()
mount_root() {
  mount -t proc proc "$root/proc"
  mounted+=("$root/proc")
  mount -t sysfs sysfs "$root/sys"
  mounted+=("$root/sys")
  # A /dev of its own, not the host's bound in: a package script that replaces
  # /dev/null in the root (seen: it became a regular file, and
  # dictionaries-common's postinst then read text from it and failed) must not
  # reach the host's.
  mount -t tmpfs -o mode=755,nosuid dev "$root/dev"
  mounted+=("$root/dev")
  local node name major minor
  for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
    IFS=: read -r name major minor <<<"$node"
    mknod -m 666 "$root/dev/$name" c "$major" "$minor"
  done
  ln -s /proc/self/fd "$root/dev/fd"
  ln -s /proc/self/fd/0 "$root/dev/stdin"
  ln -s /proc/self/fd/1 "$root/dev/stdout"
  ln -s /proc/self/fd/2 "$root/dev/stderr"
  mkdir "$root/dev/pts" "$root/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"
  mounted+=("$root/dev/pts")
  ln -s pts/ptmx "$root/dev/ptmx"
  mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
  mounted+=("$root/dev/shm")
}

# The host's /dev/null must still be the device after a run (the root's /dev
# is its own, so this only fails if something else replaced it).
check_host_null() {
  [ -c /dev/null ] || echo "[fresh-machine] warning: the host's /dev/null is no longer a character device" >&2
}

# Processes whose root is the chroot, or a folder in it (Firefox's sandbox
# chroots its content processes further): only ever ones this script started.
chroot_pids() {
  local p r
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null) || continue
    case $r in "$root" | "$root"/*) echo "${p#/proc/}" ;; esac
  done
  return 0
}

kill_leftovers() {
  local pids
  pids=$(chroot_pids)
  [ -n "$pids" ] || return 0
  echo "[fresh-machine] still running in the chroot, killed now:" >&2
  # shellcheck disable=SC2086
  ps -o pid=,args= -p "$(echo $pids | tr ' ' ,)" >&2 || true
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in 1 2 3 4 5; do
    sleep 1
    pids=$(chroot_pids)
    [ -n "$pids" ] || return 0
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  sleep 1
}

unmount_root() {
  local m i
  kill_leftovers
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || echo "[fresh-machine] could not unmount ${mounted[i]}" >&2
  done
  mounted=()
  # Anything else still mounted below ROOT (a run that mounted something, an earlier aborted run).
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" || true
  done < <(awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r)
}

wipe_root() {
  unmount_root
  if awk -v r="$root/" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    die "something is still mounted below $root: not removing it"
  fi
  # Only a folder this script made (or an empty one) is wiped.
  if [ -n "$(ls -A "$root")" ] && [ ! -e "$root/.fresh-machine-root" ]; then
    die "$root is not empty and was not made by this script: not removing it"
  fi
  rm -rf --one-file-system "$root"
  mkdir -p "$root"
  touch "$root/.fresh-machine-root"
}

finish() {
  local code=$?
  trap - EXIT INT TERM
  unmount_root
  check_host_null
  if [ "$code" -eq 0 ] && [ "$keep" -eq 0 ]; then
    rm -rf --one-file-system "$root"
    echo "[fresh-machine] removed $root (logs in $logs)"
  else
    echo "[fresh-machine] kept $root for a look (logs in $logs); the next run wipes it"
  fi
  exit "$code"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command as root in the chroot, with a clean environment.
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# --- the base system ----------------------------------------------------------

write_system_files() {
  # The same sources as this host: bookworm with its updates and security.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  echo fresh >"$root/etc/hostname"
  cat >"$root/etc/hosts" <<EOF
127.0.0.1	localhost
127.0.1.1	fresh
::1	localhost ip6-localhost ip6-loopback
EOF
}

build_base() {
  say "debootstrap $suite (minbase + $packages) into $root"
  local t0=$SECONDS
  timeout 1800 debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" \
    >"$logs/debootstrap.log" 2>&1 || { tail -30 "$logs/debootstrap.log" >&2; die "debootstrap failed (log: $logs/debootstrap.log)"; }
  write_system_files
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  mount_root
  say "bringing the base up to date (bookworm-updates, bookworm-security)"
  in_root /bin/sh -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get -y -qq upgrade && apt-get clean' \
    >>"$logs/debootstrap.log" 2>&1 || { tail -30 "$logs/debootstrap.log" >&2; die "apt-get upgrade in the base failed"; }
  unmount_root
  # As a machine arrives: no package lists (apt-get update comes first), no resolv.conf of this host.
  rm -rf "$root"/var/lib/apt/lists/* "$root/etc/resolv.conf" "$root"/var/cache/apt/*.bin
  say "base system ready in $(duration $((SECONDS - t0)))"
  if [ "$use_cache" -eq 1 ]; then
    tar --numeric-owner --one-file-system -C "$root" -cf - . | zstd -q -T2 -o "$tarball.tmp"
    mv "$tarball.tmp" "$tarball"
    echo "[fresh-machine] saved the base as $tarball ($(du -h "$tarball" | cut -f1))"
  fi
}

wipe_root
if [ "$use_cache" -eq 1 ] && [ -f "$tarball" ]; then
  say "unpacking the pristine base $tarball into $root"
  zstd -q -dc "$tarball" | tar --numeric-owner -xpf - -C "$root"
else
  command -v debootstrap >/dev/null || {
    say "installing debootstrap on this host"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  command -v zstd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zstd >/dev/null
  build_base
fi

# --- what the machine has on arrival besides: this host's Node and npm --------

say "copying this host's Node $node_version and npm $npm_version ($node_prefix)"
install -D -m 755 "$node_bin" "$root$node_prefix/bin/node"
mkdir -p "$root$npm_root"
cp -a "$npm_root/npm" "$root$npm_root/"
[ -d "$npm_root/corepack" ] && cp -a "$npm_root/corepack" "$root$npm_root/"
for tool in npm npx corepack; do
  [ -L "$node_prefix/bin/$tool" ] && cp -a "$node_prefix/bin/$tool" "$root$node_prefix/bin/$tool"
done
[ -d "$node_prefix/include/node" ] && mkdir -p "$root$node_prefix/include" && cp -a "$node_prefix/include/node" "$root$node_prefix/include/"
# npm's own global config file (its CA file setting), not the user's ~/.npmrc.
[ -f "$node_prefix/etc/npmrc" ] && install -D -m 644 "$node_prefix/etc/npmrc" "$root$node_prefix/etc/npmrc"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
mount_root
# The machine's trust store as this host has it: its network's own CAs (in
# /usr/local/share/ca-certificates) besides Debian's, or HTTPS to the registry fails.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  in_root update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in the chroot"
fi
got="$(in_root node -v) / npm $(in_root npm -v)"
[ "$got" = "$node_version / npm $npm_version" ] || die "the chroot has $got, not $node_version / npm $npm_version"
echo "[fresh-machine] in the chroot: node $got, $(in_root git --version), $(in_root python3 --version), $(in_root g++ --version | head -1)"
for absent in /usr/bin/chromium /usr/bin/firefox-esr /usr/bin/WebKitWebDriver /usr/bin/Xvfb /root/.cache /root/.npm; do
  [ ! -e "$root$absent" ] || die "$absent is in the fresh root: it should not be"
done

# Home as the base system had it: nothing from an earlier run.
home_entries=$(ls -A "$root/root")
reset_home() {
  local entry
  for entry in "$root"/root/.[!.]* "$root"/root/*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    grep -qxF "$(basename "$entry")" <<<"$home_entries" || rm -rf --one-file-system "$entry"
  done
}

# --- the two commands -----------------------------------------------------------

results=()
failed=0
run_step() {
  local name=$1 limit=$2 command=$3 dir=/srv/taskcontext-$1 t0 code extra=()
  [ "$ci" -eq 1 ] && [ "$name" = test ] && extra=(CI=true)
  # Machines of this kind point Node at the system trust store (NODE_EXTRA_CA_CERTS): Node
  # reads only its own CAs otherwise, and another Node's npm (Node 24's, for the framework
  # apps) ignores this Node's npmrc cafile, so HTTPS through the network's proxy fails.
  [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && extra+=(NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
  reset_home
  say "$name: git clone of $sha into $dir (in the chroot)"
  rm -rf "$root$dir"
  git clone -q --no-local --no-checkout "$repo" "$root$dir"
  git -C "$root$dir" checkout -q --detach "$sha"
  say "$name: cd $dir && $command   (as root in the chroot; output also in $logs/$name.log, timed)"
  t0=$SECONDS
  set +e
  timeout -k 30 "$limit" chroot "$root" /usr/bin/env -i HOME=/root \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${extra[@]}" \
    /bin/bash -c "cd $dir && $command" </dev/null 2>&1 |
    while IFS= read -r line || [ -n "$line" ]; do
      printf '%s\n' "$line"
      printf '%(%T)T %s\n' -1 "$line" >&3 # the log has the time of each line
    done 3>"$logs/$name.log"
  code=${PIPESTATUS[0]}
  set -e
  local took=$((SECONDS - t0))
  kill_leftovers
  if [ "$code" -eq 0 ]; then
    results+=("$name: '$command' passed in $(duration "$took")")
  else
    [ "$code" -eq 124 ] && code="124, timed out after $limit s"
    results+=("$name: '$command' FAILED (exit $code) after $(duration "$took")")
    failed=1
  fi
  say "${results[-1]}"
}

[ "$only" = test ] || run_step start 1800 'npm ci && npm start'
if [ "$only" != start ]; then
  if [ "$ci" -eq 1 ]; then run_step test 5400 'bash .ci/run'; else run_step test 5400 'npm ci && npm test'; fi
fi

say "commit $sha on a fresh Debian $suite root ($node_version, npm $npm_version):"
printf '  %s\n' "${results[@]}"
exit "$failed"
