/*
 * vmachmon/control.c - vmachmon's own controls: instruction budgets, and
 * the public face of the disassembler.
 */
#include "config.h"

#include <vmachmon/control.h>
#include <vmachmon/disasm.h>

#include "ppc/disasm.h"
#include "vmachmon/facility.h"

VMM_API kern_return_t vmm_set_instruction_budget(vmm_thread_index_t index, uint64_t n)
{
    vmm_context_t *c = task_context(task_for_caller(false), index);
    if (!c)
        return KERN_FAILURE;
    ppc_cpu_set_budget(c->cpu, n);
    return KERN_SUCCESS;
}

VMM_API uint64_t vmm_instruction_budget_left(vmm_thread_index_t index)
{
    vmm_context_t *c = task_context(task_for_caller(false), index);
    return c ? ppc_cpu_budget_left(c->cpu) : 0;
}

VMM_API int vmm_disassemble(uint32_t word, uint32_t address, char *buf, size_t size)
{
    return ppc_disasm(word, address, buf, size);
}
