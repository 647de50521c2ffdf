# man/: the manual pages (mdoc).
dist_man_MANS += man/vmmrun.1 man/vmmon.1
dist_man_MANS += man/vmm_guest_calls.3
