/*
 * vmachmon/machine.c - what machine the facility is: a G4 (MPC7400,
 * 32-bit, AltiVec), which reports kVmmCurrentFeatures (0x13F).
 */
#include "config.h"

#include "vmachmon/facility.h"

vmm_features_t machine_features(void) { return kVmmCurrentFeatures; }
