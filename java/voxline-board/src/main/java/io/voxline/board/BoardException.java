package io.voxline.board;

/** A board command the board refused: carries the vxb error code (VXB_ERR_*, negative) and its text. */
public final class BoardException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

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
