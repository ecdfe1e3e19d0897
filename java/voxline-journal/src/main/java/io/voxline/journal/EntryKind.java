package io.voxline.journal;

/**
 * The kinds of journal entry: the message type on the ring (Agrona needs it above zero) and the
 * {@code kind} field written in each Chronicle document.
 */
enum EntryKind
{
    CALL_STARTED(1, "callStarted"),
    CALL_ANSWERED(2, "callAnswered"),
    CALL_ENDED(3, "callEnded"),
    SIGNAL(4, "signal");

    private static final EntryKind[] BY_TYPE_ID = { null, CALL_STARTED, CALL_ANSWERED, CALL_ENDED, SIGNAL };

    final int typeId;
    final String wireName;

    EntryKind(final int typeId, final String wireName)
    {
        this.typeId = typeId;
        this.wireName = wireName;
    }

    static EntryKind ofTypeId(final int typeId)
    {
        return typeId > 0 && typeId < BY_TYPE_ID.length ? BY_TYPE_ID[typeId] : null;
    }

    static EntryKind ofWireName(final CharSequence name)
    {
        for (final EntryKind k : values())
        {
            if (k.wireName.contentEquals(name))
            {
                return k;
            }
        }
        return null;
    }
}
