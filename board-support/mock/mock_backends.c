/* The board types this build of libvxb knows: the mock board only. A real board's folder lists itself
 * (and, for development firmware, the mock) the same way. */
#include "vxb_board.h"

extern const vxb_ops_t vxb_mock_ops;

const vxb_ops_t *const vxb_backends[] = {&vxb_mock_ops, NULL};
