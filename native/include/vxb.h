/* Voxline board ABI: placeholder until the mock board lands. */
#ifndef VXB_H
#define VXB_H
#include <stdint.h>
#if defined(VXB_BUILDING_LIBRARY)
#define VXB_API __attribute__((visibility("default")))
#else
#define VXB_API
#endif
VXB_API int32_t vxb_abi_version(void);
#endif
