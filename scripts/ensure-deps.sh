# Sourced by the entry scripts: installs the node dependencies when a fresh
# clone has none (or package-lock.json changed since), so one command is
# enough on a new machine.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing node dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund >&2
fi
