package io.voxline.board.jna;

/**
 * The layout of vxb.h's structs (int32 fields and char arrays only, so the same on every target) and its
 * codes. {@link #verify()} compares the sizes with the loaded library's vxb_abi_sizeof, and the offset of
 * every field Java reads or writes with its vxb_abi_offsetof, and fails loudly on any difference: a stale
 * libvxb (or one whose fields were reordered without changing a struct's size) must not be read at wrong
 * offsets.
 */
final class Abi
{
    static final int VERSION = 3;

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

    /** What a library says about its layout: libvxb itself, or a stand-in in tests. */
    interface Layout
    {
        int version();

        /** vxb_abi_sizeof. */
        int sizeOf(int struct);

        /** vxb_abi_offsetof: the offset of a VXB_FIELD_* member, negative when the library does not know it. */
        int offsetOf(int struct, int field);
    }

    static final Layout LIBRARY = new Layout()
    {
        @Override
        public int version()
        {
            return Vxb.vxb_abi_version();
        }

        @Override
        public int sizeOf(final int struct)
        {
            return Vxb.vxb_abi_sizeof(struct);
        }

        @Override
        public int offsetOf(final int struct, final int field)
        {
            return Vxb.vxb_abi_offsetof(struct, field);
        }
    };

    /** One field Java reads or writes at a fixed offset: its VXB_FIELD_* id and where Java expects it. */
    record Field(int struct, String structName, int id, String name, int offset)
    {
    }

    /** Every field Java touches, with the VXB_FIELD_* ids of vxb.h. */
    static final Field[] FIELDS = {
        new Field(ID_INFO, "vxb_info_t", 2, "lines", INFO_LINES),
        new Field(ID_INFO, "vxb_info_t", 3, "capabilities", INFO_CAPABILITIES),
        new Field(ID_INFO, "vxb_info_t", 6, "board", INFO_BOARD),
        new Field(ID_INFO, "vxb_info_t", 7, "region", INFO_REGION),
        new Field(ID_EVENT, "vxb_event_t", 1, "type", EVENT_TYPE),
        new Field(ID_EVENT, "vxb_event_t", 2, "line", EVENT_LINE),
        new Field(ID_EVENT, "vxb_event_t", 3, "digit", EVENT_DIGIT),
        new Field(ID_EVENT, "vxb_event_t", 4, "duration_ms", EVENT_DURATION),
        new Field(ID_EVENT, "vxb_event_t", 5, "value", EVENT_VALUE),
        new Field(ID_EVENT, "vxb_event_t", 6, "time_ms_lo", EVENT_TIME_LO),
        new Field(ID_EVENT, "vxb_event_t", 7, "time_ms_hi", EVENT_TIME_HI),
        new Field(ID_CALLER_ID, "vxb_caller_id_t", 1, "number", CID_NUMBER),
        new Field(ID_CALLER_ID, "vxb_caller_id_t", 2, "name", CID_NAME),
        new Field(ID_CALLER_ID, "vxb_caller_id_t", 3, "presentation", CID_PRESENTATION),
        new Field(ID_CALLER_ID, "vxb_caller_id_t", 4, "month", CID_MONTH),
        new Field(ID_FRAME_HEADER, "vxb_frame_header_t", 1, "timestamp", HEADER_TIMESTAMP),
        new Field(ID_FRAME_HEADER, "vxb_frame_header_t", 2, "flags", HEADER_FLAGS),
        new Field(ID_FRAME_HEADER, "vxb_frame_header_t", 3, "length", HEADER_LENGTH),
        new Field(ID_FRAME_HEADER, "vxb_frame_header_t", 4, "seq", HEADER_SEQ),
        // read in io.voxline.board.MediaStats order, one int32 after another
        new Field(ID_MEDIA_STATS, "vxb_media_stats_t", 1, "frames_read", 0),
        new Field(ID_MEDIA_STATS, "vxb_media_stats_t", 2, "frames_written", 4),
        new Field(ID_MEDIA_STATS, "vxb_media_stats_t", 3, "read_overruns", 8),
        new Field(ID_MEDIA_STATS, "vxb_media_stats_t", 4, "write_underruns", 12),
        new Field(ID_MEDIA_STATS, "vxb_media_stats_t", 5, "write_overflows", 16),
        new Field(ID_MEDIA_STATS, "vxb_media_stats_t", 6, "read_queued", 20),
        new Field(ID_MEDIA_STATS, "vxb_media_stats_t", 7, "write_queued", 24),
        new Field(ID_PHONE_STATE, "vxb_phone_state_t", 1, "off_hook", PHONE_OFF_HOOK),
        new Field(ID_PHONE_STATE, "vxb_phone_state_t", 2, "ringing", PHONE_RINGING),
        new Field(ID_PHONE_STATE, "vxb_phone_state_t", 5, "cid_count", PHONE_CID_COUNT),
        new Field(ID_PHONE_STATE, "vxb_phone_state_t", 7, "cid_number", PHONE_CID_NUMBER),
        new Field(ID_PHONE_STATE, "vxb_phone_state_t", 8, "cid_name", PHONE_CID_NAME),
        new Field(ID_HEAR, "vxb_hear_t", 1, "silence", HEAR_SILENCE),
        new Field(ID_HEAR, "vxb_hear_t", 2, "f1_hz", HEAR_F1),
        new Field(ID_HEAR, "vxb_hear_t", 3, "f2_hz", HEAR_F2),
        new Field(ID_HEAR, "vxb_hear_t", 4, "level_dbx10", HEAR_LEVEL),
    };

    private Abi()
    {
    }

    static void verify()
    {
        verify(LIBRARY);
    }

    static void verify(final Layout library)
    {
        final int version = library.version();
        if (version != VERSION)
        {
            throw new IllegalStateException("libvxb ABI version " + version + ", this Java code expects " + VERSION +
                ": rebuild native/ (mvn -pl java/voxline-board generate-resources)");
        }
        check(library, ID_INFO, "vxb_info_t", INFO_SIZE);
        check(library, ID_EVENT, "vxb_event_t", EVENT_SIZE);
        check(library, ID_CADENCE, "vxb_cadence_t", CADENCE_SIZE);
        check(library, ID_TONE_DEF, "vxb_tone_def_t", TONE_DEF_SIZE);
        check(library, ID_LINE_CONFIG, "vxb_line_config_t", LINE_CONFIG_SIZE);
        check(library, ID_CALLER_ID, "vxb_caller_id_t", CID_SIZE);
        check(library, ID_FRAME_HEADER, "vxb_frame_header_t", HEADER_SIZE);
        check(library, ID_MEDIA_STATS, "vxb_media_stats_t", STATS_SIZE);
        check(library, ID_PHONE_STATE, "vxb_phone_state_t", PHONE_SIZE);
        check(library, ID_HEAR, "vxb_hear_t", HEAR_SIZE);
        for (final Field f : FIELDS)
        {
            final int actual = library.offsetOf(f.struct(), f.id());
            if (actual != f.offset())
            {
                throw new IllegalStateException("libvxb ABI mismatch: " + f.structName() + "." + f.name() +
                    (actual < 0 ? " is unknown to the library" : " is at offset " + actual + " in the library") +
                    ", at " + f.offset() + " in io.voxline.board.jna.Abi");
            }
        }
    }

    static void check(final int id, final String name, final int expected)
    {
        check(LIBRARY, id, name, expected);
    }

    private static void check(final Layout library, final int id, final String name, final int expected)
    {
        final int actual = library.sizeOf(id);
        if (actual != expected)
        {
            throw new IllegalStateException("libvxb ABI mismatch: " + name + " is " + actual +
                " bytes in the library, " + expected + " in io.voxline.board.jna.Abi");
        }
    }
}
