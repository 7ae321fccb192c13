# cython: language_level=3, boundscheck=False, wraparound=False
"""Small vector arithmetic over Python lists of floats."""
from wasmsize_demo._common cimport clamp, checked_index


def dot(list a, list b):
    if len(a) != len(b):
        raise ValueError("vectors differ in length")
    cdef double total = 0
    cdef Py_ssize_t i
    for i in range(len(a)):
        total += <double>a[i] * <double>b[i]
    return total


def scale(list v, double factor, double lo=-1e300, double hi=1e300):
    return [clamp(<double>x * factor, lo, hi) for x in v]


def get(list v, Py_ssize_t i):
    return v[checked_index(i, len(v))]
