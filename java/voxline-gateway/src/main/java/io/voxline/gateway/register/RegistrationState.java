package io.voxline.gateway.register;

/** Where a line's registration stands, as {@link LineRegistration#state()} reports it. */
public enum RegistrationState
{
    /** Not started, or stopped: no REGISTERs go out. */
    STOPPED,
    /** No binding holds: the first REGISTER, or retries backing off after failures. */
    UNREGISTERED,
    /** A binding holds and the registrar answers. */
    REGISTERED,
    /**
     * A binding should still hold, but the registrar stopped answering (a ping or a refresh timed out): calls to
     * the line may not reach it. When the registrar answers again the line re-registers at once.
     */
    UNCONFIRMED
}
