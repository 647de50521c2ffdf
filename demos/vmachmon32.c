/*
 * vmachmon32 - the virtual machine monitor demo of "Mac OS X Internals"
 * (chapter 6), on vmachmon.
 *
 * The program asks the facility for its version and features, allocates
 * three pages (state page, guest text, guest stack), creates a context,
 * maps the stack at guest 0x2000, writes a few guest instructions into the
 * text page and maps it at guest 0x1000 while launching the guest
 * (kVmmMapExecute).  The guest runs until an illegal instruction; the
 * program then prints the processor state from the state page.
 *
 *   demo 0: li r10,4; li r11,5; ba 0x1010; (skipped word);
 *           add r12,r10,r11; 0xfeedface (illegal)
 *   demo 1: a recursive factorial (gcc output), called with r3 = 10 and
 *           LR pointing at a zero word, so that its final blr lands on an
 *           illegal instruction.
 *
 * Like the original, it passes the exit code of kVmmMapExecute (7,
 * kVmmReturnProgramException) to mach_error(), which prints it as the
 * kern_return_t 7, "(os/kern) not receiver": the book's figures show that
 * line, so it stays.  Unlike the original, it checks the result it claims
 * (r12 = 9, or r3 = 10! = 0x375f00) and fails loudly if it is wrong.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmachmon/mach.h>
#include <vmachmon/vmachmon.h>

#define GUEST_TEXT 0x1000u  /* guest page 0 stays unmapped (__PAGEZERO) */
#define GUEST_STACK 0x2000u
#define C_RED_ZONE 224u     /* the PowerPC 32-bit ABI red zone */

typedef struct demo {
    const char *description;
    const char *fabricated; /* what the program says after writing the text */
    void (*fill_text)(uint32_t *text, vmm_regs32_t *regs);
    unsigned check_gpr;     /* the register whose value the demo claims */
    uint32_t check_value;
} demo_t;

/* ---- guest instructions, encoded with shifts ---------------------------- */

/* The text page is guest memory: big-endian words. */
static void put_word(uint32_t *text, unsigned index, uint32_t word)
{
    uint8_t *p = (uint8_t *)&text[index];
    p[0] = (uint8_t)(word >> 24);
    p[1] = (uint8_t)(word >> 16);
    p[2] = (uint8_t)(word >> 8);
    p[3] = (uint8_t)word;
}

static uint32_t get_word(const uint32_t *text, unsigned index)
{
    const uint8_t *p = (const uint8_t *)&text[index];
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* D-form: opcode, RT, RA, 16-bit immediate. */
static uint32_t form_d(unsigned op, unsigned rt, unsigned ra, uint16_t imm)
{
    return (uint32_t)op << 26 | (uint32_t)rt << 21 | (uint32_t)ra << 16 | imm;
}

/* XO-form: opcode 31, RT, RA, RB, OE, extended opcode, Rc. */
static uint32_t form_xo(unsigned rt, unsigned ra, unsigned rb, unsigned xo)
{
    return (uint32_t)31 << 26 | (uint32_t)rt << 21 | (uint32_t)ra << 16 |
           (uint32_t)rb << 11 | (uint32_t)xo << 1;
}

/* I-form branch: opcode 18, target, AA, LK. */
static uint32_t form_i(uint32_t target, unsigned aa, unsigned lk)
{
    return (uint32_t)18 << 26 | (target & 0x03FFFFFCu) | (uint32_t)aa << 1 | lk;
}

/* Demo 0: a few hand-made instructions ending in an illegal one. */
static void fill_dummy(uint32_t *text, vmm_regs32_t *regs)
{
    (void)regs;
    put_word(text, 0, form_d(14, 10, 0, 4));             /* addi r10,0,4 */
    put_word(text, 1, form_d(14, 11, 0, 5));             /* addi r11,0,5 */
    put_word(text, 2, form_i(GUEST_TEXT + 16, 1, 0));    /* ba 0x1010 */
    put_word(text, 3, 0xdeadbeef);                       /* skipped */
    put_word(text, 4, form_xo(12, 10, 11, 266));         /* add r12,r10,r11 */
    put_word(text, 5, 0xfeedface);                       /* illegal */
}

/* Demo 1: factorial(n) = n <= 0 ? 1 : n * factorial(n - 1), as gcc made it. */
static void fill_factorial(uint32_t *text, vmm_regs32_t *regs)
{
    static const uint32_t factorial[] = {
        0x7c0802a6, /* mflr r0 */
        0xbfc1fff8, /* stmw r30,-8(r1) */
        0x90010008, /* stw r0,8(r1) */
        0x9421ffa0, /* stwu r1,-96(r1) */
        0x7c3e0b78, /* mr r30,r1 */
        0x907e0078, /* stw r3,120(r30) */
        0x801e0078, /* lwz r0,120(r30) */
        0x2f800000, /* cmpwi cr7,r0,0 */
        0x419d0010, /* bgt cr7,+16 */
        0x38000001, /* li r0,1 */
        0x901e0040, /* stw r0,64(r30) */
        0x48000024, /* b +36 */
        0x805e0078, /* lwz r2,120(r30) */
        0x3802ffff, /* addi r0,r2,-1 */
        0x7c030378, /* mr r3,r0 */
        0x4bffffc5, /* bl factorial */
        0x7c621b78, /* mr r2,r3 */
        0x801e0078, /* lwz r0,120(r30) */
        0x7c0201d6, /* mullw r0,r2,r0 */
        0x901e0040, /* stw r0,64(r30) */
        0x807e0040, /* lwz r3,64(r30) */
        0x80210000, /* lwz r1,0(r1) */
        0x80010008, /* lwz r0,8(r1) */
        0x7c0803a6, /* mtlr r0 */
        0xbbc1fff8, /* lmw r30,-8(r1) */
        0x4e800020, /* blr */
    };
    for (unsigned i = 0; i < sizeof factorial / sizeof factorial[0]; i++)
        put_word(text, i, factorial[i]);
    regs->ppcGPRs[3] = 10;                                  /* factorial(10) */
    regs->ppcLR = GUEST_TEXT + (uint32_t)vm_page_size - 4;  /* a zero word */
}

static const demo_t demos[] = {
    {"executes a few hand-crafted instructions in a VM",
     "Fabricated instructions for executing in the guest virtual machine",
     fill_dummy, 12, 9},
    {"executes a recursive factorial function in a VM",
     "Injected factorial instructions for executing in the guest virtual machine",
     fill_factorial, 3, 3628800},
};
#define NDEMOS (sizeof demos / sizeof demos[0])

/* ---- output ---------------------------------------------------------------- */

/* The book's usage text, on stderr with status 1 for a bad command line,
 * on stdout with status 0 when asked for with --help (our addition). */
static void usage(const char *prog, FILE *out, int status)
{
    fprintf(out, "usage: %s <demo ID>\nSupported demos:\n  ID\tDescription\n", prog);
    for (unsigned i = 0; i < NDEMOS; i++)
        fprintf(out, "  %u\t%s\n", i, demos[i].description);
    exit(status);
}

/* mach_error() writes to stderr: keep the order of a shared pipe. */
static void report(const char *label, kern_return_t kr)
{
    fflush(stdout);
    mach_error(label, kr);
}

static void print_bits(uint32_t value)
{
    char line[40], *p = line;
    for (int bit = 31; bit >= 0; bit--) {
        *p++ = (char)('0' + ((value >> bit) & 1));
        if (bit == 16)
            *p++ = ' ';
    }
    *p = '\0';
    printf("                         %s\n", line);
}

static void print_features(vmm_features_t features)
{
    static const struct { vmm_features_t bit; const char *name; } names[] = {
        {kVmmFeature_LittleEndian, "LittleEndian"},
        {kVmmFeature_Stop, "Stop"},
        {kVmmFeature_ExtendedMapping, "ExtendedMapping"},
        {kVmmFeature_ListMapping, "ListMapping"},
        {kVmmFeature_FastAssist, "FastAssist"},
        {kVmmFeature_XA, "XA"},
        {kVmmFeature_SixtyFourBit, "SixtyFourBit"},
        {kVmmFeature_MultAddrSpace, "MultAddrSpace"},
        {kVmmFeature_GuestShadowAssist, "GuestShadowAssist"},
        {kVmmFeature_GlobalMappingAssist, "GlobalMappingAssist"},
        {kVmmFeature_HostShadowAssist, "HostShadowAssist"},
        {kVmmFeature_MultAddrSpaceAssist, "MultAddrSpaceAssist"},
    };
    printf("Vmm> Vmm features:\n");
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        printf("  %-20s = %s\n", names[i].name, (features & names[i].bit) ? "Yes" : "No");
}

/* The word at the guest PC, read through the guest's own mapping. */
static uint32_t word_at_pc(uint32_t index, uint32_t pc)
{
    uint64_t host = vmm_dispatch(kVmmGetPageMapping, index, pc & ~0xFFFu);
    if (host == UINT64_MAX)
        return 0;
    const uint32_t *page = (const uint32_t *)(uintptr_t)host;
    return get_word(page, (pc & 0xFFFu) >> 2);
}

static void print_state(uint32_t index, const vmm_state_page_t *state)
{
    const vmm_regs32_t *r = &state->vmm_proc_state.ppcRegs.ppcRegs32;
    const uint32_t *params = state->vmmRet.vmmrp32.return_params;

    printf("Vmm> Processor state:\n");
    printf("  %-20s = %u instructions\n", "Distance from origin", (r->ppcPC - GUEST_TEXT) >> 2);
    printf("  %-20s = 0x%08x (%u)\n", "PC", r->ppcPC, r->ppcPC);
    printf("  %-20s = 0x%08x\n", "Instruction at PC", word_at_pc(index, r->ppcPC));
    printf("  %-20s = 0x%08x\n", "CR", r->ppcCR);
    print_bits(r->ppcCR);
    printf("  %-20s = 0x%08x (%u)\n", "LR", r->ppcLR, r->ppcLR);
    printf("  %-20s = 0x%08x\n", "MSR", r->ppcMSR);
    print_bits(r->ppcMSR);
    printf("  %-20s = 0x%08x (%u)\n", "return_code", state->return_code, state->return_code);
    for (int i = 0; i < 4; i++) {
        char label[24];
        snprintf(label, sizeof label, "return_params32[%d]", i);
        printf("  %-20s = 0x%08x (%u)\n", label, params[i], params[i]);
    }
    printf("  GPRs:\n");
    for (int j = 0; j < 16; j++)
        printf("  r%-2d = 0x%08x r%-2d = 0x%08x\n", 2 * j, r->ppcGPRs[2 * j], 2 * j + 1,
               r->ppcGPRs[2 * j + 1]);
}

/* ---- the program ------------------------------------------------------------ */

/* The demo number, or -1.  The original read it with atoi(), which takes
 * "x" for demo 0 and "1x" for demo 1; a learner who mistypes should see
 * the usage instead, so only a whole number in range is taken. */
static int parse_demo(const char *arg)
{
    char *end;
    long id = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || id < 0 || id >= (long)NDEMOS)
        return -1;
    return (int)id;
}

int main(int argc, char **argv)
{
    vm_address_t state_page = 0, text_page = 0, stack_page = 0;
    kern_return_t kr = KERN_SUCCESS;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        usage("vmachmon32", stdout, 0);
    int id = argc == 2 ? parse_demo(argv[1]) : -1;
    if (id < 0)
        usage("vmachmon32", stderr, 1);
    const demo_t *demo = &demos[id];

    vmm_version_t version = (vmm_version_t)vmm_dispatch(kVmmGetVersion);
    printf("Vmm> Mac OS X virtual machine monitor (version %u.%u)\n", version >> 16,
           version & 0xFFFF);
    print_features((vmm_features_t)vmm_dispatch(kVmmvGetFeatures));
    printf("Vmm> Page size is %lu bytes\n", (unsigned long)vm_page_size);

    static const char *const what[] = {"virtual machine user state", "guest's text",
                                       "guest's stack"};
    vm_address_t *pages[] = {&state_page, &text_page, &stack_page};
    for (int i = 0; i < 3; i++) {
        kr = vm_allocate(mach_task_self(), pages[i], vm_page_size, VM_FLAGS_ANYWHERE);
        if (kr != KERN_SUCCESS) {
            report("*** vm_allocate:", kr);
            goto out;
        }
        printf("Vmm> Allocated page-aligned memory for %s\n", what[i]);
    }

    vmm_state_page_t *state = (vmm_state_page_t *)state_page;
    kr = (kern_return_t)vmm_dispatch(kVmmInitContext, version, state);
    if (kr != KERN_SUCCESS) {
        report("*** vmm_init_context:", kr);
        goto out;
    }
    uint32_t index = state->thread_index;
    printf("Vmm> New virtual machine context initialized, index = %u\n", index);

    vmm_regs32_t *regs = &state->vmm_proc_state.ppcRegs.ppcRegs32;
    regs->ppcPC = GUEST_TEXT;
    regs->ppcGPRs[1] = GUEST_STACK + (uint32_t)vm_page_size - C_RED_ZONE;
    printf("Vmm> Guest virtual machine PC set to 0x%08x\n", regs->ppcPC);
    printf("Vmm> Guest virtual machine SP set to 0x%08x\n", regs->ppcGPRs[1]);

    kr = (kern_return_t)vmm_dispatch(kVmmMapPage, index, stack_page, GUEST_STACK, VM_PROT_ALL);
    printf("Vmm> Mapping guest stack page\n");
    if (kr != KERN_SUCCESS) {
        report("*** vmm_map_page:", kr);
        goto out;
    }

    demo->fill_text((uint32_t *)text_page, regs);
    printf("Vmm> %s\n", demo->fabricated);

    printf("Vmm> Mapping guest text page and switching to guest virtual machine\n");
    kr = (kern_return_t)vmm_dispatch(kVmmMapExecute, index, text_page, GUEST_TEXT, VM_PROT_ALL);
    if (kr != KERN_SUCCESS)
        report("*** vmm_map_execute32", kr); /* the exit code, read as a kern_return_t */
    printf("Vmm> Returned to vmm\n");
    print_state(index, state);
    uint32_t claimed = regs->ppcGPRs[demo->check_gpr];

    kr = (kern_return_t)vmm_dispatch(kVmmTearDownContext, index);
    if (kr != KERN_SUCCESS) {
        report("*** vmm_init_context:", kr); /* sic: the original's label */
        goto out;
    }
    printf("Vmm> Virtual machine context torn down\n");

    if (claimed != demo->check_value) {
        fflush(stdout);
        fprintf(stderr, "vmachmon32: r%u = 0x%08x, expected 0x%08x\n", demo->check_gpr, claimed,
                demo->check_value);
        kr = KERN_FAILURE;
    }
out:
    if (state_page)
        vm_deallocate(mach_task_self(), state_page, vm_page_size);
    if (text_page)
        vm_deallocate(mach_task_self(), text_page, vm_page_size);
    if (stack_page)
        vm_deallocate(mach_task_self(), stack_page, vm_page_size);
    return kr;
}
