package io.voxline.board;

import io.voxline.board.jna.NativeBoard;

/** Opens boards by uri. */
public final class Boards
{
    private Boards()
    {
    }

    /**
     * Opens the board a uri names, e.g. {@code "mock:lines=2,region=us"} (add {@code clock=manual} for a
     * mock whose time moves only when a test says so).
     *
     * @throws IllegalArgumentException for a malformed uri or an unknown board type, with the reason
     * @throws BoardException when the board exists but cannot be opened
     */
    public static Board open(final String uri)
    {
        return NativeBoard.open(uri);
    }
}
