# Shell functions the benchmarks share; sourced, not run.

log() { echo "[$(date +%T)] $*" >&2; }

# A TCP port on 127.0.0.1 that nothing listens on, below Linux's ephemeral range (32768+) so that
# no outgoing connection holds it either, and not handed out before by this script.
taken_ports=" "
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 12000))
    [[ "$taken_ports" == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken_ports+="$port "
      echo "$port"
      return
    fi
  done
}
