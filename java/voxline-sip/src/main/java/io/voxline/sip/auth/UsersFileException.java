package io.voxline.sip.auth;

/** A users file that cannot be used, said as "FILE:LINE: why" (or "FILE: why" when it cannot be read). */
public final class UsersFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    UsersFileException(final String file, final int line, final String reason)
    {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file()
    {
        return file;
    }

    /** The 1-based line, 0 when the file as a whole is the problem. */
    public int line()
    {
        return line;
    }

    public String reason()
    {
        return reason;
    }
}
