#!/usr/bin/env bash
# A CP932 file name (old Windows shares) is reported without loss and the JSON stays valid.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share"
name=$(printf '\x8E\x81\x96\xBC.csv')  # 氏名.csv in CP932
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n' > "$WORK/share/$name"
expect_exit 1 "$MAMORI" scan --format jsonl "$WORK/share"
python3 - "$WORK/stdout" "$WORK/share/$name" <<'PY'
import base64, json, os, sys
line = open(sys.argv[1], encoding="utf-8").readline()
obj = json.loads(line)
assert obj["path"].endswith("氏名.csv"), obj["path"]
raw = base64.b64decode(obj["path_b64"])
assert raw == os.fsencode(sys.argv[2]), raw
PY
echo "non_utf8_names: ok"
