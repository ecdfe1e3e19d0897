package io.voxline.sip.dialog;

/** The verdict on a request received inside a dialog (RFC 3261 12.2.2). */
public enum InDialogCheck
{
    /** It belongs to the dialog and is in order (the remote CSeq has been updated). */
    OK(0, null),
    /** Call-ID or tags do not match (or the dialog is over): 481. */
    NO_DIALOG(481, "Call/Transaction Does Not Exist"),
    /** Its CSeq is not above the last one from the peer: 500. */
    OUT_OF_ORDER(500, "Server Internal Error");

    private final int statusCode;
    private final String reasonPhrase;

    InDialogCheck(final int statusCode, final String reasonPhrase)
    {
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
    }

    /** The response to send when it is not OK; 0 for OK. */
    public int statusCode()
    {
        return statusCode;
    }

    public String reasonPhrase()
    {
        return reasonPhrase;
    }
}
