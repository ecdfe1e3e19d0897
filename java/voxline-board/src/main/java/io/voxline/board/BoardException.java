package io.voxline.board;

/** A board command the board refused: carries the vxb error code (VXB_ERR_*, negative) and its text. */
public final class BoardException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /* the VXB_ERR_* codes of vxb.h that callers tell apart */
    public static final int ERR_INVAL = -1;
    public static final int ERR_LINE = -4;
    public static final int ERR_STATE = -5;
    public static final int ERR_UNSUPPORTED = -6;
    public static final int ERR_CLOSED = -9;
    public static final int ERR_OFFHOOK = -11;
    public static final int ERR_ONHOOK = -12;
    public static final int ERR_BUFFER = -13;

    private final int code;

    public BoardException(final int code, final String message)
    {
        super(message);
        this.code = code;
    }

    /** The negative VXB_ERR_* code. */
    public int code()
    {
        return code;
    }
}
