package io.voxline.board.mock;

/** The gateway's view of a line, for the console's status command: "call=STATE peer=URI|-". */
@FunctionalInterface
public interface LineStatus
{
    /** line is 1-based; returns e.g. "call=connected peer=sip:201@b.test", or null if there is no such line. */
    String describe(int line);
}
