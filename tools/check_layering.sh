#!/usr/bin/env bash
# Dependencies point down only: base <- {walk, read, detect} <- record <- report <- policy
# <- store <- scan <- inventory <- serve <- cli.
# read and detect never see each other; no module includes another's internal/ headers.
set -euo pipefail
cd "$(dirname "$0")/../src"
declare -A allowed=(
  [base]="base"
  [walk]="base walk"
  [read]="base read"
  [detect]="base detect"
  [record]="base detect record"
  [report]="base detect record report"
  [policy]="base detect record report policy"
  [store]="base detect record report policy store"
  [scan]="base walk read detect record report policy store scan"
  [inventory]="base detect record report policy store inventory"
  [serve]="base detect record report policy store inventory serve"
  [cli]="base walk read detect record report policy store scan inventory serve cli"
)
status=0
for module in "${!allowed[@]}"; do
  [ -d "$module" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    included=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")
    if [[ " ${allowed[$module]} " != *" $included "* ]]; then
      echo "layering: $file includes $included/ (allowed: ${allowed[$module]})"
      status=1
    fi
    if [[ "${line#*:}" == *'/internal/'* && "$included" != "$module" ]]; then
      echo "layering: $file includes another module's internal header"
      status=1
    fi
  done < <(grep -rE '^#include "[a-z_]+/' "$module" || true)
done
[ $status -eq 0 ] && echo "layering ok"
exit $status
