# man/: manual pages, in mdoc(7), one page per family of functions.
#
# The other names of a family (vmm_stop_vm(3) is in vmm_dispatch(3)) are
# installed as symbolic links to its page, listed below as page:name.  The
# hooks only name their work as prerequisites, so other fragments can add
# theirs the same way.
dist_man_MANS += \
	man/vmachmon32.1 \
	man/vmmon.1 \
	man/vmmrun.1 \
	man/vmachmon_mach.3 \
	man/vmm_disassemble.3 \
	man/vmm_dispatch.3 \
	man/vmm_load_elf32.3 \
	man/vmm_set_instruction_budget.3 \
	man/vmachmon.7

MAN3_LINKS = \
	vmm_dispatch.3:vmm_dispatch_v.3 \
	vmm_dispatch.3:vmm_get_version.3 \
	vmm_dispatch.3:vmm_get_features.3 \
	vmm_dispatch.3:vmm_init_context.3 \
	vmm_dispatch.3:vmm_stop_vm.3 \
	vmm_dispatch.3:vmm_selector_name.3 \
	vmm_dispatch.3:vmm_return_code_name.3 \
	vmm_dispatch.3:vmm_feature_name.3 \
	vmachmon_mach.3:mach_error.3 \
	vmachmon_mach.3:mach_error_string.3 \
	vmachmon_mach.3:mach_error_type.3 \
	vmachmon_mach.3:vm_allocate.3 \
	vmachmon_mach.3:vm_deallocate.3 \
	vmachmon_mach.3:mach_task_self.3 \
	vmachmon_mach.3:vm_page_size.3 \
	vmachmon_mach.3:mach_absolute_time.3 \
	vmachmon_mach.3:mach_timebase_info.3 \
	vmachmon_mach.3:sys_icache_invalidate.3 \
	vmm_set_instruction_budget.3:vmm_instruction_budget_left.3

install-data-hook: install-man-links
uninstall-hook: uninstall-man-links

install-man-links:
	@cd "$(DESTDIR)$(man3dir)" && \
	for link in $(MAN3_LINKS); do \
	  page=$${link%%:*}; name=$${link#*:}; \
	  echo " $(LN_S) $$page $(DESTDIR)$(man3dir)/$$name"; \
	  rm -f "$$name" && $(LN_S) "$$page" "$$name" || exit 1; \
	done

uninstall-man-links:
	@for link in $(MAN3_LINKS); do \
	  rm -f "$(DESTDIR)$(man3dir)/$${link#*:}"; \
	done

.PHONY: install-man-links uninstall-man-links

# Guest calls (issue 4): one page for the family.
dist_man_MANS += man/vmm_guest_calls.3
MAN3_LINKS += \
	vmm_guest_calls.3:vmm_guestcall_install.3 \
	vmm_guest_calls.3:vmm_guestcall_remove.3 \
	vmm_guest_calls.3:vmm_guestcall_exited.3 \
	vmm_guest_calls.3:vmm_guestcall_trace.3 \
	vmm_guest_calls.3:vmm_guestcall_name.3 \
	vmm_guest_calls.3:vmm_guest_index.3 \
	vmm_guest_calls.3:vmm_guest_refcon.3 \
	vmm_guest_calls.3:vmm_guest_copyin.3 \
	vmm_guest_calls.3:vmm_guest_copyout.3 \
	vmm_guest_calls.3:vmm_guest_exit.3
