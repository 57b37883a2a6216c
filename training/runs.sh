#!/usr/bin/env bash
# The connected models' robustness runs, trained from scratch (not from a bundle) into runs/:
#   loso:  six runs, each without one FSDD speaker (and their pitch twins), scored on that speaker's
#          recordings and strings (held_out_speaker_*): the new-voice proxy of issue 23;
#   seeds: three runs of the recipe with seeds 1, 2 and 3: the spread of every metric.
# Each run resumes from its checkpoint and is skipped once its bundles have `steps` steps, so this
# can be stopped and run again in a later session. Prints the table of run_report at the end.
#
#   cd training && nohup ./runs.sh loso [steps=5600] > runs-loso.log 2>&1 &
set -euo pipefail
cd "$(dirname "$0")"
# glibc keeps the memory it frees: without it each step's arrays page-fault in afresh (README)
export MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456
kind="${1:?loso or seeds}"
steps="${2:-5600}"
case "$kind" in
  loso) runs="george jackson lucas nicolas theo yweweler" ;;
  seeds) runs="1 2 3" ;;
  *) echo "unknown kind $kind: loso or seeds" >&2; exit 2 ;;
esac
bundles=()
for run in $runs; do
  dir="runs/$kind-$run"
  bundles+=("$dir/digits-ctc")
  if [[ -f "$dir/digits-ctc/zora.json" ]] && /usr/bin/python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["training"]["steps"] != int(sys.argv[2]))' "$dir/digits-ctc/zora.json" "$steps"; then
    continue
  fi
  if [[ "$kind" == loso ]]; then what=(--hold-out-speaker "$run"); else what=(--seed "$run"); fi
  /usr/bin/python3 -m zora_recipe.train_transformer "${what[@]}" --steps "$steps" --run "$dir" \
    --out "$dir/digits-transformer" --ctc-out "$dir/digits-ctc"
done
/usr/bin/python3 -m zora_recipe.run_report "${bundles[@]}"
/usr/bin/python3 -m zora_recipe.run_report "${bundles[@]/digits-ctc/digits-transformer}"
