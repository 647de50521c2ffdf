# man/: the tools' manual pages (mdoc).
dist_man_MANS += man/vmmrun.1 man/vmmon.1
