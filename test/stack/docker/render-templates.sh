#!/bin/sh
# render-templates.sh <templates dir> <target dir>: for docker-compose.test.yml's
# caddy and varnish services, whose images have no envsubst. Renders every
# *.template (sites/ included) with the ${STACK_...} variables of the
# environment, as test/stack/stackctl does natively; fails on a missing one.
set -eu
source_dir=$1
target_dir=$2
find "$source_dir" -name '*.template' | while read -r template; do
    relative=${template#"$source_dir"/}
    target="$target_dir/${relative%.template}"
    mkdir -p "$(dirname "$target")"
    awk '{
        line = $0
        out = ""
        while (match(line, /\$\{STACK_[A-Z0-9_]+\}/)) {
            name = substr(line, RSTART + 2, RLENGTH - 3)
            if (!(name in ENVIRON)) { print FILENAME ": no value for ${" name "}" > "/dev/stderr"; exit 1 }
            out = out substr(line, 1, RSTART - 1) ENVIRON[name]
            line = substr(line, RSTART + RLENGTH)
        }
        print out line
    }' "$template" >"$target"
done
