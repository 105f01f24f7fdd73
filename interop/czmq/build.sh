#!/bin/sh
# Builds the czmq interop peer: interop/czmq/build.sh OUTPUT_PATH
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 OUTPUT_PATH" >&2
    exit 2
fi
if ! pkg-config --exists libczmq 2>/dev/null; then
    echo "libczmq-dev is not installed (apt-get install libczmq-dev)" >&2
    exit 1
fi
here=$(dirname "$0")
mkdir -p "$(dirname "$1")"
# shellcheck disable=SC2046  # pkg-config output must split into words
cc -O2 -Wall -Wextra -o "$1" "$here/zdpeer.c" $(pkg-config --cflags --libs libczmq) -lz
