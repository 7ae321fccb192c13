"""`python -m wasmsize ARGS...` runs the native wasmsize with ARGS."""

import os
import sys

from wasmsize import find_wasmsize_bin


def main() -> None:
    exe = find_wasmsize_bin()
    if sys.platform == "win32":  # no exec there; pass the status through
        import subprocess

        sys.exit(subprocess.call([exe, *sys.argv[1:]]))
    os.execv(exe, [exe, *sys.argv[1:]])


if __name__ == "__main__":
    main()
