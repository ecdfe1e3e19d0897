package io.voxline.board.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The functions of vxb.h, bound by JNA direct mapping (JNA registers them as JNI natives: no proxy, no
 * reflection per call). Pointers to structs are native memory laid out as {@link Abi} says.
 */
final class Vxb
{
    static
    {
        Native.register(Vxb.class, NativeLibrary.getInstance("vxb"));
    }

    private Vxb()
    {
    }

    static native int vxb_abi_version();

    static native int vxb_abi_sizeof(int which);

    static native int vxb_abi_offsetof(int which, int field);

    static native int vxb_open(String uri, Pointer board, Pointer why, int whyLen);

    static native int vxb_close(Pointer board);

    static native int vxb_info(Pointer board, Pointer info);

    static native String vxb_strerror(int code);

    static native String vxb_event_name(int type);

    static native String vxb_tone_name(int tone);

    static native String vxb_format_name(int format);

    static native int vxb_region_config(String region, Pointer config);

    static native int vxb_line_get_config(Pointer board, int line, Pointer config);

    static native int vxb_line_configure(Pointer board, int line, Pointer config);

    static native int vxb_set_feed(Pointer board, int line, int feed);

    static native int vxb_ring_start(Pointer board, int line, Pointer cadence, Pointer callerId);

    static native int vxb_ring_stop(Pointer board, int line);

    static native int vxb_play_tone(Pointer board, int line, int tone);

    static native int vxb_stop_tone(Pointer board, int line);

    static native int vxb_event_wait(Pointer board, Pointer event, int timeoutMs);

    static native int vxb_wakeup(Pointer board);

    static native int vxb_media_start(Pointer board, int line, int format, int ptimeMs);

    static native int vxb_media_stop(Pointer board, int line);

    static native int vxb_media_frame_bytes(Pointer board, int line);

    static native int vxb_media_read(Pointer board, int line, Pointer header, Pointer buf, int cap);

    static native int vxb_media_write(Pointer board, int line, Pointer header, Pointer buf, int len);

    static native int vxb_media_stats(Pointer board, int line, Pointer stats);

    static native int vxb_mock_advance(Pointer board, int ms);

    static native int vxb_mock_hook(Pointer board, int line, int offHook);

    static native int vxb_mock_flash(Pointer board, int line);

    static native int vxb_mock_dial(Pointer board, int line, String digits, int onMs, int offMs);

    static native int vxb_mock_speak_tone(Pointer board, int line, int hz, int levelDbx10);

    static native int vxb_mock_speak(Pointer board, int line, short[] pcm, int count);

    static native int vxb_mock_listen(Pointer board, int line, short[] pcm, int count);

    static native int vxb_mock_hear(Pointer board, int line, int windowMs, Pointer hear);

    static native int vxb_mock_phone_state(Pointer board, int line, Pointer state);

    static native int vxb_mock_fault(Pointer board, int line, int fault);
}
