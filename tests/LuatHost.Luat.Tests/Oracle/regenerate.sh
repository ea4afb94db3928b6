#!/bin/sh
# Regenerates the oracle's expected outputs with Debian's lua5.1 (apt-get install lua5.1).
set -e
cd "$(dirname "$0")"
lua5.1 regenerate.lua > expected.txt
echo "expected.txt: $(grep -c '^--## ' expected.txt) snippets"
