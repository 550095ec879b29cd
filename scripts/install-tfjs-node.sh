#!/usr/bin/env bash
# Opt-in native back end without TensorFlow's CDN: installs @tensorflow/tfjs-node 4.22.0 (without
# saving it to package.json) and builds its binding with node-gyp against the libtensorflow shared
# library shipped inside TensorFlow's own PyPI wheel. See docs/native-backend.md for what works.
#
#   scripts/install-tfjs-node.sh [--project DIR] [--tf-version 2.21.0] [--work DIR] [--no-strip]
#
# --project  the Node project to install into (default: this repository)
# --work     where the wheel is downloaded and unpacked (default: <project>/.cache/tfjs-node, git-ignored)
# Needs: python3 with pip (PyPI reachable), npm (registry reachable), g++, make.
set -euo pipefail

TF_VERSION=2.21.0
TFJS_NODE_VERSION=4.22.0
PROJECT="$(cd "$(dirname "$0")/.." && pwd)"
WORK=""
STRIP=1
while [ $# -gt 0 ]; do
  case "$1" in
    --project) PROJECT="$(cd "$2" && pwd)"; shift 2 ;;
    --tf-version) TF_VERSION="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --no-strip) STRIP=0; shift ;;
    *) echo "install-tfjs-node: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
WORK="${WORK:-$PROJECT/.cache/tfjs-node}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
for tool in python3 npm g++ make; do
  command -v "$tool" >/dev/null || { echo "install-tfjs-node: '$tool' is required (apt-get install python3-pip g++ make)" >&2; exit 1; }
done

echo "1/5 TensorFlow $TF_VERSION CPU wheel from PyPI (~274 MB) -> $WORK/wheel"
python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$WORK/wheel" "tensorflow-cpu==$TF_VERSION"
WHEEL="$(ls "$WORK"/wheel/tensorflow_cpu-"$TF_VERSION"-*.whl | head -n1)"

echo "2/5 unpacking libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C headers"
rm -rf "$WORK/stage"
python3 - "$WHEEL" "$WORK/stage" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
keep = ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2')
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name in keep or name.startswith('tensorflow/include/'):
            z.extract(name, out)
PY

echo "3/5 npm install --no-save --ignore-scripts @tensorflow/tfjs-node@$TFJS_NODE_VERSION in $PROJECT"
(cd "$PROJECT" && npm install --no-save --ignore-scripts --no-audit --no-fund "@tensorflow/tfjs-node@$TFJS_NODE_VERSION")

echo "4/5 staging deps/ (the install script skips its CDN download when deps/lib/libtensorflow.so.2.9.1 exists)"
DEPS="$PROJECT/node_modules/@tensorflow/tfjs-node/deps"
rm -rf "$DEPS" && mkdir -p "$DEPS/lib"
cp "$WORK/stage/tensorflow/libtensorflow_cc.so.2" "$WORK/stage/tensorflow/libtensorflow_framework.so.2" "$DEPS/lib/"
cp -r "$WORK/stage/tensorflow/include" "$DEPS/include"
if [ "$STRIP" = 1 ] && command -v strip >/dev/null; then strip --strip-unneeded "$DEPS"/lib/*.so.2 || true; fi
# the binding links -ltensorflow and the package checks for the 2.9.1 names; the real file keeps
# its own name because the built addon records that SONAME
(cd "$DEPS/lib" &&
  for n in libtensorflow.so libtensorflow.so.2 libtensorflow.so.2.9.1; do ln -sf libtensorflow_cc.so.2 "$n"; done &&
  for n in libtensorflow_framework.so libtensorflow_framework.so.2.9.1; do ln -sf libtensorflow_framework.so.2 "$n"; done)

echo "5/5 npm rebuild @tensorflow/tfjs-node (node-gyp builds the binding from the package's sources)"
(cd "$PROJECT" && npm rebuild @tensorflow/tfjs-node)

echo "check: conv2d and its filter gradient on the native back end"
(cd "$PROJECT" && TF_CPP_MIN_LOG_LEVEL=3 node --input-type=module -e "
import * as tf from '@tensorflow/tfjs-node';
const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
const y = Array.from(tf.conv2d(x, tf.ones([2, 2, 1, 1]), 1, 'valid').dataSync());
const g = Array.from(tf.grad((w) => tf.sum(tf.conv2d(x, w, 1, 'valid')))(tf.ones([2, 2, 1, 1])).dataSync());
const ok = tf.getBackend() === 'tensorflow' && [y, g].every((v) => v.join() === '12,16,24,28');
console.log(ok ? 'tfjs-node works: backend ' + tf.getBackend() + ', tfjs ' + tf.version.tfjs : 'tfjs-node check FAILED: ' + y + ' / ' + g);
process.exit(ok ? 0 : 1);
")
echo "done: 'backend: auto' now picks tfjs-node (set TF_CPP_MIN_LOG_LEVEL=3 to silence TensorFlow's start-up lines)"
