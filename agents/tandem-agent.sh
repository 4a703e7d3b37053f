#!/bin/sh
# tandem-agent: prints one JSON object describing this host (schema "v": 1),
# or with --interval N one line every N seconds until its output is closed.
# POSIX sh, awk and coreutils only; reads /proc and a few standard files.
# Runs without a login shell: Tandem calls `sh tandem-agent.sh ...` over SSH.
#
# Options:
#   --service NAME      report the state of a service (repeatable; [A-Za-z0-9@._-])
#   --lag-cmd CMD       a command printing replication lag in seconds (set by an admin)
#   --interval SECONDS  stream mode: one line per interval
#   --count N           stream mode: stop after N lines (tests)
# Test hooks: TANDEM_AGENT_MDSTAT overrides /proc/mdstat; TANDEM_AGENT_CACHE the cache dir.

TANDEM_AGENT_VERSION=1
LC_ALL=C
export LC_ALL
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH

services=""
lag_cmd=""
interval=""
count=""
while [ $# -gt 0 ]; do
  case "$1" in
    --service)
      case "$2" in
        ''|*[!A-Za-z0-9@._-]*) echo "tandem-agent: invalid service name" >&2; exit 2 ;;
      esac
      services="$services $2"; shift 2 ;;
    --lag-cmd) lag_cmd="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --version) echo "$TANDEM_AGENT_VERSION"; exit 0 ;;
    *) echo "tandem-agent: unknown option $1" >&2; exit 2 ;;
  esac
done

mdstat=${TANDEM_AGENT_MDSTAT:-/proc/mdstat}
cache=${TANDEM_AGENT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tandem}

# Pending updates cost seconds to compute, so they are refreshed in the
# background at most hourly and the cached figure is reported with its age.
refresh_updates() {
  mkdir -p "$cache" 2>/dev/null || return 0
  stamp="$cache/updates"
  now=$(date +%s)
  if [ -f "$stamp" ]; then
    then_=$(sed -n 's/^at=//p' "$stamp" 2>/dev/null)
    [ -n "$then_" ] && [ $((now - then_)) -lt 3600 ] && return 0
  fi
  [ -f "$cache/updates.lock" ] && [ $((now - $(cat "$cache/updates.lock" 2>/dev/null || echo 0))) -lt 600 ] && return 0
  echo "$now" > "$cache/updates.lock"
  (
    if command -v apt-get >/dev/null 2>&1; then
      out=$(apt-get -s -o Debug::NoLocking=true upgrade 2>/dev/null)
      p=$(printf '%s\n' "$out" | grep -c '^Inst ')
      s=$(printf '%s\n' "$out" | grep '^Inst ' | grep -ci 'securi')
      src=apt
    elif command -v dnf >/dev/null 2>&1; then
      p=$(dnf -q check-update 2>/dev/null | grep -c '^[A-Za-z0-9]')
      s=$(dnf -q updateinfo list --security 2>/dev/null | grep -c .)
      src=dnf
    else
      p=""; s=""; src=""
    fi
    printf 'at=%s\npending=%s\nsecurity=%s\nsource=%s\n' "$(date +%s)" "$p" "$s" "$src" > "$stamp.tmp" && mv "$stamp.tmp" "$stamp"
    rm -f "$cache/updates.lock"
  ) >/dev/null 2>&1 </dev/null &
}

sample() {
  svc_states=""
  for s in $services; do
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      st=$(systemctl is-active "$s" 2>/dev/null)
    elif pgrep -x "$s" >/dev/null 2>&1; then
      st=active
    else
      st=inactive
    fi
    svc_states="$svc_states$s=${st:-unknown};"
  done
  lag=""
  if [ -n "$lag_cmd" ]; then
    lag=$(sh -c "$lag_cmd" 2>/dev/null | head -n 1)
  fi
  reboot=false
  { [ -f /run/reboot-required ] || [ -f /var/run/reboot-required ]; } && reboot=true
  os=""
  [ -r /etc/os-release ] && os=$(sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '"')
  upd=""
  [ -r "$cache/updates" ] && upd=$(tr '\n' ';' < "$cache/updates")

  df -P -k 2>/dev/null | awk \
    -v ver="$TANDEM_AGENT_VERSION" -v now="$(date +%s)" -v host="$(uname -n)" -v kernel="$(uname -r)" \
    -v os="$os" -v reboot="$reboot" -v svcs="$svc_states" -v lag="$lag" -v upd="$upd" -v mdstat="$mdstat" '
    function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s); gsub(/[\001-\037]/, "", s); return "\"" s "\"" }
    function num(s) { return (s ~ /^-?[0-9]+(\.[0-9]+)?$/) ? s + 0 : "null" }
    NR > 1 && $1 !~ /^(tmpfs|devtmpfs|overlay|shm|udev|none|proc|sysfs|cgroup.*)$/ && $2 > 0 {
      disks = disks (disks == "" ? "" : ",") "{\"mount\":" esc($6) ",\"fs\":" esc($1) ",\"sizeKb\":" $2 ",\"usedKb\":" $3 ",\"availKb\":" $4 "}"
    }
    END {
      while ((getline line < "/proc/stat") > 0) {
        split(line, f, " ")
        if (f[1] == "cpu") cpu = "[" f[2] "," f[3] "," f[4] "," f[5] "," (f[6]+0) "," (f[7]+0) "," (f[8]+0) "," (f[9]+0) "]"
        else if (f[1] ~ /^cpu[0-9]+$/) ncpu++
        else if (f[1] == "procs_running") running = f[2]
      }
      while ((getline line < "/proc/loadavg") > 0) { split(line, f, " "); load = "[" f[1] "," f[2] "," f[3] "]" }
      while ((getline line < "/proc/meminfo") > 0) { split(line, f, /[: ]+/); mem[f[1]] = f[2] }
      while ((getline line < "/proc/uptime") > 0) { split(line, f, " "); uptime = f[1] }
      while ((getline line < "/proc/net/dev") > 0) {
        if (line !~ /:/) continue
        sub(/^ +/, "", line); split(line, p, ":"); split(p[2], f, " ")
        if (p[1] == "lo") continue
        net = net (net == "" ? "" : ",") "{\"if\":" esc(p[1]) ",\"rxBytes\":" f[1] ",\"txBytes\":" f[9] "}"
      }
      while ((getline line < mdstat) > 0) {
        if (line ~ /^md[0-9]+ *:/) {
          if (name != "") raid = raid (raid == "" ? "" : ",") "{\"name\":" esc(name) ",\"level\":" esc(level) ",\"status\":" esc(status) ",\"degraded\":" degraded "}"
          split(line, f, " "); name = f[1]; level = (f[4] ~ /^raid/ ? f[4] : f[3]); status = ""; degraded = "false"
        } else if (name != "" && match(line, /\[[U_]+\]/)) {
          status = substr(line, RSTART + 1, RLENGTH - 2)
          if (status ~ /_/) degraded = "true"
        }
      }
      if (name != "") raid = raid (raid == "" ? "" : ",") "{\"name\":" esc(name) ",\"level\":" esc(level) ",\"status\":" esc(status) ",\"degraded\":" degraded "}"
      n = split(svcs, sv, ";")
      for (i = 1; i < n; i++) { split(sv[i], kv, "="); services = services (services == "" ? "" : ",") "{\"name\":" esc(kv[1]) ",\"state\":" esc(kv[2]) "}" }
      n = split(upd, u, ";")
      for (i = 1; i <= n; i++) { split(u[i], kv, "="); up[kv[1]] = kv[2] }
      updates = (up["at"] == "") ? "null" : "{\"pending\":" num(up["pending"]) ",\"security\":" num(up["security"]) ",\"source\":" esc(up["source"]) ",\"checkedAt\":" up["at"] "}"
      printf "{\"v\":%d,\"ts\":%d,\"host\":%s,\"kernel\":%s,\"os\":%s,\"uptimeSec\":%s,", ver, now, esc(host), esc(kernel), esc(os), num(uptime)
      printf "\"cpu\":{\"count\":%d,\"jiffies\":%s,\"running\":%d},\"load\":%s,", ncpu, cpu, running, load
      printf "\"memKb\":{\"total\":%d,\"available\":%d,\"free\":%d,\"buffers\":%d,\"cached\":%d},", mem["MemTotal"], mem["MemAvailable"], mem["MemFree"], mem["Buffers"], mem["Cached"]
      printf "\"swapKb\":{\"total\":%d,\"free\":%d},", mem["SwapTotal"], mem["SwapFree"]
      printf "\"disks\":[%s],\"net\":[%s],\"raid\":[%s],\"services\":[%s],", disks, net, raid, services
      printf "\"updates\":%s,\"rebootRequired\":%s,\"replicationLagSec\":%s}\n", updates, reboot, num(lag)
    }'
}

if [ -z "$interval" ]; then
  refresh_updates
  sample
  exit 0
fi
# Stream mode: a failed write (Tandem closed the channel) ends the loop.
i=0
while :; do
  [ $((i % 720)) -eq 0 ] && refresh_updates
  sample || exit 0
  i=$((i + 1))
  [ -n "$count" ] && [ "$i" -ge "$count" ] && exit 0
  sleep "$interval" || exit 0
done
