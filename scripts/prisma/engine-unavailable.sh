#!/bin/sh
# Stands in for a native Prisma engine that cannot be downloaded offline; the commands used never run it.
echo "native Prisma engine not available offline" >&2
exit 1
