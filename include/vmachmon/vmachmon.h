/*
 * <vmachmon/vmachmon.h> - the Mac OS X PowerPC VMM facility ("vmachmon").
 *
 * The ABI of the facility that Mac OS X 10.4 offered through the vmm_dispatch
 * system call (the interface behind Virtual PC), written fresh with
 * Apple's names and values, for an LP64 Linux host.
 *
 * Sections:
 *   1. Scalar types
 *   2. Selectors (one X-macro list feeds the enum and vmm_selector_name())
 *   3. Exit and return codes
 *   4. Version, features, extended architecture (XA) flags
 *   5. The context index, control (vmmCntrl) and status (vmmStat) bits
 *   6. Protection values and the list-mapping formats
 *   7. Register sets, the state page and the communication page
 *   8. Functions
 *
 * Byte order: the state page of a host client is in host byte order (values
 * are plain C numbers).  Guest memory is big-endian, as on a G4.
 *
 * Every layout below carries its byte offsets and is checked with
 * _Static_assert: the original used 32-bit "unsigned long", which an LP64
 * host would double, so every field here has a fixed width.
 */
#ifndef VMACHMON_VMACHMON_H
#define VMACHMON_VMACHMON_H

#include <stddef.h>
#include <stdint.h>

#include <vmachmon/mach.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * 1. Scalar types
 * ------------------------------------------------------------------------ */

typedef uint32_t vmm_version_t;      /* (major << 16) | minor */
typedef uint32_t vmm_features_t;     /* kVmmFeature_* bits */
typedef uint32_t vmm_thread_index_t; /* see vmmTInum / vmmTIadsp */
typedef uint32_t vmm_adsp_id_t;      /* 1-based guest address space number */
typedef uint32_t vmm_return_code_t;  /* kVmmReturn* exit codes */

/* ---------------------------------------------------------------------------
 * 2. Selectors: the first argument of vmm_dispatch().
 *
 * The table is append-only and ordered exactly as the kernel's.  37 and 38
 * were declared but never dispatchable; a call with them (or anything past
 * them) takes the bogus-selector path (see vmm_dispatch(3)).
 * ------------------------------------------------------------------------ */

#define VMM_SELECTOR_LIST(X)                                                   \
    X(kVmmGetVersion, 0)                                                       \
    X(kVmmvGetFeatures, 1)                                                     \
    X(kVmmInitContext, 2)                                                      \
    X(kVmmTearDownContext, 3)                                                  \
    X(kVmmTearDownAll, 4)                                                      \
    X(kVmmMapPage, 5)                                                          \
    X(kVmmGetPageMapping, 6)                                                   \
    X(kVmmUnmapPage, 7)                                                        \
    X(kVmmUnmapAllPages, 8)                                                    \
    X(kVmmGetPageDirtyFlag, 9)                                                 \
    X(kVmmGetFloatState, 10)                                                   \
    X(kVmmGetVectorState, 11)                                                  \
    X(kVmmSetTimer, 12)                                                        \
    X(kVmmGetTimer, 13)                                                        \
    X(kVmmExecuteVM, 14)                                                       \
    X(kVmmProtectPage, 15)                                                     \
    X(kVmmMapExecute, 16)                                                      \
    X(kVmmProtectExecute, 17)                                                  \
    X(kVmmMapList, 18)                                                         \
    X(kVmmUnmapList, 19)                                                       \
    X(kvmmExitToHost, 20)                                                      \
    X(kvmmResumeGuest, 21)                                                     \
    X(kvmmGetGuestRegister, 22)                                                \
    X(kvmmSetGuestRegister, 23)                                                \
    X(kVmmActivateXA, 24)                                                      \
    X(kVmmDeactivateXA, 25)                                                    \
    X(kVmmGetXA, 26)                                                           \
    X(kVmmMapPage64, 27)                                                       \
    X(kVmmGetPageMapping64, 28)                                                \
    X(kVmmUnmapPage64, 29)                                                     \
    X(kVmmGetPageDirtyFlag64, 30)                                              \
    X(kVmmProtectPage64, 31)                                                   \
    X(kVmmMapExecute64, 32)                                                    \
    X(kVmmProtectExecute64, 33)                                                \
    X(kVmmMapList64, 34)                                                       \
    X(kVmmUnmapList64, 35)                                                     \
    X(kVmmMaxAddr, 36)                                                         \
    X(kVmmSetGuestMemory, 37)                                                  \
    X(kVmmPurgeLocal, 38)

#define VMM__ENUM_ITEM(name, value) name = (value),
enum { VMM_SELECTOR_LIST(VMM__ENUM_ITEM) };

/* ---------------------------------------------------------------------------
 * 3. Exit and return codes.
 *
 * An exit code is the PowerPC exception vector / 0x100.  It is stored in
 * the state page's return_code and also returned by the launching call.
 * ------------------------------------------------------------------------ */

#define VMM_RETURN_CODE_LIST(X)                                                \
    X(kVmmReturnNull, 0)             /* guest timer popped */                  \
    X(kVmmBogusContext, 1)           /* bad context, or torn down */           \
    X(kVmmStopped, 2)                /* stopped by vmm_stop_vm() */            \
    X(kVmmReturnDataPageFault, 3)    /* DSI 0x300 */                           \
    X(kVmmReturnInstrPageFault, 4)   /* ISI 0x400 */                           \
    X(kVmmReturnAlignmentFault, 6)   /* alignment 0x600 */                     \
    X(kVmmReturnProgramException, 7) /* program 0x700 */                      \
    X(kVmmReturnSystemCall, 12)      /* sc 0xC00 */                            \
    X(kVmmReturnTraceException, 13)  /* trace 0xD00 */                         \
    X(kVmmAltivecAssist, 22)         /* declared; never produced */            \
    X(kVmmInvalidAddress, 0x1000)    /* guest address too large */             \
    X(kVmmInvalidAdSpace, 0x1001)    /* bad address space on launch */

enum { VMM_RETURN_CODE_LIST(VMM__ENUM_ITEM) };

/* ---------------------------------------------------------------------------
 * 4. Version, features, XA flags
 * ------------------------------------------------------------------------ */

enum {
    kVmmCurMajorVersion = 0x0001,
    kVmmCurMinorVersion = 0x0007,
    kVmmMinMajorVersion = 0x0001
};
#define kVmmCurrentVersion ((kVmmCurMajorVersion << 16) | kVmmCurMinorVersion)

#define VMM_FEATURE_LIST(X)                                                    \
    X(kVmmFeature_LittleEndian, 0x00000001)                                    \
    X(kVmmFeature_Stop, 0x00000002)                                            \
    X(kVmmFeature_ExtendedMapping, 0x00000004)                                 \
    X(kVmmFeature_ListMapping, 0x00000008)                                     \
    X(kVmmFeature_FastAssist, 0x00000010)                                      \
    X(kVmmFeature_XA, 0x00000020)                                              \
    X(kVmmFeature_SixtyFourBit, 0x00000040)                                    \
    X(kVmmFeature_MultAddrSpace, 0x00000080)                                   \
    X(kVmmFeature_GuestShadowAssist, 0x00000100)                               \
    X(kVmmFeature_GlobalMappingAssist, 0x00000200)                             \
    X(kVmmFeature_HostShadowAssist, 0x00000400)                                \
    X(kVmmFeature_MultAddrSpaceAssist, 0x00000800)

enum { VMM_FEATURE_LIST(VMM__ENUM_ITEM) };

/* What a 32-bit G4 reports: 0x13F. */
#define kVmmCurrentFeatures                                                    \
    (kVmmFeature_LittleEndian | kVmmFeature_Stop |                             \
     kVmmFeature_ExtendedMapping | kVmmFeature_ListMapping |                   \
     kVmmFeature_FastAssist | kVmmFeature_XA | kVmmFeature_GuestShadowAssist)

/* Extended architecture flags (kVmmActivateXA, kVmmDeactivateXA, kVmmGetXA). */
#define vmm64Bit 0x80000000u /* 64-bit guest */
#define vmmGSA 0x40000000u   /* guest shadow assist */
#define vmmGMA 0x20000000u   /* global mapping assist */
#define kVmmSupportedSetXA (vmm64Bit | vmmGSA | vmmGMA)

/* ---------------------------------------------------------------------------
 * 5. Index, control and status bits
 * ------------------------------------------------------------------------ */

/* The index word: context number (1-based) and, on the execute calls only,
 * an address-space number (0 = the context's own). */
#define vmmTInum 0x000000FFu
#define vmmTIadsp 0x0000FF00u

#define kVmmMaxContexts 32
#define kVmmMaxUnmapPages 64
#define kVmmMaxMapPages 64

/* vmmCntrl: written by the host, read by the facility at launch.  The "b"
 * values are IBM bit numbers (0 = most significant). */
#define vmmFloatLoad 0x80000000u /* load ppcFPRs at the next launch */
#define vmmFloatLoadb 0
#define vmmVectLoad 0x40000000u /* load ppcVRs at the next launch */
#define vmmVectLoadb 1
#define vmmVectVRall 0x20000000u
#define vmmVectVRallb 2
#define vmmVectVAss 0x10000000u
#define vmmVectVAssb 3
#define vmmXStart 0x08000000u /* launch even if stopped */
#define vmmXStartb 4
#define vmmKey 0x04000000u /* guest protection key (reversed PPC key) */
#define vmmKeyb 5
#define vmmFamEna 0x02000000u /* enable fast-assist interception */
#define vmmFamEnab 6
#define vmmFamSet 0x01000000u /* enter fast-assist mode */
#define vmmFamSetb 7
#define vmmUserMask 0xFF000000u

/* vmmStat: the context's flags, written at every exit. */
#define vmmInUse 0x80000000u
#define vmmInUseb 0
#define vmmFloatCngd 0x40000000u /* guest changed FP state */
#define vmmFloatCngdb 1
#define vmmVectCngd 0x20000000u /* guest changed vector state */
#define vmmVectCngdb 2
#define vmmTimerPop 0x10000000u /* guest timer expired */
#define vmmTimerPopb 3
#define vmmFAMmode 0x04000000u /* guest was in fast-assist mode */
#define vmmFAMmodeb 5
#define vmmXStop 0x00800000u /* stop requested */
#define vmmXStopb 8
#define vmmSpfSave 0x000000FFu
#define vmmSpfSaveb 24

/* ---------------------------------------------------------------------------
 * 6. Protection values and list mapping
 * ------------------------------------------------------------------------ */

/* Extended protection modes (meaning depends on vmmKey, which is the
 * reverse of the PowerPC key):          vmmKey = 0      vmmKey = 1 */
#define kVmmProtXtnd 0x00000008u
#define kVmmProtNARW (kVmmProtXtnd | 0x0) /* no access        read/write */
#define kVmmProtRORW (kVmmProtXtnd | 0x1) /* read only        read/write */
#define kVmmProtRWRW (kVmmProtXtnd | 0x2) /* read/write       read/write */
#define kVmmProtRORO (kVmmProtXtnd | 0x3) /* read only        read only  */

/* Entries of the lists in vmcpComm (offset 0xC00 of the comm page).  The low
 * 12 bits of each guest address carry flags. */
typedef struct vmmMList {
    uint32_t vmlva;  /* host address; see vmm_dispatch(3) for LP64 hosts */
    uint32_t vmlava; /* guest address | flags */
} vmmMList;

typedef struct vmmMList64 {
    uint64_t vmlva;  /* host address */
    uint64_t vmlava; /* guest address | flags */
} vmmMList64;

typedef struct vmmUMList {
    uint32_t vmlava; /* guest address | flags */
} vmmUMList;

typedef struct vmmUMList64 {
    uint64_t vmlava; /* guest address | flags */
} vmmUMList64;

#define vmmlFlgs 0x00000FFFu /* all flag bits */
#define vmmlProt 0x00000007u /* protection */
#define vmmlAdID 0x000003F0u /* address space ID (>> 4); 0 = the call's */
#define vmmlGlob 0x00000400u /* global mapping */
#define vmmlRsvd 0x00000800u /* reserved */

/* ---------------------------------------------------------------------------
 * 7. Registers, state page, communication page (all pack(4))
 * ------------------------------------------------------------------------ */

#pragma pack(push, 4)

/* A 128-bit AltiVec register: i[k] is word element k in host order. */
typedef union vmm_vector_register_t {
    uint32_t i[4];
    uint16_t s[8];
    uint8_t b[16];
} vmm_vector_register_t;

/* A 64-bit floating-point register: d is a host double. */
typedef union vmm_fp_register_t {
    double d;
    uint32_t i[2];
    uint16_t s[4];
    uint8_t b[8];
} vmm_fp_register_t;

typedef struct vmm_regs32_t {
    uint32_t ppcPC;            /* 0x000 */
    uint32_t ppcMSR;           /* 0x004 */
    uint32_t ppcGPRs[32];      /* 0x008 */
    uint32_t ppcCR;            /* 0x088 */
    uint32_t ppcXER;           /* 0x08C */
    uint32_t ppcLR;            /* 0x090 */
    uint32_t ppcCTR;           /* 0x094 */
    uint32_t ppcMQ;            /* 0x098: 601 only */
    uint32_t ppcVRSave;        /* 0x09C */
    uint32_t ppcRsrvd0A0[40];  /* 0x0A0 */
} vmm_regs32_t;                /* 0x140 */

typedef struct vmm_regs64_t {
    uint64_t ppcPC;            /* 0x000 */
    uint64_t ppcMSR;           /* 0x008 */
    uint64_t ppcGPRs[32];      /* 0x010 */
    uint64_t ppcXER;           /* 0x110 */
    uint64_t ppcLR;            /* 0x118 */
    uint64_t ppcCTR;           /* 0x120 */
    uint32_t ppcCR;            /* 0x128 */
    uint32_t ppcVRSave;        /* 0x12C */
    uint32_t ppcRsvd130[4];    /* 0x130 */
} vmm_regs64_t;                /* 0x140 */

typedef union vmm_regs_t {
    vmm_regs32_t ppcRegs32;
    vmm_regs64_t ppcRegs64;
} vmm_regs_t;

typedef struct vmm_processor_state_t {
    vmm_regs_t ppcRegs;               /* 0x000 */
    vmm_vector_register_t ppcVRs[32]; /* 0x140: valid after kVmmGetVectorState */
    vmm_vector_register_t ppcVSCR;    /* 0x340: always swapped; VSCR in i[3] */
    vmm_fp_register_t ppcFPRs[32];    /* 0x350: valid after kVmmGetFloatState */
    vmm_fp_register_t ppcFPSCR;       /* 0x450: always swapped; FPSCR in i[1] */
    uint32_t ppcReserved2[2];         /* 0x458 */
} vmm_processor_state_t;              /* 0x460 */

typedef struct vmm_ret_parms32_t {
    uint32_t return_params[4];
} vmm_ret_parms32_t;

typedef struct vmm_ret_parms64_t {
    uint64_t return_params[4];
} vmm_ret_parms64_t;

typedef union vmm_ret_parms_t {
    vmm_ret_parms64_t vmmrp64;
    vmm_ret_parms32_t vmmrp32;
    uint32_t retgas[11]; /* forces the union to 44 bytes */
} vmm_ret_parms_t;

typedef struct vmm_fastassist_state32_t {
    uint32_t fastassist_dispatch;      /* 0x00: handler PC */
    uint32_t fastassist_refcon;        /* 0x04: r1 for the handler */
    uint32_t fastassist_dispatch_code; /* 0x08: exit code intercepted */
    uint32_t fastassist_parameter[5];  /* 0x0C */
    uint32_t guest_register[8];        /* 0x20: guest r0-r7 */
    uint32_t guest_pc;                 /* 0x40 */
    uint32_t guest_msr;                /* 0x44 */
    uint32_t fastassist_intercepts;    /* 0x48 */
    uint32_t fastassist_reserved1;     /* 0x4C */
} vmm_fastassist_state32_t;

typedef struct vmm_fastassist_state64_t {
    uint64_t fastassist_dispatch;      /* 0x00 */
    uint64_t fastassist_refcon;        /* 0x08 */
    uint64_t fastassist_dispatch_code; /* 0x10 */
    uint64_t fastassist_parameter[5];  /* 0x18 */
    uint64_t guest_register[8];        /* 0x40 */
    uint64_t guest_pc;                 /* 0x80 */
    uint64_t guest_msr;                /* 0x88 */
    uint32_t fastassist_intercepts;    /* 0x90 */
    uint32_t fastassist_reserved1;     /* 0x94 */
} vmm_fastassist_state64_t;

typedef union vmm_fastassist_state_t {
    vmm_fastassist_state64_t vmmfs64;
    vmm_fastassist_state32_t vmmfs32;
} vmm_fastassist_state_t;

/* The state page shared between the host and the facility (offsets are
 * absolute within the page). */
typedef struct vmm_state_page_t {
    vmm_version_t interface_version;             /* 0x000 */
    vmm_thread_index_t thread_index;             /* 0x004 */
    uint32_t vmmStat;                            /* 0x008: facility -> host */
    uint32_t vmmCntrl;                           /* 0x00C: host -> facility */
    vmm_return_code_t return_code;               /* 0x010 */
    vmm_ret_parms_t vmmRet;                      /* 0x014 */
    vmm_processor_state_t vmm_proc_state;        /* 0x040 */
    vmm_fastassist_state_t vmm_fastassist_state; /* 0x4A0 */
} vmm_state_page_t;                              /* 0x538 */

/* One page: the state area, then a 1 KiB communication area for the list
 * calls. */
typedef struct vmm_comm_page_t {
    union {
        vmm_state_page_t vmcpState;
        uint32_t vmcpPad[768];
    } vmcpfirst;             /* 0x000 */
    uint32_t vmcpComm[256];  /* 0xC00 */
} vmm_comm_page_t;           /* 0x1000 */

#pragma pack(pop)

/* Layout checks: a slip here fails the build, not a guest. */
#ifdef __cplusplus
#define VMM__ASSERT static_assert
#else
#define VMM__ASSERT _Static_assert
#endif
#define VMM__AT(type, field, off)                                              \
    VMM__ASSERT(offsetof(type, field) == (off), #type "." #field " at " #off)
#define VMM__SIZE(type, size)                                                  \
    VMM__ASSERT(sizeof(type) == (size), "sizeof " #type " == " #size)

VMM__SIZE(vmm_vector_register_t, 16);
VMM__SIZE(vmm_fp_register_t, 8);
VMM__AT(vmm_regs32_t, ppcPC, 0x000);
VMM__AT(vmm_regs32_t, ppcMSR, 0x004);
VMM__AT(vmm_regs32_t, ppcGPRs, 0x008);
VMM__AT(vmm_regs32_t, ppcCR, 0x088);
VMM__AT(vmm_regs32_t, ppcXER, 0x08C);
VMM__AT(vmm_regs32_t, ppcLR, 0x090);
VMM__AT(vmm_regs32_t, ppcCTR, 0x094);
VMM__AT(vmm_regs32_t, ppcMQ, 0x098);
VMM__AT(vmm_regs32_t, ppcVRSave, 0x09C);
VMM__AT(vmm_regs32_t, ppcRsrvd0A0, 0x0A0);
VMM__SIZE(vmm_regs32_t, 0x140);
VMM__AT(vmm_regs64_t, ppcPC, 0x000);
VMM__AT(vmm_regs64_t, ppcMSR, 0x008);
VMM__AT(vmm_regs64_t, ppcGPRs, 0x010);
VMM__AT(vmm_regs64_t, ppcXER, 0x110);
VMM__AT(vmm_regs64_t, ppcLR, 0x118);
VMM__AT(vmm_regs64_t, ppcCTR, 0x120);
VMM__AT(vmm_regs64_t, ppcCR, 0x128);
VMM__AT(vmm_regs64_t, ppcVRSave, 0x12C);
VMM__AT(vmm_regs64_t, ppcRsvd130, 0x130);
VMM__SIZE(vmm_regs64_t, 0x140);
VMM__SIZE(vmm_regs_t, 0x140);
VMM__AT(vmm_processor_state_t, ppcVRs, 0x140);
VMM__AT(vmm_processor_state_t, ppcVSCR, 0x340);
VMM__AT(vmm_processor_state_t, ppcFPRs, 0x350);
VMM__AT(vmm_processor_state_t, ppcFPSCR, 0x450);
VMM__AT(vmm_processor_state_t, ppcReserved2, 0x458);
VMM__SIZE(vmm_processor_state_t, 0x460);
VMM__SIZE(vmm_ret_parms_t, 44);
VMM__AT(vmm_fastassist_state32_t, fastassist_refcon, 0x04);
VMM__AT(vmm_fastassist_state32_t, fastassist_dispatch_code, 0x08);
VMM__AT(vmm_fastassist_state32_t, fastassist_parameter, 0x0C);
VMM__AT(vmm_fastassist_state32_t, guest_register, 0x20);
VMM__AT(vmm_fastassist_state32_t, guest_pc, 0x40);
VMM__AT(vmm_fastassist_state32_t, guest_msr, 0x44);
VMM__AT(vmm_fastassist_state32_t, fastassist_intercepts, 0x48);
VMM__AT(vmm_fastassist_state32_t, fastassist_reserved1, 0x4C);
VMM__AT(vmm_fastassist_state64_t, fastassist_refcon, 0x08);
VMM__AT(vmm_fastassist_state64_t, fastassist_dispatch_code, 0x10);
VMM__AT(vmm_fastassist_state64_t, fastassist_parameter, 0x18);
VMM__AT(vmm_fastassist_state64_t, guest_register, 0x40);
VMM__AT(vmm_fastassist_state64_t, guest_pc, 0x80);
VMM__AT(vmm_fastassist_state64_t, guest_msr, 0x88);
VMM__AT(vmm_fastassist_state64_t, fastassist_intercepts, 0x90);
VMM__AT(vmm_fastassist_state64_t, fastassist_reserved1, 0x94);
VMM__SIZE(vmm_fastassist_state_t, 152);
VMM__AT(vmm_state_page_t, interface_version, 0x000);
VMM__AT(vmm_state_page_t, thread_index, 0x004);
VMM__AT(vmm_state_page_t, vmmStat, 0x008);
VMM__AT(vmm_state_page_t, vmmCntrl, 0x00C);
VMM__AT(vmm_state_page_t, return_code, 0x010);
VMM__AT(vmm_state_page_t, vmmRet, 0x014);
VMM__AT(vmm_state_page_t, vmmRet.vmmrp32.return_params[1], 0x018);
VMM__AT(vmm_state_page_t, vmmRet.vmmrp32.return_params[3], 0x020);
VMM__AT(vmm_state_page_t, vmmRet.vmmrp64.return_params[1], 0x01C);
VMM__AT(vmm_state_page_t, vmmRet.vmmrp64.return_params[3], 0x02C);
VMM__AT(vmm_state_page_t, vmm_proc_state, 0x040);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcRegs.ppcRegs32.ppcGPRs[3], 0x054);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcRegs.ppcRegs32.ppcGPRs[31], 0x0C4);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcRegs.ppcRegs32.ppcCR, 0x0C8);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcRegs.ppcRegs32.ppcVRSave, 0x0DC);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcRegs.ppcRegs64.ppcGPRs[0], 0x050);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcRegs.ppcRegs64.ppcXER, 0x150);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcRegs.ppcRegs64.ppcCR, 0x168);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcVRs, 0x180);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcVSCR, 0x380);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcFPRs, 0x390);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcFPSCR, 0x490);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcFPSCR.i[1], 0x494);
VMM__AT(vmm_state_page_t, vmm_proc_state.ppcReserved2, 0x498);
VMM__AT(vmm_state_page_t, vmm_fastassist_state, 0x4A0);
VMM__SIZE(vmm_state_page_t, 0x538);
VMM__AT(vmm_comm_page_t, vmcpComm, 0xC00);
VMM__SIZE(vmm_comm_page_t, 0x1000);
VMM__SIZE(vmmMList, 8);
VMM__SIZE(vmmMList64, 16);
VMM__SIZE(vmmUMList, 4);
VMM__SIZE(vmmUMList64, 8);

/* ---------------------------------------------------------------------------
 * 8. Functions
 * ------------------------------------------------------------------------ */

#ifndef VMM_API
#define VMM_API __attribute__((visibility("default")))
#endif

/*
 * vmm_dispatch(selector, ...): call one function of the facility.
 *
 * Book-style calls work unchanged, with any mix of integers and pointers:
 *
 *     vmm_dispatch(kVmmMapPage, index, hostPage, 0x2000, VM_PROT_ALL);
 *
 * vmm_dispatch is a macro that widens every argument to uint64_t before the
 * call, so a 32-bit int and a pointer travel the same way (reading an int
 * vararg as 64 bits would be undefined behaviour on x86-64).  At most six
 * arguments follow the selector; missing ones read as 0.
 *
 * The result is the selector's result, whole: 64-bit values (host
 * addresses, kVmmMaxAddr) complete, 32-bit values (kern_return_t, exit
 * codes, version, features, XA flags) zero-extended from 32 bits, exactly
 * the r3 a PowerPC caller would see.  A bogus call (a selector that does
 * not exist, or a launch from a thread with no contexts) changes nothing
 * and returns VMM_DISPATCH_BOGUS, where Mac OS X raised the Mach exception
 * EXC_SYSCALL.  See vmm_dispatch(3).
 */
#define VMM_DISPATCH_BOGUS UINT64_MAX

VMM_API uint64_t vmm_dispatch_v(uint32_t selector, unsigned nargs,
                                const uint64_t *args);

#ifndef __cplusplus
#define VMM__A(x) ((uint64_t)(x))
#define VMM__N(_1, _2, _3, _4, _5, _6, _7, N, ...) N
#define VMM__NARGS(...) VMM__N(__VA_ARGS__, 7, 6, 5, 4, 3, 2, 1, _)
#define VMM__MAP1(a) VMM__A(a)
#define VMM__MAP2(a, ...) VMM__A(a), VMM__MAP1(__VA_ARGS__)
#define VMM__MAP3(a, ...) VMM__A(a), VMM__MAP2(__VA_ARGS__)
#define VMM__MAP4(a, ...) VMM__A(a), VMM__MAP3(__VA_ARGS__)
#define VMM__MAP5(a, ...) VMM__A(a), VMM__MAP4(__VA_ARGS__)
#define VMM__MAP6(a, ...) VMM__A(a), VMM__MAP5(__VA_ARGS__)
#define VMM__MAP7(a, ...) VMM__A(a), VMM__MAP6(__VA_ARGS__)
#define VMM__MAP(...)                                                          \
    VMM__N(__VA_ARGS__, VMM__MAP7, VMM__MAP6, VMM__MAP5, VMM__MAP4,            \
           VMM__MAP3, VMM__MAP2, VMM__MAP1, _)(__VA_ARGS__)

/* args[0] is the selector, args[1..n-1] its arguments. */
static inline uint64_t vmm__dispatch_array(unsigned n, const uint64_t *args)
{
    return vmm_dispatch_v((uint32_t)args[0], n - 1, args + 1);
}

#define vmm_dispatch(...)                                                      \
    vmm__dispatch_array(VMM__NARGS(__VA_ARGS__),                               \
                        (const uint64_t[]){VMM__MAP(__VA_ARGS__)})
#else
} /* extern "C" */
/* C++ has no compound literals: the same call as a function template,
 * each argument converted to 64 bits from its own type. */
template <typename... Args>
static inline uint64_t vmm_dispatch(uint32_t selector, Args... args)
{
    static_assert(sizeof...(Args) <= 6, "vmm_dispatch takes at most 6 arguments");
    const uint64_t a[] = {0, (uint64_t)(args)...}; /* a[0]: never empty */
    return vmm_dispatch_v(selector, sizeof...(Args), a + 1);
}
extern "C" {
#endif

/* The PowerPC-only calls 0x6001-0x6003 and 0x6008, as functions. */
VMM_API vmm_version_t vmm_get_version(void);
VMM_API vmm_features_t vmm_get_features(void);
VMM_API kern_return_t vmm_init_context(vmm_version_t version,
                                       vmm_state_page_t *state_page);

/*
 * vmm_stop_vm(mask): stop the contexts named in mask (0x80000000 is context
 * 1, 0x40000000 context 2, ...).  Callable from any thread.  A running guest
 * of a named context leaves with kVmmStopped; later launches are refused
 * with kVmmStopped until one is made with vmmXStart in vmmCntrl.  Returns
 * KERN_SUCCESS (a mask of 0 does nothing), or KERN_FAILURE when the task
 * has no VMM thread (no context initialized yet, or all torn down again):
 * the original treated that as a bogus call.
 */
VMM_API kern_return_t vmm_stop_vm(uint32_t mask);

/* Names for codes, from the same lists as the constants ("kVmmMapPage").
 * They return NULL for an unknown value. */
VMM_API const char *vmm_selector_name(uint32_t selector);
VMM_API const char *vmm_return_code_name(uint32_t code);
VMM_API const char *vmm_feature_name(uint32_t feature_bit);

#ifdef __cplusplus
}
#endif

#endif /* VMACHMON_VMACHMON_H */
