package io.voxline.board;

/**
 * The analog phones a mock board emulates: a person's hands, mouth and ear.
 * Lines are 0-based. Unsupported on real boards.
 */
public interface MockPhones
{
    /** Digits the keypad holds per line, queued and not yet sent (VXB_MOCK_DIAL_MAX). */
    int MAX_QUEUED_DIGITS = 64;

    /** Lifts (true) or replaces (false) the handset. */
    void hook(int line, boolean offHook);

    /** A hook flash (on-hook for the board's flash window). */
    void flash(int line);

    /**
     * Dials DTMF as real audio into the mouthpiece: each digit onMs of tone, then offMs of silence. Refused
     * (BoardException ERR_BUFFER) when the digits do not fit beside those still queued.
     */
    void dial(int line, String digits, int onMs, int offMs);

    /** Speaks a steady sine of hz into the mouthpiece; 0 stops. */
    void speakTone(int line, int hz);

    /** Copies the last samples of earpiece audio (8 kHz linear) into dst; returns how many. */
    int listen(int line, short[] dst);

    /** The one or two strongest frequency components the earpiece carried in the last windowMs. */
    ToneReport hear(int line, int windowMs);

    PhoneState state(int line);
}
