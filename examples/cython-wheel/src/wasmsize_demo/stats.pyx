# cython: language_level=3, boundscheck=False, wraparound=False
"""Running statistics, clamped into a range."""
from libc.math cimport sqrt
from wasmsize_demo._common cimport clamp, checked_index


cdef class Running:
    cdef double n, mean, m2

    def push(self, double x):
        self.n += 1
        cdef double delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)

    @property
    def stddev(self):
        return sqrt(self.m2 / (self.n - 1)) if self.n > 1 else 0.0


def clamped_mean(list values, double lo, double hi):
    if not values:
        raise ValueError("no values")
    cdef double total = 0
    for x in values:
        total += clamp(<double>x, lo, hi)
    return total / len(values)


def nth(list values, Py_ssize_t i):
    return values[checked_index(i, len(values))]
