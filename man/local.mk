# man/: (filled in below)
