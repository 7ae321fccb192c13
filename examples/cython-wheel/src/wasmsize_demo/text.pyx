# cython: language_level=3
"""Hashing and slicing of byte strings."""
from wasmsize_demo._common cimport checked_index, fnv1a


def fingerprint(bytes data):
    return fnv1a(data, len(data))


def char_at(str s, Py_ssize_t i):
    return s[checked_index(i, len(s))]


def words(str s, str sep=" "):
    return [w for w in s.split(sep) if w]
