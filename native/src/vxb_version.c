#include "vxb.h"
int32_t vxb_abi_version(void) { return 1; }
