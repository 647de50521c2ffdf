# tests/: (filled in below)
