# Helpers every module of the package cimports. Cython compiles a private copy
# of each into every extension module: wasm side modules cannot share them,
# which is the duplication `wasmsize dups` is built to find.

cdef inline double clamp(double x, double lo, double hi) nogil:
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x

cdef inline Py_ssize_t checked_index(Py_ssize_t i, Py_ssize_t n) except -1:
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise IndexError(f"index {i} out of range for length {n}")
    return i

cdef inline unsigned int fnv1a(const unsigned char* data, Py_ssize_t n) nogil:
    cdef unsigned int h = 2166136261u
    cdef Py_ssize_t k
    for k in range(n):
        h = (h ^ data[k]) * 16777619u
    return h
