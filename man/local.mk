# man/: (filled in below)
dist_man_MANS += man/vmm_guest_calls.3
