/*
 * vmachmon/names.c - names of selectors, exit codes and features, from the
 * same X-macro lists that define the constants in <vmachmon/vmachmon.h>.
 */
#include "config.h"

#include <vmachmon/vmachmon.h>

#define NAME_CASE(name, value) case (value): return #name;

VMM_API const char *vmm_selector_name(uint32_t selector)
{
    switch (selector) {
        VMM_SELECTOR_LIST(NAME_CASE)
    }
    return NULL;
}

VMM_API const char *vmm_return_code_name(uint32_t code)
{
    switch (code) {
        VMM_RETURN_CODE_LIST(NAME_CASE)
    }
    return NULL;
}

VMM_API const char *vmm_feature_name(uint32_t feature_bit)
{
    switch (feature_bit) {
        VMM_FEATURE_LIST(NAME_CASE)
    }
    return NULL;
}
