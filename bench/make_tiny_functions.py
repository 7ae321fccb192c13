#!/usr/bin/env python3
"""Writes a module of N tiny functions, for the resource contract
(docs/robustness.md): every function `i32.const K; drop; end`, a 6-byte code
entry plus one byte in the function section.

  bench/make_tiny_functions.py OUT.wasm N [--distinct]

Without --distinct every body is the same (one cluster of N copies); with it,
K is the function's index, so bodies differ in bytes (and in meaning).
71,000,000 functions make a 500 MB module.
"""
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def section(sid, payload_len, write_payload, f):
    f.write(bytes([sid]) + uleb(payload_len))
    write_payload(f)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    distinct = "--distinct" in sys.argv
    same = bytes([0x05, 0x00, 0x41, 0x00, 0x1A, 0x0B])

    def body(i):
        if not distinct:
            return same
        k = uleb(i & 0x3F) if i < 64 else bytes([0x80 | (i & 0x7F), (i >> 7) & 0x3F])
        code = bytes([0x00, 0x41]) + k + bytes([0x1A, 0x0B])
        return uleb(len(code)) + code

    chunk = 1 << 16
    with open(out, "wb") as f:
        f.write(b"\0asm\1\0\0\0")
        f.write(bytes([1]) + uleb(4) + bytes([1, 0x60, 0, 0]))  # one type: () -> ()
        count = uleb(n)
        f.write(bytes([3]) + uleb(len(count) + n) + count)
        for start in range(0, n, chunk):
            f.write(bytes(min(chunk, n - start)))
        code_len = len(count) + (sum(len(body(i)) for i in range(n)) if distinct else 6 * n)
        f.write(bytes([10]) + uleb(code_len) + count)
        for start in range(0, n, chunk):
            end = min(n, start + chunk)
            if distinct:
                f.write(b"".join(body(i) for i in range(start, end)))
            else:
                f.write(same * (end - start))


main()
