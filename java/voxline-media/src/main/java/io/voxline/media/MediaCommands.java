package io.voxline.media;

/**
 * The command records on the reactor-to-agent ring (message type ids and field offsets). OPEN, START and
 * UPDATE also hand over one object each (the bound channel, the remote address) through a queue that is
 * filled in the same order as the ring, just before the record is committed.
 */
final class MediaCommands
{
    /** line, port; hands over the DatagramChannel. */
    static final int OPEN = 1;
    /** line, payload type, telephone-event payload type, ptime; hands over the remote InetSocketAddress. */
    static final int START = 2;
    static final int UPDATE = 3;
    /** line. */
    static final int STOP = 4;
    /** line, event, duration ms. */
    static final int SEND_EVENT = 5;
    /** line, event: a key went down, the event lasts until KEY_UP. */
    static final int KEY_DOWN = 6;
    /** line, event, duration ms: the key went up after that long. */
    static final int KEY_UP = 7;

    static final int LINE = 0;
    static final int ARG1 = 4;
    static final int ARG2 = 8;
    static final int ARG3 = 12;
    static final int LENGTH = 16;

    private MediaCommands()
    {
    }
}
