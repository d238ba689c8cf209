"""[harden]: the fault matrix, hostile input and the secrets scan (see tests/harden/MATRIX.md)."""
