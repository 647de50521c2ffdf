/*
 * tests/test_abi.c - the ABI a client compiles against: every layout of the
 * reference's section 4 as a user sees it (offsetof and sizeof on the
 * public types, absolute offsets in the state page), the values of the
 * constants, the name functions, and the vmm_dispatch macro (arity, argument
 * widening, results, bogus selectors).
 *
 * The header checks its layouts with _Static_assert too; these tests state
 * the reference's numbers independently of it, so a change to both the
 * header and its assertions still fails here.
 *
 * The program is linked with -Wl,--wrap=vmm_dispatch_v: every call the
 * vmm_dispatch macro makes is recorded in dispatch_seen (recorder.h)
 * before it reaches the library.
 */
#include <CUnit/CUnit.h>
#include <string.h>

#include "tests/guest.h"
#include "tests/harness.h"
#include "tests/recorder.h"
#include "vmachmon/dispatch.h"

#define AT(type, field, off) CU_ASSERT_EQUAL(offsetof(type, field), (size_t)(off))
#define SIZE(type, size) CU_ASSERT_EQUAL(sizeof(type), (size_t)(size))
#define SP vmm_state_page_t
#define R32 vmm_proc_state.ppcRegs.ppcRegs32
#define R64 vmm_proc_state.ppcRegs.ppcRegs64

/* ---- 4.1-4.3 register sets ---- */

static void regs32_layout(void)
{
    AT(vmm_regs32_t, ppcPC, 0x000);
    AT(vmm_regs32_t, ppcMSR, 0x004);
    AT(vmm_regs32_t, ppcGPRs, 0x008);
    AT(vmm_regs32_t, ppcGPRs[31], 0x084);
    AT(vmm_regs32_t, ppcCR, 0x088);
    AT(vmm_regs32_t, ppcXER, 0x08C);
    AT(vmm_regs32_t, ppcLR, 0x090);
    AT(vmm_regs32_t, ppcCTR, 0x094);
    AT(vmm_regs32_t, ppcMQ, 0x098);
    AT(vmm_regs32_t, ppcVRSave, 0x09C);
    AT(vmm_regs32_t, ppcRsrvd0A0, 0x0A0);
    SIZE(((vmm_regs32_t *)0)->ppcGPRs[0], 4);
    SIZE(vmm_regs32_t, 0x140);
}

static void regs64_layout(void)
{
    AT(vmm_regs64_t, ppcPC, 0x000);
    AT(vmm_regs64_t, ppcMSR, 0x008);
    AT(vmm_regs64_t, ppcGPRs, 0x010);
    AT(vmm_regs64_t, ppcGPRs[31], 0x108);
    AT(vmm_regs64_t, ppcXER, 0x110);
    AT(vmm_regs64_t, ppcLR, 0x118);
    AT(vmm_regs64_t, ppcCTR, 0x120);
    AT(vmm_regs64_t, ppcCR, 0x128);
    AT(vmm_regs64_t, ppcVRSave, 0x12C);
    AT(vmm_regs64_t, ppcRsvd130, 0x130);
    SIZE(((vmm_regs64_t *)0)->ppcGPRs[0], 8);
    SIZE(((vmm_regs64_t *)0)->ppcCR, 4);
    SIZE(vmm_regs64_t, 0x140);
    SIZE(vmm_regs_t, 0x140);
    AT(vmm_regs_t, ppcRegs32, 0);
    AT(vmm_regs_t, ppcRegs64, 0);
}

static void register_unions(void)
{
    SIZE(vmm_vector_register_t, 16);
    SIZE(((vmm_vector_register_t *)0)->i, 16);
    SIZE(((vmm_vector_register_t *)0)->s, 16);
    SIZE(((vmm_vector_register_t *)0)->b, 16);
    SIZE(vmm_fp_register_t, 8);
    SIZE(((vmm_fp_register_t *)0)->d, 8);
    SIZE(((vmm_fp_register_t *)0)->i, 8);
    SIZE(((vmm_fp_register_t *)0)->s, 8);
    SIZE(((vmm_fp_register_t *)0)->b, 8);
}

/* ---- 4.4-4.6 ---- */

static void processor_state_layout(void)
{
    AT(vmm_processor_state_t, ppcRegs, 0x000);
    AT(vmm_processor_state_t, ppcVRs, 0x140);
    AT(vmm_processor_state_t, ppcVSCR, 0x340);
    AT(vmm_processor_state_t, ppcFPRs, 0x350);
    AT(vmm_processor_state_t, ppcFPSCR, 0x450);
    AT(vmm_processor_state_t, ppcReserved2, 0x458);
    SIZE(vmm_processor_state_t, 0x460);
}

static void return_params_layout(void)
{
    SIZE(vmm_ret_parms_t, 44);
    SIZE(vmm_ret_parms64_t, 32);
    SIZE(vmm_ret_parms32_t, 16);
    SIZE(((vmm_ret_parms_t *)0)->retgas, 44);
    AT(vmm_ret_parms_t, vmmrp64.return_params[1], 8);
    AT(vmm_ret_parms_t, vmmrp32.return_params[1], 4);
}

static void fastassist_layout(void)
{
    AT(vmm_fastassist_state32_t, fastassist_dispatch, 0x00);
    AT(vmm_fastassist_state32_t, fastassist_refcon, 0x04);
    AT(vmm_fastassist_state32_t, fastassist_dispatch_code, 0x08);
    AT(vmm_fastassist_state32_t, fastassist_parameter, 0x0C);
    AT(vmm_fastassist_state32_t, guest_register, 0x20);
    AT(vmm_fastassist_state32_t, guest_pc, 0x40);
    AT(vmm_fastassist_state32_t, guest_msr, 0x44);
    AT(vmm_fastassist_state32_t, fastassist_intercepts, 0x48);
    AT(vmm_fastassist_state32_t, fastassist_reserved1, 0x4C);
    AT(vmm_fastassist_state64_t, fastassist_dispatch, 0x00);
    AT(vmm_fastassist_state64_t, fastassist_refcon, 0x08);
    AT(vmm_fastassist_state64_t, fastassist_dispatch_code, 0x10);
    AT(vmm_fastassist_state64_t, fastassist_parameter, 0x18);
    AT(vmm_fastassist_state64_t, guest_register, 0x40);
    AT(vmm_fastassist_state64_t, guest_pc, 0x80);
    AT(vmm_fastassist_state64_t, guest_msr, 0x88);
    AT(vmm_fastassist_state64_t, fastassist_intercepts, 0x90);
    AT(vmm_fastassist_state64_t, fastassist_reserved1, 0x94);
    SIZE(vmm_fastassist_state_t, 152);
}

/* ---- 4.7 the state page, absolute offsets ---- */

static void state_page_header(void)
{
    AT(SP, interface_version, 0x000);
    AT(SP, thread_index, 0x004);
    AT(SP, vmmStat, 0x008);
    AT(SP, vmmCntrl, 0x00C);
    AT(SP, return_code, 0x010);
    AT(SP, vmmRet, 0x014);
    AT(SP, vmmRet.vmmrp32.return_params[0], 0x014);
    AT(SP, vmmRet.vmmrp32.return_params[1], 0x018);
    AT(SP, vmmRet.vmmrp32.return_params[2], 0x01C);
    AT(SP, vmmRet.vmmrp32.return_params[3], 0x020);
    AT(SP, vmmRet.vmmrp64.return_params[0], 0x014);
    AT(SP, vmmRet.vmmrp64.return_params[1], 0x01C);
    AT(SP, vmmRet.vmmrp64.return_params[2], 0x024);
    AT(SP, vmmRet.vmmrp64.return_params[3], 0x02C);
    AT(SP, vmm_proc_state, 0x040);
    CU_ASSERT_EQUAL(offsetof(SP, vmm_proc_state) % 32, 0);
    AT(SP, vmm_fastassist_state, 0x4A0);
    SIZE(SP, 0x538);
}

static void state_page_regs32(void)
{
    AT(SP, R32.ppcPC, 0x040);
    AT(SP, R32.ppcMSR, 0x044);
    AT(SP, R32.ppcGPRs[0], 0x048);
    AT(SP, R32.ppcGPRs[1], 0x04C);
    AT(SP, R32.ppcGPRs[3], 0x054);
    AT(SP, R32.ppcGPRs[31], 0x0C4);
    AT(SP, R32.ppcCR, 0x0C8);
    AT(SP, R32.ppcXER, 0x0CC);
    AT(SP, R32.ppcLR, 0x0D0);
    AT(SP, R32.ppcCTR, 0x0D4);
    AT(SP, R32.ppcMQ, 0x0D8);
    AT(SP, R32.ppcVRSave, 0x0DC);
}

static void state_page_regs64(void)
{
    AT(SP, R64.ppcPC, 0x040);
    AT(SP, R64.ppcMSR, 0x048);
    AT(SP, R64.ppcGPRs[0], 0x050);
    AT(SP, R64.ppcGPRs[1], 0x058);
    AT(SP, R64.ppcGPRs[31], 0x148);
    AT(SP, R64.ppcXER, 0x150);
    AT(SP, R64.ppcLR, 0x158);
    AT(SP, R64.ppcCTR, 0x160);
    AT(SP, R64.ppcCR, 0x168);
    AT(SP, R64.ppcVRSave, 0x16C);
}

static void state_page_fp_and_vector(void)
{
    AT(SP, vmm_proc_state.ppcVRs[0], 0x180);
    AT(SP, vmm_proc_state.ppcVRs[1], 0x190);
    AT(SP, vmm_proc_state.ppcVRs[31], 0x370);
    AT(SP, vmm_proc_state.ppcVSCR, 0x380);
    AT(SP, vmm_proc_state.ppcVSCR.i[3], 0x38C);
    AT(SP, vmm_proc_state.ppcFPRs[0], 0x390);
    AT(SP, vmm_proc_state.ppcFPRs[1], 0x398);
    AT(SP, vmm_proc_state.ppcFPRs[31], 0x488);
    AT(SP, vmm_proc_state.ppcFPSCR, 0x490);
    AT(SP, vmm_proc_state.ppcFPSCR.i[0], 0x490); /* pad */
    AT(SP, vmm_proc_state.ppcFPSCR.i[1], 0x494); /* FPSCR */
    AT(SP, vmm_proc_state.ppcReserved2, 0x498);
}

static void state_page_fastassist(void)
{
    AT(SP, vmm_fastassist_state.vmmfs32.fastassist_dispatch, 0x4A0);
    AT(SP, vmm_fastassist_state.vmmfs32.guest_register, 0x4C0);
    AT(SP, vmm_fastassist_state.vmmfs32.fastassist_intercepts, 0x4E8);
    AT(SP, vmm_fastassist_state.vmmfs64.fastassist_reserved1, 0x534);
    CU_ASSERT_EQUAL(offsetof(SP, vmm_fastassist_state) + sizeof(vmm_fastassist_state_t) - 1,
                    0x537);
}

/* ---- 4.8 the communication page and the list entries ---- */

static void comm_page_layout(void)
{
    vmm_comm_page_t *cp = NULL;
    AT(vmm_comm_page_t, vmcpfirst, 0x000);
    AT(vmm_comm_page_t, vmcpfirst.vmcpState, 0x000);
    AT(vmm_comm_page_t, vmcpfirst.vmcpState.return_code, 0x010);
    SIZE(cp->vmcpfirst, 0xC00);
    SIZE(cp->vmcpfirst.vmcpPad, 768 * 4);
    AT(vmm_comm_page_t, vmcpComm, 0xC00);
    SIZE(cp->vmcpComm, 1024);
    SIZE(cp->vmcpComm[0], 4);
    SIZE(vmm_comm_page_t, 0x1000);
}

static void list_entry_layouts(void)
{
    AT(vmmMList, vmlva, 0);
    AT(vmmMList, vmlava, 4);
    SIZE(vmmMList, 8);
    AT(vmmMList64, vmlva, 0);
    AT(vmmMList64, vmlava, 8);
    SIZE(vmmMList64, 16);
    AT(vmmUMList, vmlava, 0);
    SIZE(vmmUMList, 4);
    AT(vmmUMList64, vmlava, 0);
    SIZE(vmmUMList64, 8);
}

static void largest_lists_fit_the_comm_area(void)
{
    vmm_comm_page_t *cp = NULL;
    CU_ASSERT_EQUAL(kVmmMaxMapPages * sizeof(vmmMList), 512);
    CU_ASSERT_EQUAL(kVmmMaxMapPages * sizeof(vmmMList64), 1024);
    CU_ASSERT_EQUAL(kVmmMaxUnmapPages * sizeof(vmmUMList), 256);
    CU_ASSERT_EQUAL(kVmmMaxUnmapPages * sizeof(vmmUMList64), 512);
    CU_ASSERT(kVmmMaxMapPages * sizeof(vmmMList64) <= sizeof cp->vmcpComm);
}

static void scalar_types(void)
{
    SIZE(vmm_version_t, 4);
    SIZE(vmm_features_t, 4);
    SIZE(vmm_thread_index_t, 4);
    SIZE(vmm_adsp_id_t, 4);
    SIZE(vmm_return_code_t, 4);
    SIZE(kern_return_t, 4);
    SIZE(vm_prot_t, 4);
    SIZE(vm_address_t, sizeof(void *));
    SIZE(vm_size_t, sizeof(void *));
}

/* ---- constants ---- */

typedef struct named {
    uint32_t value;    /* the constant as compiled */
    uint32_t expected; /* the reference's number */
    const char *name;
} named_t;

#define N(name, expected) {(uint32_t)(name), (expected), #name}

static const named_t selectors[] = {
    N(kVmmGetVersion, 0),         N(kVmmvGetFeatures, 1),
    N(kVmmInitContext, 2),        N(kVmmTearDownContext, 3),
    N(kVmmTearDownAll, 4),        N(kVmmMapPage, 5),
    N(kVmmGetPageMapping, 6),     N(kVmmUnmapPage, 7),
    N(kVmmUnmapAllPages, 8),      N(kVmmGetPageDirtyFlag, 9),
    N(kVmmGetFloatState, 10),     N(kVmmGetVectorState, 11),
    N(kVmmSetTimer, 12),          N(kVmmGetTimer, 13),
    N(kVmmExecuteVM, 14),         N(kVmmProtectPage, 15),
    N(kVmmMapExecute, 16),        N(kVmmProtectExecute, 17),
    N(kVmmMapList, 18),           N(kVmmUnmapList, 19),
    N(kvmmExitToHost, 20),        N(kvmmResumeGuest, 21),
    N(kvmmGetGuestRegister, 22),  N(kvmmSetGuestRegister, 23),
    N(kVmmActivateXA, 24),        N(kVmmDeactivateXA, 25),
    N(kVmmGetXA, 26),             N(kVmmMapPage64, 27),
    N(kVmmGetPageMapping64, 28),  N(kVmmUnmapPage64, 29),
    N(kVmmGetPageDirtyFlag64, 30), N(kVmmProtectPage64, 31),
    N(kVmmMapExecute64, 32),      N(kVmmProtectExecute64, 33),
    N(kVmmMapList64, 34),         N(kVmmUnmapList64, 35),
    N(kVmmMaxAddr, 36),           N(kVmmSetGuestMemory, 37),
    N(kVmmPurgeLocal, 38),
};

static const named_t return_codes[] = {
    N(kVmmReturnNull, 0),
    N(kVmmBogusContext, 1),
    N(kVmmStopped, 2),
    N(kVmmReturnDataPageFault, 3),
    N(kVmmReturnInstrPageFault, 4),
    N(kVmmReturnAlignmentFault, 6),
    N(kVmmReturnProgramException, 7),
    N(kVmmReturnSystemCall, 12),
    N(kVmmReturnTraceException, 13),
    N(kVmmAltivecAssist, 22),
    N(kVmmInvalidAddress, 0x1000),
    N(kVmmInvalidAdSpace, 0x1001),
};

static const named_t features[] = {
    N(kVmmFeature_LittleEndian, 0x001),
    N(kVmmFeature_Stop, 0x002),
    N(kVmmFeature_ExtendedMapping, 0x004),
    N(kVmmFeature_ListMapping, 0x008),
    N(kVmmFeature_FastAssist, 0x010),
    N(kVmmFeature_XA, 0x020),
    N(kVmmFeature_SixtyFourBit, 0x040),
    N(kVmmFeature_MultAddrSpace, 0x080),
    N(kVmmFeature_GuestShadowAssist, 0x100),
    N(kVmmFeature_GlobalMappingAssist, 0x200),
    N(kVmmFeature_HostShadowAssist, 0x400),
    N(kVmmFeature_MultAddrSpaceAssist, 0x800),
};

/* Checks the values of a table; with name_of, also the names it gives. */
static void check_named(const named_t *t, size_t n, const char *(*name_of)(uint32_t))
{
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(t[i].value, t[i].expected);
        if (!name_of)
            continue;
        const char *got = name_of(t[i].expected);
        CU_ASSERT_PTR_NOT_NULL(got);
        if (got && strcmp(got, t[i].name) != 0)
            TEST_FAILF("name of %u is %s, not %s", t[i].expected, got, t[i].name);
    }
}

static void selector_values_and_names(void)
{
    check_named(selectors, ARRAY_SIZE(selectors), vmm_selector_name);
    CU_ASSERT_EQUAL(ARRAY_SIZE(selectors), 39);
}

static void return_code_values_and_names(void)
{
    check_named(return_codes, ARRAY_SIZE(return_codes), vmm_return_code_name);
}

static void feature_values_and_names(void)
{
    check_named(features, ARRAY_SIZE(features), vmm_feature_name);
    CU_ASSERT_EQUAL(kVmmCurrentFeatures, 0x13F);
}

static void name_functions_give_null_for_unknown_values(void)
{
    CU_ASSERT_PTR_NULL(vmm_selector_name(39));
    CU_ASSERT_PTR_NULL(vmm_selector_name(0x100));
    CU_ASSERT_PTR_NULL(vmm_selector_name(UINT32_MAX));
    CU_ASSERT_PTR_NULL(vmm_return_code_name(5));
    CU_ASSERT_PTR_NULL(vmm_return_code_name(8));
    CU_ASSERT_PTR_NULL(vmm_return_code_name(11));
    CU_ASSERT_PTR_NULL(vmm_return_code_name(14));
    CU_ASSERT_PTR_NULL(vmm_return_code_name(0x1002));
    CU_ASSERT_PTR_NULL(vmm_return_code_name(UINT32_MAX));
    CU_ASSERT_PTR_NULL(vmm_feature_name(0));
    CU_ASSERT_PTR_NULL(vmm_feature_name(0x3)); /* two bits */
    CU_ASSERT_PTR_NULL(vmm_feature_name(0x1000));
    CU_ASSERT_PTR_NULL(vmm_feature_name(0x80000000u));
}

static void version_constants(void)
{
    CU_ASSERT_EQUAL(kVmmCurMajorVersion, 1);
    CU_ASSERT_EQUAL(kVmmCurMinorVersion, 7);
    CU_ASSERT_EQUAL(kVmmMinMajorVersion, 1);
    CU_ASSERT_EQUAL(kVmmCurrentVersion, 0x00010007);
}

static void index_constants(void)
{
    CU_ASSERT_EQUAL(vmmTInum, 0x000000FFu);
    CU_ASSERT_EQUAL(vmmTIadsp, 0x0000FF00u);
    CU_ASSERT_EQUAL(kVmmMaxContexts, 32);
    CU_ASSERT_EQUAL(kVmmMaxMapPages, 64);
    CU_ASSERT_EQUAL(kVmmMaxUnmapPages, 64);
}

/* A mask and its IBM bit number (0 = most significant) must agree. */
#define BIT(mask, b, value)                                                    \
    do {                                                                       \
        CU_ASSERT_EQUAL((uint32_t)(mask), (uint32_t)(value));                  \
        CU_ASSERT_EQUAL(0x80000000u >> (b), (uint32_t)(value));                \
    } while (0)

static void vmmCntrl_bits(void)
{
    BIT(vmmFloatLoad, vmmFloatLoadb, 0x80000000u);
    BIT(vmmVectLoad, vmmVectLoadb, 0x40000000u);
    BIT(vmmVectVRall, vmmVectVRallb, 0x20000000u);
    BIT(vmmVectVAss, vmmVectVAssb, 0x10000000u);
    BIT(vmmXStart, vmmXStartb, 0x08000000u);
    BIT(vmmKey, vmmKeyb, 0x04000000u);
    BIT(vmmFamEna, vmmFamEnab, 0x02000000u);
    BIT(vmmFamSet, vmmFamSetb, 0x01000000u);
}

static void vmmStat_bits(void)
{
    BIT(vmmInUse, vmmInUseb, 0x80000000u);
    BIT(vmmFloatCngd, vmmFloatCngdb, 0x40000000u);
    BIT(vmmVectCngd, vmmVectCngdb, 0x20000000u);
    BIT(vmmTimerPop, vmmTimerPopb, 0x10000000u);
    BIT(vmmFAMmode, vmmFAMmodeb, 0x04000000u);
    BIT(vmmXStop, vmmXStopb, 0x00800000u);
    CU_ASSERT_EQUAL(vmmSpfSave, 0x000000FFu);
    CU_ASSERT_EQUAL(0xFFu << (31 - vmmSpfSaveb - 7), vmmSpfSave);
}

static void xa_flags(void)
{
    CU_ASSERT_EQUAL(vmm64Bit, 0x80000000u);
    CU_ASSERT_EQUAL(vmmGSA, 0x40000000u);
    CU_ASSERT_EQUAL(vmmGMA, 0x20000000u);
    CU_ASSERT_EQUAL(kVmmSupportedSetXA, 0xE0000000u);
}

static void protection_values(void)
{
    CU_ASSERT_EQUAL(kVmmProtXtnd, 0x8);
    CU_ASSERT_EQUAL(kVmmProtNARW, 0x8);
    CU_ASSERT_EQUAL(kVmmProtRORW, 0x9);
    CU_ASSERT_EQUAL(kVmmProtRWRW, 0xA);
    CU_ASSERT_EQUAL(kVmmProtRORO, 0xB);
    CU_ASSERT_EQUAL(VM_PROT_NONE, 0);
    CU_ASSERT_EQUAL(VM_PROT_READ, 1);
    CU_ASSERT_EQUAL(VM_PROT_WRITE, 2);
    CU_ASSERT_EQUAL(VM_PROT_EXECUTE, 4);
    CU_ASSERT_EQUAL(VM_PROT_DEFAULT, 3);
    CU_ASSERT_EQUAL(VM_PROT_ALL, 7);
}

static void list_flag_values(void)
{
    CU_ASSERT_EQUAL(vmmlFlgs, 0xFFFu);
    CU_ASSERT_EQUAL(vmmlProt, 0x007u);
    CU_ASSERT_EQUAL(vmmlAdID, 0x3F0u);
    CU_ASSERT_EQUAL(vmmlGlob, 0x400u);
    CU_ASSERT_EQUAL(vmmlRsvd, 0x800u);
}

/* ---- the vmm_dispatch macro ---- */

static void dispatch_without_arguments(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVersion), 0x00010007u);
    CU_ASSERT_EQUAL(dispatch_seen.selector, kVmmGetVersion);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 0);
}

/* kVmmGetVersion ignores its arguments: a safe selector to carry them. */
static void dispatch_counts_one_to_six_arguments(void)
{
    vmm_dispatch(kVmmGetVersion, 11);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 1);
    CU_ASSERT_EQUAL(dispatch_seen.args[0], 11);
    vmm_dispatch(kVmmGetVersion, 11, 22);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 2);
    CU_ASSERT_EQUAL(dispatch_seen.args[1], 22);
    vmm_dispatch(kVmmGetVersion, 11, 22, 33);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 3);
    CU_ASSERT_EQUAL(dispatch_seen.args[2], 33);
    vmm_dispatch(kVmmGetVersion, 11, 22, 33, 44);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 4);
    CU_ASSERT_EQUAL(dispatch_seen.args[3], 44);
    vmm_dispatch(kVmmGetVersion, 11, 22, 33, 44, 55);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 5);
    CU_ASSERT_EQUAL(dispatch_seen.args[4], 55);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVersion, 11, 22, 33, 44, 55, 66), 0x00010007u);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 6);
    for (unsigned i = 0; i < 6; i++)
        CU_ASSERT_EQUAL(dispatch_seen.args[i], 11 * (i + 1));
}

static void dispatch_widens_mixed_arguments_intact(void)
{
    int negative = -5;
    void *high = (void *)(uintptr_t)0x0000123456789000ull; /* above 4 GiB */
    uint64_t wide = 0xFEDCBA9876543210ull;
    short small = -2;
    unsigned char byte = 0xAB;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVersion, negative, high, wide, small, byte, 7u),
                    0x00010007u);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 6);
    CU_ASSERT_EQUAL((int64_t)dispatch_seen.args[0], -5);
    CU_ASSERT_EQUAL((uint32_t)dispatch_seen.args[0], 0xFFFFFFFBu); /* the 32-bit register */
    CU_ASSERT_EQUAL(dispatch_seen.args[1], 0x0000123456789000ull);
    CU_ASSERT_EQUAL(dispatch_seen.args[2], 0xFEDCBA9876543210ull);
    CU_ASSERT_EQUAL((int64_t)dispatch_seen.args[3], -2);
    CU_ASSERT_EQUAL(dispatch_seen.args[4], 0xAB);
    CU_ASSERT_EQUAL(dispatch_seen.args[5], 7);
}

static unsigned evaluations;
static unsigned next_value(void) { return ++evaluations; }

static void dispatch_evaluates_each_argument_once(void)
{
    evaluations = 0;
    vmm_dispatch(kVmmGetVersion, next_value(), next_value(), next_value());
    CU_ASSERT_EQUAL(evaluations, 3);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 3);
    CU_ASSERT_EQUAL(dispatch_seen.args[0] + dispatch_seen.args[1] + dispatch_seen.args[2], 1 + 2 + 3);
}

static void dispatch_reads_the_low_32_bits_of_the_selector(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(0x100000000ull | kVmmvGetFeatures), 0x13F);
    CU_ASSERT_EQUAL(dispatch_seen.selector, kVmmvGetFeatures);
}

/* A 32-bit result comes back zero-extended: -1 from kVmmUnmapPage (a bad
 * address space) is 0xFFFFFFFF, not all 64 bits set. */
static void dispatch_zero_extends_32_bit_results(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, 0, 0x1000), 0x00000000FFFFFFFFull);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVersion), 0x0000000000010007ull);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 0), (uint64_t)KERN_FAILURE);
}

/* ---- bogus selectors ---- */

static const uint32_t bogus_selectors[] = {20, 21, 22, 23, 37, 38, 39, 40, 0x100, UINT32_MAX};

static void bogus_selectors_without_contexts(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(bogus_selectors); i++)
        CU_ASSERT_EQUAL(vmm_dispatch(bogus_selectors[i], 1, 2, 3, 4, 5, 6), VMM_EXC_SYSCALL);
    /* kVmmExecuteVM with no control table is bogus too. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, 1), VMM_EXC_SYSCALL);
}

static void bogus_selectors_change_nothing(void)
{
    guest_t g;
    static uint8_t before[4096];
    if (guest_init(&g) != 0) {
        guest_fini(&g);
        return;
    }
    g.regs->ppcPC = GUEST_TEXT;
    g.regs->ppcGPRs[3] = 0x33;
    g.state->return_code = 0xDEAD;
    memcpy(before, g.state, sizeof before);
    for (size_t i = 0; i < ARRAY_SIZE(bogus_selectors); i++)
        CU_ASSERT_EQUAL(vmm_dispatch(bogus_selectors[i], g.index, g.text, GUEST_TEXT,
                                     VM_PROT_ALL, 0, 0),
                        VMM_EXC_SYSCALL);
    CU_ASSERT_EQUAL(memcmp(before, g.state, sizeof before), 0);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g.index, GUEST_DATA), (uint64_t)g.data);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g.index, GUEST_TEXT), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, g.index), KERN_SUCCESS);
    g.index = 0;
    guest_fini(&g);
}

static const test_case_t layout_tests[] = {
    TEST(regs32_layout),
    TEST(regs64_layout),
    TEST(register_unions),
    TEST(processor_state_layout),
    TEST(return_params_layout),
    TEST(fastassist_layout),
    TEST(state_page_header),
    TEST(state_page_regs32),
    TEST(state_page_regs64),
    TEST(state_page_fp_and_vector),
    TEST(state_page_fastassist),
    TEST(comm_page_layout),
    TEST(list_entry_layouts),
    TEST(largest_lists_fit_the_comm_area),
    TEST(scalar_types),
    TEST_END,
};

static const test_case_t constant_tests[] = {
    TEST(selector_values_and_names),
    TEST(return_code_values_and_names),
    TEST(feature_values_and_names),
    TEST(name_functions_give_null_for_unknown_values),
    TEST(version_constants),
    TEST(index_constants),
    TEST(vmmCntrl_bits),
    TEST(vmmStat_bits),
    TEST(xa_flags),
    TEST(protection_values),
    TEST(list_flag_values),
    TEST_END,
};

static const test_case_t dispatch_tests[] = {
    TEST(dispatch_without_arguments),
    TEST(dispatch_counts_one_to_six_arguments),
    TEST(dispatch_widens_mixed_arguments_intact),
    TEST(dispatch_evaluates_each_argument_once),
    TEST(dispatch_reads_the_low_32_bits_of_the_selector),
    TEST(dispatch_zero_extends_32_bit_results),
    TEST(bogus_selectors_without_contexts),
    TEST(bogus_selectors_change_nothing),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"layouts", NULL, NULL, layout_tests},
    {"constants", NULL, NULL, constant_tests},
    {"dispatch", NULL, NULL, dispatch_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_abi", suites); }
