/**
 * The board API the rest of Voxline codes against: {@link io.voxline.board.Board} (an FXS board's lines,
 * their signals and media frames), its events, the emulated phones of a mock board
 * ({@link io.voxline.board.MockPhones}), {@link io.voxline.board.Boards#open(String)} to get one from a uri,
 * and the {@link io.voxline.board.BoardEventPoller} that carries board events into the reactor ring.
 * Lines are 0-based here, as in {@code native/include/vxb.h}.
 */
package io.voxline.board;
