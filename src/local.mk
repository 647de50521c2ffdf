# src/: (filled in below)
