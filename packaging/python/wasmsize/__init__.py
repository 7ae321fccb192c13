"""wasmsize: a size linter for WebAssembly wheels and modules.

This package only carries the native `wasmsize` executable (installed as a
script, the way ruff and cmake ship theirs); `python -m wasmsize` runs it.
"""

from __future__ import annotations

import os
import sys
import sysconfig

__all__ = ["find_wasmsize_bin"]


def _candidates():
    exe = "wasmsize" + (sysconfig.get_config_var("EXE") or "")
    yield os.path.join(sysconfig.get_path("scripts"), exe)
    # `pip install --user`
    user_scheme = {"posix": "posix_user", "nt": "nt_user"}.get(os.name)
    if sys.version_info >= (3, 10):
        user_scheme = sysconfig.get_preferred_scheme("user")
    if user_scheme:
        yield os.path.join(sysconfig.get_path("scripts", scheme=user_scheme), exe)
    # `pip install --target DIR`: the scripts land in DIR/bin.
    yield os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin", exe)


def find_wasmsize_bin() -> str:
    """The path of the installed wasmsize executable."""
    for path in _candidates():
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("wasmsize: the executable is not where pip puts scripts; "
                            "reinstall with `pip install --force-reinstall wasmsize`")
