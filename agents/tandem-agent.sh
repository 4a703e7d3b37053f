#!/bin/sh
# tandem-agent: prints one JSON object describing this host (schema "v": 1),
# or with --interval N one line every N seconds (fractions too: 0.25) until its output is closed.
# POSIX sh, awk and coreutils only; reads /proc and a few standard files.
# Runs without a login shell: Tandem calls `sh tandem-agent.sh ...` over SSH.
#
# Options:
#   --service NAME      report the state of a service (repeatable; [A-Za-z0-9@._-], not starting with -)
#   --lag-cmd CMD       a command printing replication lag in seconds (set by an admin)
#   --interval SECONDS  stream mode: one line per interval
#   --count N           stream mode: stop after N lines (tests)
# Test hooks: TANDEM_AGENT_MDSTAT overrides /proc/mdstat; TANDEM_AGENT_CACHE the cache dir.
#
# Speed: every fork costs about a millisecond, so a sample is one `df` piped
# into one `awk` that reads everything else itself (hostname, kernel, os-release,
# the updates cache, the clock via srand()). Only --service (one systemctl for
# all of them, or one cat of /proc/*/comm without systemd) and --lag-cmd add
# processes. Large counters stay strings inside awk: mawk prints numbers above
# 2^31 as 3e+09. Tested with mawk, gawk and the one-true-awk.

TANDEM_AGENT_VERSION=1
LC_ALL=C
export LC_ALL
# Appended, not prepended: sshd gives exec sessions a PATH without the sbin dirs.
PATH=${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

usage() { echo "tandem-agent: $1" >&2; exit 2; }

services=""
lag_cmd=""
interval=""
count=""
while [ $# -gt 0 ]; do
  case "$1" in
    --service)
      # A leading "-" would reach systemctl as an option (-H host runs ssh).
      case "${2-}" in
        ''|-*|*[!A-Za-z0-9@._-]*) usage "invalid service name" ;;
      esac
      services="$services $2"; shift 2 ;;
    --lag-cmd) [ $# -ge 2 ] || usage "--lag-cmd needs a command"; lag_cmd="$2"; shift 2 ;;
    --interval)
      # Digits with at most one decimal point, not starting or ending with it, and not zero.
      case "${2-}" in ''|.*|*.|*[!0-9.]*|*.*.*) usage "invalid interval" ;; esac
      case "$2" in *[1-9]*) ;; *) usage "invalid interval" ;; esac
      interval="$2"; shift 2 ;;
    --count)
      case "${2-}" in ''|*[!0-9]*|0) usage "invalid count" ;; esac
      count="$2"; shift 2 ;;
    --version) echo "$TANDEM_AGENT_VERSION"; exit 0 ;;
    *) usage "unknown option $1" ;;
  esac
done

nl='
'
mdstat=${TANDEM_AGENT_MDSTAT:-/proc/mdstat}
cache=${TANDEM_AGENT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tandem}
systemd=""
[ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1 && systemd=1

# Pending updates cost seconds to compute, so they are refreshed in the
# background at most hourly (awk decides, exit status 3) and the cached figure
# is reported with its age. The job holds none of our output descriptors, so
# the SSH channel closes as soon as the sample is printed.
refresh_updates() {
  mkdir -p "$cache" 2>/dev/null || return 0
  date +%s > "$cache/updates.lock" 2>/dev/null || return 0
  (
    if command -v apt-get >/dev/null 2>&1; then
      out=$(apt-get -s -o Debug::NoLocking=true upgrade 2>/dev/null)
      p=$(printf '%s\n' "$out" | grep -c '^Inst ')
      s=$(printf '%s\n' "$out" | grep '^Inst ' | grep -ci 'securi')
      src=apt
    elif command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; then
      pm=$(command -v dnf || command -v yum)
      p=$("$pm" -q check-update 2>/dev/null | grep -c '^[A-Za-z0-9][^ ]* \{1,\}[0-9]')
      s=$("$pm" -q updateinfo list --security 2>/dev/null | grep -c .)
      src=${pm##*/}
    else
      p=""; s=""; src=""
    fi
    # The newest kernel on disk: after an update it differs from the running one until a reboot.
    k=$(ls -1 /lib/modules 2>/dev/null | sort -V 2>/dev/null | tail -n 1)
    printf 'at=%s\npending=%s\nsecurity=%s\nsource=%s\nkernel=%s\n' "$(date +%s)" "$p" "$s" "$src" "$k" > "$cache/updates.tmp" &&
      mv "$cache/updates.tmp" "$cache/updates"
    rm -f "$cache/updates.lock"
  ) >/dev/null 2>&1 </dev/null &
}

# Prints one sample. Returns 0, or non-zero when the output is gone.
sample() {
  svc_states=""
  if [ -n "$services" ] && [ -n "$systemd" ]; then
    # One line per unit, in argument order. Without systemd, awk matches
    # process names instead, as pgrep -x would.
    svc_states=$(systemctl is-active -- $services 2>/dev/null </dev/null)
  fi
  lag=""
  if [ -n "$lag_cmd" ]; then
    # A hung probe must not pile up agents on a database host.
    if command -v timeout >/dev/null 2>&1; then
      lag=$(timeout 5 sh -c "$lag_cmd" 2>/dev/null </dev/null)
    else
      lag=$(sh -c "$lag_cmd" 2>/dev/null </dev/null)
    fi
    # First line only, and short: it travels in the environment (E2BIG above 128 KB).
    lag=${lag%%"$nl"*}
    [ ${#lag} -le 64 ] || lag=""
  fi

  df -P -k -l 2>/dev/null | \
  T_VER="$TANDEM_AGENT_VERSION" T_SVCS="$services" T_SVC_STATES="$svc_states" T_SYSTEMD="$systemd" \
  T_LAG="$lag" T_CACHE="$cache" T_MDSTAT="$mdstat" awk '
    # "&&" doubles a backslash in every awk; "\\\\" gives one or two depending on the awk.
    function esc(s) { gsub(/\\/, "&&", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s); gsub(/[\001-\037\177]/, "", s); return "\"" s "\"" }
    # A JSON number from a decimal string, kept as text: no float formatting, no leading zeros.
    function jnum(s,   neg) {
      gsub(/^[ \t\r]+|[ \t\r]+$/, "", s)
      if (s !~ /^-?[0-9]+(\.[0-9]+)?$/) return "null"
      neg = ""; if (substr(s, 1, 1) == "-") { neg = "-"; s = substr(s, 2) }
      sub(/^0+/, "", s); if (s == "" || substr(s, 1, 1) == ".") s = "0" s
      return neg s
    }
    function int_(s) { return (s ~ /^[0-9]+$/) ? s : "0" }
    function first(f,   l) { l = ""; if ((getline l < f) < 0) l = ""; close(f); return l }
    function add(list, item) { return list (list == "" ? "" : ",") item }
    function raid_item() { return "{\"name\":" esc(name) ",\"level\":" esc(level) ",\"status\":" esc(status) ",\"degraded\":" degraded "}" }
    # df -P: "fs size used avail cap% mount", where fs and mount may contain spaces.
    NR > 1 && match($0, / +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+% +\//) {
      fs = substr($0, 1, RSTART - 1); mount = substr($0, RSTART + RLENGTH - 1)
      split(substr($0, RSTART, RLENGTH), f, " ")
      if (fs ~ /^(tmpfs|devtmpfs|shm|udev|none|proc|sysfs|efivarfs|cgroup.*)$/) next
      if (fs == "overlay" && mount != "/") next
      if (mount ~ /^\/(snap|proc|sys|dev|run)\// || f[1] == 0 || ndisks >= 512) next
      ndisks++
      disks = add(disks, "{\"mount\":" esc(mount) ",\"fs\":" esc(fs) ",\"sizeKb\":" f[1] ",\"usedKb\":" f[2] ",\"availKb\":" f[3] "}")
    }
    END {
      while ((getline line < "/proc/stat") > 0) {
        split(line, f, " ")
        if (f[1] == "cpu") cpu = "[" int_(f[2]) "," int_(f[3]) "," int_(f[4]) "," int_(f[5]) "," int_(f[6]) "," int_(f[7]) "," int_(f[8]) "," int_(f[9]) "]"
        else if (f[1] ~ /^cpu[0-9]+$/) ncpu++
        else if (f[1] == "procs_running") running = int_(f[2])
        else if (f[1] == "btime") btime = f[2]
      }
      close("/proc/stat")
      split(first("/proc/loadavg"), f, " "); load = "[" jnum(f[1]) "," jnum(f[2]) "," jnum(f[3]) "]"
      split(first("/proc/uptime"), f, " "); uptime = f[1]
      while ((getline line < "/proc/meminfo") > 0) { split(line, f, /[: ]+/); mem[f[1]] = f[2] }
      close("/proc/meminfo")
      # The clock without forking date: srand() returns the previous seed, the time of day.
      srand(); now = srand()
      if (now < 1000000000) now = btime + int(uptime)
      host = first("/proc/sys/kernel/hostname"); kernel = first("/proc/sys/kernel/osrelease")
      osf = "/etc/os-release"; if ((getline line < osf) < 0) osf = "/usr/lib/os-release"; close("/etc/os-release")
      os = ""
      while ((getline line < osf) > 0) if (line ~ /^PRETTY_NAME=/) { os = substr(line, 13); gsub(/^["\047]|["\047]$/, "", os) }
      close(osf)
      reboot = ((getline line < "/run/reboot-required") >= 0 || (getline line < "/var/run/reboot-required") >= 0) ? "true" : "false"

      while ((getline line < "/proc/net/dev") > 0) {
        if (line !~ /:/ || nnet >= 1024) continue
        sub(/^ +/, "", line); split(line, p, ":"); split(p[2], f, " ")
        if (p[1] == "lo") continue
        nnet++
        net = add(net, "{\"if\":" esc(p[1]) ",\"rxBytes\":" int_(f[1]) ",\"txBytes\":" int_(f[9]) "}")
      }
      close("/proc/net/dev")

      mdstat = ENVIRON["T_MDSTAT"]; name = ""
      while ((getline line < mdstat) > 0) {
        if (line ~ /^md[^ ]* *:/) {
          if (name != "" && nraid < 256) { raid = add(raid, raid_item()); nraid++ }
          n = split(line, f, " "); name = f[1]; level = ""; state = f[3]
          for (i = 4; i <= n; i++) if (f[i] ~ /^(raid[0-9]+|linear|multipath|faulty)$/) { level = f[i]; break }
          # An inactive array is not serving data: report it as degraded.
          status = state; degraded = (state == "inactive") ? "true" : "false"
        } else if (name != "" && match(line, /\[[U_]+\]/)) {
          status = substr(line, RSTART + 1, RLENGTH - 2)
          if (status ~ /_/) degraded = "true"
        }
      }
      close(mdstat)
      if (name != "" && nraid < 256) raid = add(raid, raid_item())

      nsvc = split(ENVIRON["T_SVCS"], sv, " ")
      if (nsvc > 0) {
        split(ENVIRON["T_SVC_STATES"], st, "\n")
        procs = ENVIRON["T_SYSTEMD"] == ""
        if (procs) {
          # Through a pipe, not the environment: thousands of names would not fit.
          cmd = "cat /proc/[0-9]*/comm 2>/dev/null"
          while ((cmd | getline c) > 0) comm[c] = 1
          close(cmd)
        }
        for (i = 1; i <= nsvc && i <= 256; i++) {
          if (procs) s = (substr(sv[i], 1, 15) in comm) ? "active" : "inactive"
          else s = (st[i] != "") ? st[i] : "unknown"
          services = add(services, "{\"name\":" esc(sv[i]) ",\"state\":" esc(substr(s, 1, 64)) "}")
        }
      }

      lag = ENVIRON["T_LAG"]; sub(/\n.*/, "", lag)

      cache = ENVIRON["T_CACHE"]
      while ((getline line < (cache "/updates")) > 0) { i = index(line, "="); if (i) up[substr(line, 1, i - 1)] = substr(line, i + 1) }
      close(cache "/updates")
      updates = "null"
      if (up["at"] ~ /^[0-9]+$/)
        updates = "{\"pending\":" jnum(up["pending"]) ",\"security\":" jnum(up["security"]) ",\"source\":" esc(substr(up["source"], 1, 16)) ",\"checkedAt\":" up["at"] "}"
      lock = first(cache "/updates.lock")
      stale = (up["at"] !~ /^[0-9]+$/ || now - up["at"] >= 3600) && (lock !~ /^[0-9]+$/ || now - lock >= 600)

      printf "{\"v\":%d,\"ts\":%.0f,\"host\":%s,\"kernel\":%s,\"os\":%s,\"uptimeSec\":%s,", ENVIRON["T_VER"], now, esc(substr(host, 1, 255)), esc(substr(kernel, 1, 255)), esc(substr(os, 1, 255)), (jnum(uptime) == "null" ? 0 : jnum(uptime))
      printf "\"cpu\":{\"count\":%d,\"jiffies\":%s,\"running\":%s},\"load\":%s,", ncpu, (cpu == "" ? "[0,0,0,0,0,0,0,0]" : cpu), int_(running), load
      printf "\"memKb\":{\"total\":%s,\"available\":%s,\"free\":%s,\"buffers\":%s,\"cached\":%s},", int_(mem["MemTotal"]), int_(mem["MemAvailable"]), int_(mem["MemFree"]), int_(mem["Buffers"]), int_(mem["Cached"])
      printf "\"swapKb\":{\"total\":%s,\"free\":%s},", int_(mem["SwapTotal"]), int_(mem["SwapFree"])
      printf "\"disks\":[%s],\"net\":[%s],\"raid\":[%s],\"services\":[%s],", disks, net, raid, services
      kinst = (up["kernel"] != "") ? esc(substr(up["kernel"], 1, 255)) : "null"
      printf "\"updates\":%s,\"rebootRequired\":%s,\"kernelInstalled\":%s,\"replicationLagSec\":%s}\n", updates, reboot, kinst, jnum(lag)
      if (stale) exit 3
    }'
  rc=$?
  [ "$rc" -eq 3 ] && { refresh_updates; rc=0; }
  return "$rc"
}

if [ -z "$interval" ]; then
  sample
  exit
fi
# Stream mode: a failed write (Tandem closed the channel) ends the loop.
i=0
while :; do
  sample || exit 0
  i=$((i + 1))
  [ -n "$count" ] && [ "$i" -ge "$count" ] && exit 0
  sleep "$interval" || exit 0
done
