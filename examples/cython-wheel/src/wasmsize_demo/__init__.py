"""wasmsize example package: three Cython side modules that share helpers."""
