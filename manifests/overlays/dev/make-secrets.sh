#!/bin/sh
# Writes the dev overlay's two secret files next to this script, once: a master
# key (32 random bytes, hex) and a database password. Existing files are kept,
# since a new master key cannot open the keys the database already holds.
set -eu
cd "$(dirname "$0")"
umask 077
if [ ! -s master.key ]; then
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > master.key
  echo "wrote $(pwd)/master.key: back it up, no stored key opens without it"
fi
if [ ! -s postgres-password ]; then
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > postgres-password
  echo "wrote $(pwd)/postgres-password"
fi
