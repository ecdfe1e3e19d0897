package io.voxline.media;

/**
 * The codes of the MEDIA events the agent publishes to the reactor, with what their arguments mean.
 * The line is always the board's 0-based line; the time is the agent's epoch clock in ms.
 */
public final class MediaEvents
{
    /** An RFC 4733 DTMF key received: arg1 = the key as a char ('0'-'9', '*', '#', 'A'-'D'), arg2 = duration ms. */
    public static final int DTMF_DIGIT = 1;
    /** Another RFC 4733 event received (e.g. 16, flash): arg1 = event code, arg2 = duration ms. */
    public static final int TELEPHONE_EVENT = 2;
    /** A command failed or the session broke: arg1 = one of the ERROR_* reasons, arg2 = detail (a vxb error, 0). */
    public static final int MEDIA_ERROR = 3;

    /** START for a line with no open port, or a command for a line out of range. */
    public static final int ERROR_NO_PORT = 1;
    /** The board refused mediaStart (arg2 has nothing more; see the log). */
    public static final int ERROR_BOARD_START = 2;
    /** The socket could not be connected to the remote address. */
    public static final int ERROR_CONNECT = 3;
    /** mediaRead or mediaWrite returned an error (arg2 = the negative vxb code); reported once per session. */
    public static final int ERROR_BOARD_IO = 4;
    /** START or UPDATE with a ptime the board cannot frame (arg2 = that ptime); boards take 10, 20 or 30 ms. */
    public static final int ERROR_PTIME = 5;

    private MediaEvents()
    {
    }

    public static String name(final int code)
    {
        return switch (code)
        {
            case DTMF_DIGIT -> "DTMF_DIGIT";
            case TELEPHONE_EVENT -> "TELEPHONE_EVENT";
            case MEDIA_ERROR -> "MEDIA_ERROR";
            default -> "MEDIA_" + code;
        };
    }
}
