package io.voxline.board.jna;

/**
 * The layout of vxb.h's structs (int32 fields and char arrays only, so the same on every target) and its
 * codes. {@link #verify()} compares the sizes with the loaded library's vxb_abi_sizeof and fails loudly
 * on any difference: a stale libvxb must not be read at wrong offsets.
 */
final class Abi
{
    static final int VERSION = 2;

    static final int OK = 0;
    static final int ERR_URI = -2;
    static final int ERR_NOBOARD = -3;
    static final int ERR_STATE = -5;
    static final int ERR_UNSUPPORTED = -6;
    static final int ERR_CLOSED = -9;

    /* vxb_abi_sizeof ids */
    static final int ID_INFO = 1;
    static final int ID_EVENT = 2;
    static final int ID_CADENCE = 3;
    static final int ID_TONE_DEF = 4;
    static final int ID_LINE_CONFIG = 5;
    static final int ID_CALLER_ID = 6;
    static final int ID_FRAME_HEADER = 7;
    static final int ID_MEDIA_STATS = 8;
    static final int ID_PHONE_STATE = 9;
    static final int ID_HEAR = 10;

    /* vxb_info_t */
    static final int INFO_SIZE = 44;
    static final int INFO_LINES = 4;
    static final int INFO_CAPABILITIES = 8;
    static final int INFO_BOARD = 20;
    static final int INFO_BOARD_LEN = 16;
    static final int INFO_REGION = 36;
    static final int INFO_REGION_LEN = 8;

    static final int CAP_MOCK_PHONES = 1;
    static final int CAP_MANUAL_CLOCK = 1 << 5;

    /* vxb_event_t */
    static final int EVENT_SIZE = 32;
    static final int EVENT_TYPE = 0;
    static final int EVENT_LINE = 4;
    static final int EVENT_DIGIT = 8;
    static final int EVENT_DURATION = 12;
    static final int EVENT_VALUE = 16;
    static final int EVENT_TIME_LO = 20;
    static final int EVENT_TIME_HI = 24;

    /* vxb_frame_header_t */
    static final int HEADER_SIZE = 16;
    static final int HEADER_TIMESTAMP = 0;
    static final int HEADER_FLAGS = 4;
    static final int HEADER_LENGTH = 8;
    static final int HEADER_SEQ = 12;

    /* vxb_caller_id_t */
    static final int CID_SIZE = 84;
    static final int CID_NUMBER = 0;
    static final int CID_NAME = 32;
    static final int CID_TEXT_LEN = 32;
    static final int CID_PRESENTATION = 64;
    static final int CID_MONTH = 68;
    static final int CID_ALLOWED = 0;
    static final int CID_UNAVAILABLE = 2;

    /* vxb_media_stats_t: seven int32 in MediaStats order */
    static final int STATS_SIZE = 28;

    /* vxb_phone_state_t */
    static final int PHONE_SIZE = 100;
    static final int PHONE_OFF_HOOK = 0;
    static final int PHONE_RINGING = 4;
    static final int PHONE_CID_COUNT = 16;
    static final int PHONE_CID_NUMBER = 24;
    static final int PHONE_CID_NAME = 56;
    static final int PHONE_TEXT_LEN = 32;

    /* vxb_hear_t */
    static final int HEAR_SIZE = 16;
    static final int HEAR_SILENCE = 0;
    static final int HEAR_F1 = 4;
    static final int HEAR_F2 = 8;
    static final int HEAR_LEVEL = 12;

    static final int CADENCE_SIZE = 40;
    static final int TONE_DEF_SIZE = 52;
    static final int LINE_CONFIG_SIZE = 328;

    private Abi()
    {
    }

    static void verify()
    {
        final int version = Vxb.vxb_abi_version();
        if (version != VERSION)
        {
            throw new IllegalStateException("libvxb ABI version " + version + ", this Java code expects " + VERSION +
                ": rebuild native/ (mvn -pl java/voxline-board generate-resources)");
        }
        check(ID_INFO, "vxb_info_t", INFO_SIZE);
        check(ID_EVENT, "vxb_event_t", EVENT_SIZE);
        check(ID_CADENCE, "vxb_cadence_t", CADENCE_SIZE);
        check(ID_TONE_DEF, "vxb_tone_def_t", TONE_DEF_SIZE);
        check(ID_LINE_CONFIG, "vxb_line_config_t", LINE_CONFIG_SIZE);
        check(ID_CALLER_ID, "vxb_caller_id_t", CID_SIZE);
        check(ID_FRAME_HEADER, "vxb_frame_header_t", HEADER_SIZE);
        check(ID_MEDIA_STATS, "vxb_media_stats_t", STATS_SIZE);
        check(ID_PHONE_STATE, "vxb_phone_state_t", PHONE_SIZE);
        check(ID_HEAR, "vxb_hear_t", HEAR_SIZE);
    }

    static void check(final int id, final String name, final int expected)
    {
        final int actual = Vxb.vxb_abi_sizeof(id);
        if (actual != expected)
        {
            throw new IllegalStateException("libvxb ABI mismatch: " + name + " is " + actual +
                " bytes in the library, " + expected + " in io.voxline.board.jna.Abi");
        }
    }
}
