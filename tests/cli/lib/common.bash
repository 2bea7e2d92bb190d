# Shared by tests/cli/*.sh: a temp dir, a private key, and assertions that name the case.
set -euo pipefail
: "${MAMORI:?set MAMORI to the mamori binary}"
: "${MAMORI_SOURCE_DIR:?set MAMORI_SOURCE_DIR}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export MAMORI_KEY_FILE="$WORK/key"
head -c 32 /dev/zero > "$MAMORI_KEY_FILE"

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE command...: runs the command, fails unless it exits with CODE.
expect_exit() {
  local want=$1; shift
  local got=0
  "$@" > "$WORK/stdout" 2> "$WORK/stderr" || got=$?
  [ "$got" -eq "$want" ] || { cat "$WORK/stderr" >&2; fail "$* exited $got, expected $want"; }
}

# jq-free JSON field read: json_field FILE PATH_SUFFIX FIELD → value of FIELD in the line whose
# path ends with PATH_SUFFIX.
json_field() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for obj in lines:
    if obj["path"].endswith(sys.argv[2]):
        value = obj
        for key in sys.argv[3].split("."):
            value = value[key]
        print(value)
        break
else:
    sys.exit("no line for " + sys.argv[2])
PY
}
