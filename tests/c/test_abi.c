#include <stdio.h>
#include "vxb.h"
int main(void) { if (vxb_abi_version() != 1) { puts("bad abi"); return 1; } puts("ok"); return 0; }
