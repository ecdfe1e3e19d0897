/**
 * libvxb through JNA direct mapping: {@link io.voxline.board.jna.NativeBoard} implements the Board API over
 * {@code native/include/vxb.h}, {@link io.voxline.board.jna.NativeMockPhones} the mock board's emulated
 * phones. Hot paths (event poll, media read and write) pass pre-allocated native memory and mutable
 * pointers, and read struct fields at the fixed offsets in {@code Abi}, checked against the library's
 * own {@code vxb_abi_sizeof} when the library loads.
 */
package io.voxline.board.jna;
