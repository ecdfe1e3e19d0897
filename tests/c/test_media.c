/* Media frames: paced by the board clock at ptime, sized by format, queued with overrun and underrun
 * accounting; the earpiece mixes written voice with tones; the mouthpiece reaches the reader. */
#include <math.h>

#include "vxb_dsp.h"
#include "vxb_test.h"

static void pacing(int32_t format, int32_t ptime, int32_t bytes)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    run(b, 30, NULL);
    uint8_t buf[1024];
    vxb_frame_header_t h;
    CHECK(vxb_media_read(b, 0, &h, buf, sizeof(buf)) == VXB_ERR_STATE, "no media yet");
    OK(vxb_media_start(b, 0, format, ptime));
    CHECK(vxb_media_frame_bytes(b, 0) == bytes, "%s/%d: %d bytes a frame", vxb_format_name(format), ptime,
          vxb_media_frame_bytes(b, 0));
    CHECK(vxb_media_read(b, 0, &h, buf, 10) == VXB_ERR_BUFFER, "small buffer refused");
    int frames = 0;
    int32_t last_ts = 0;
    int paced = 1;
    for (int t = 10; t <= 1200; t += 10)
    {
        run(b, 10, NULL);
        int32_t n;
        int this_tick = 0;
        while ((n = vxb_media_read(b, 0, &h, buf, sizeof(buf))) > 0)
        {
            this_tick++;
            CHECK(n == bytes && h.length == bytes, "length %d", n);
            CHECK(h.seq == frames, "seq %d, want %d", h.seq, frames);
            if (frames > 0)
            {
                CHECK(h.timestamp - last_ts == ptime * 8, "timestamp step %d", h.timestamp - last_ts);
            }
            else
            {
                CHECK(h.timestamp == 30 * 8, "first frame starts when media started (ts %d)", h.timestamp);
            }
            CHECK(h.flags == VXB_FRAME_SILENCE, "on-hook mouthpiece is silence (flags %d)", h.flags);
            last_ts = h.timestamp;
            frames++;
        }
        /* exactly one frame at each ptime boundary, none in between */
        int due = (t % ptime) == 0;
        if (this_tick != due)
        {
            paced = 0;
        }
    }
    CHECK(paced, "%s/%d: one frame per %d ms, on the clock", vxb_format_name(format), ptime, ptime);
    CHECK(frames == 1200 / ptime, "%d frames in 1.2 s at %d ms", frames, ptime);
    vxb_media_stats_t st;
    OK(vxb_media_stats(b, 0, &st));
    CHECK(st.frames_read == frames && st.read_overruns == 0, "stats: %d read, %d overruns", st.frames_read,
          st.read_overruns);
    vxb_close(b);
}

static void overrun_and_errors(void)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    OK(vxb_media_start(b, 0, VXB_FMT_PCMU, 20));
    run(b, 500, NULL); /* 25 frames, nobody reading: the queue holds 8 */
    vxb_media_stats_t st;
    OK(vxb_media_stats(b, 0, &st));
    CHECK(st.read_queued == 8 && st.read_overruns == 17, "queued %d, overruns %d", st.read_queued, st.read_overruns);
    uint8_t buf[400];
    vxb_frame_header_t h;
    CHECK(vxb_media_read(b, 0, &h, buf, sizeof(buf)) == 160, "a frame");
    CHECK((h.flags & VXB_FRAME_GAP) && h.seq == 17, "the oldest kept frame says frames were lost (seq %d)", h.seq);
    CHECK(vxb_media_read(b, 0, &h, buf, sizeof(buf)) == 160 && !(h.flags & VXB_FRAME_GAP), "the next does not");
    CHECK(vxb_media_write(b, 0, NULL, buf, 159) == VXB_ERR_FRAME, "wrong length refused");
    for (int i = 0; i < 12; i++)
    {
        OK(vxb_media_write(b, 0, NULL, buf, 160));
    }
    OK(vxb_media_stats(b, 0, &st));
    CHECK(st.write_queued == 8 && st.write_overflows == 4, "writer ahead: %d queued, %d dropped", st.write_queued,
          st.write_overflows);
    CHECK(vxb_media_start(b, 0, VXB_FMT_PCMU, 25) == VXB_ERR_INVAL, "ptime 25 refused");
    CHECK(vxb_media_start(b, 0, 7, 20) == VXB_ERR_INVAL, "format 7 refused");
    OK(vxb_media_stop(b, 0));
    CHECK(vxb_media_write(b, 0, NULL, buf, 160) == VXB_ERR_STATE, "stopped");
    vxb_close(b);
}

/* Writes frames of a sine (phase-continuous) in step with the board clock and hears the earpiece. */
static void earpiece_mix(int32_t format)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 20, NULL);
    OK(vxb_media_start(b, 0, format, 20));
    int16_t pcm[160];
    uint8_t frame[320];
    int32_t bytes = vxb_media_frame_bytes(b, 0);
    double peak = vxb_dbm0_to_peak(-10.0);
    long n = 0;
    for (int i = 0; i < 2; i++) /* a frame of head start, as a jitter buffer would keep */
    {
        for (int k = 0; k < 160; k++, n++)
        {
            pcm[k] = (int16_t)lrint(peak * sin(2 * PI * 1000.0 * n / 8000.0));
        }
        vxb_encode(format, pcm, 160, frame);
        OK(vxb_media_write(b, 0, NULL, frame, bytes));
    }
    for (int t = 0; t < 1500; t += 20)
    {
        run(b, 20, NULL);
        for (int k = 0; k < 160; k++, n++)
        {
            pcm[k] = (int16_t)lrint(peak * sin(2 * PI * 1000.0 * n / 8000.0));
        }
        vxb_encode(format, pcm, 160, frame);
        OK(vxb_media_write(b, 0, NULL, frame, bytes));
    }
    vxb_hear_t h;
    OK(vxb_mock_hear(b, 0, 1000, &h));
    CHECK(!h.silence && near(h.f1_hz, 1000, 10) && h.f2_hz == 0, "%s voice heard as %d+%d Hz", vxb_format_name(format),
          h.f1_hz, h.f2_hz);
    CHECK(near(h.level_dbx10, -100, 5), "at -10 dBm0 (%d)", h.level_dbx10);
    vxb_media_stats_t st;
    OK(vxb_media_stats(b, 0, &st));
    CHECK(st.write_underruns <= 1 && st.write_overflows == 0, "steady stream: %d underruns, %d overflows",
          st.write_underruns, st.write_overflows);

    /* the tone generator mixes with the voice: call waiting over a conversation */
    OK(vxb_play_tone(b, 0, VXB_TONE_DIAL));
    for (int t = 0; t < 600; t += 20)
    {
        run(b, 20, NULL);
        for (int k = 0; k < 160; k++, n++)
        {
            pcm[k] = (int16_t)lrint(peak * sin(2 * PI * 1000.0 * n / 8000.0));
        }
        vxb_encode(format, pcm, 160, frame);
        OK(vxb_media_write(b, 0, NULL, frame, bytes));
    }
    OK(vxb_mock_hear(b, 0, 500, &h));
    CHECK(heard(&h, 1000) && (heard(&h, 350) || heard(&h, 440)), "voice and tone together: %d+%d", h.f1_hz, h.f2_hz);

    /* the writer stops: underruns play silence */
    OK(vxb_stop_tone(b, 0));
    run(b, 600, NULL);
    OK(vxb_mock_hear(b, 0, 400, &h));
    CHECK(h.silence, "no frames, no tone: silence");
    OK(vxb_media_stats(b, 0, &st));
    CHECK(st.write_underruns >= 20, "underruns counted (%d)", st.write_underruns);
    vxb_close(b);
}

static void mouthpiece_frames(void)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 20, NULL);
    OK(vxb_media_start(b, 0, VXB_FMT_PCMU, 20));
    OK(vxb_mock_speak_tone(b, 0, 1500, -100));
    int16_t all[8000];
    int got = 0;
    uint8_t buf[160];
    vxb_frame_header_t h;
    for (int t = 0; t < 1000; t += 10)
    {
        run(b, 10, NULL);
        while (vxb_media_read(b, 0, &h, buf, sizeof(buf)) > 0 && got + 160 <= 8000)
        {
            CHECK(!(h.flags & VXB_FRAME_SILENCE), "speech is not silence");
            vxb_decode(VXB_FMT_PCMU, buf, 160, all + got);
            got += 160;
        }
    }
    vxb_hear_t ear;
    OK(vxb_analyze(all, got, &ear));
    CHECK(got == 8000 && near(ear.f1_hz, 1500, 10) && ear.f2_hz == 0, "the reader gets the spoken 1500 Hz (%d)",
          ear.f1_hz);
    CHECK(near(ear.level_dbx10, -100, 5), "at -10 dBm0 (%d)", ear.level_dbx10);

    /* tx gain applies */
    vxb_line_config_t cfg;
    OK(vxb_line_get_config(b, 0, &cfg));
    cfg.tx_gain_dbx10 = 60;
    OK(vxb_line_configure(b, 0, &cfg));
    drain(b, NULL);
    run(b, 200, NULL);
    while (vxb_media_read(b, 0, &h, buf, sizeof(buf)) > 0)
    {
        vxb_decode(VXB_FMT_PCMU, buf, 160, all);
    }
    OK(vxb_analyze(all, 160, &ear));
    CHECK(near(ear.level_dbx10, -40, 5), "+6 dB tx gain: -4 dBm0 (%d)", ear.level_dbx10);

    /* frames carrying a digit are flagged, so the media layer can send RFC 4733 instead */
    OK(vxb_mock_speak_tone(b, 0, 0, 0));
    OK(vxb_mock_dial(b, 0, "7", 200, 100));
    int dtmf_frames = 0;
    for (int t = 0; t < 400; t += 10)
    {
        run(b, 10, NULL);
        while (vxb_media_read(b, 0, &h, buf, sizeof(buf)) > 0)
        {
            dtmf_frames += (h.flags & VXB_FRAME_DTMF) != 0;
        }
    }
    CHECK(dtmf_frames >= 7 && dtmf_frames <= 11, "%d frames flagged DTMF for a 200 ms digit", dtmf_frames);
    vxb_close(b);
}

static void g711_codec(void)
{
    CHECK(vxb_linear_to_ulaw(0) == 0xFF, "mu-law silence is 0xFF");
    CHECK(vxb_linear_to_alaw(0) == 0xD5, "A-law silence is 0xD5");
    int worst_u = 0, worst_a = 0;
    for (int v = -32768; v <= 32767; v += 7)
    {
        int du = abs(vxb_ulaw_to_linear(vxb_linear_to_ulaw((int16_t)v)) - v);
        int da = abs(vxb_alaw_to_linear(vxb_linear_to_alaw((int16_t)v)) - v);
        int mag = abs(v);
        /* the quantisation step grows with the segment: error within half a step (plus clipping at the top) */
        int limit = mag < 256 ? 16 : mag / 16 + 16;
        if (mag < 32000 && du > limit)
        {
            worst_u = v;
        }
        if (mag < 32000 && da > limit)
        {
            worst_a = v;
        }
    }
    CHECK(worst_u == 0, "mu-law round trip too coarse at %d", worst_u);
    CHECK(worst_a == 0, "A-law round trip too coarse at %d", worst_a);
    for (int c = 0; c < 256; c++)
    {
        CHECK(vxb_linear_to_ulaw(vxb_ulaw_to_linear((uint8_t)c)) == c || c == 0x7F, "mu-law code %d stable", c);
        CHECK(vxb_linear_to_alaw(vxb_alaw_to_linear((uint8_t)c)) == c, "A-law code %d stable", c);
    }
}

int main(void)
{
    pacing(VXB_FMT_PCMU, 20, 160);
    pacing(VXB_FMT_PCMA, 30, 240);
    pacing(VXB_FMT_LINEAR16, 10, 160);
    pacing(VXB_FMT_LINEAR16, 20, 320);
    overrun_and_errors();
    earpiece_mix(VXB_FMT_PCMU);
    earpiece_mix(VXB_FMT_PCMA);
    earpiece_mix(VXB_FMT_LINEAR16);
    mouthpiece_frames();
    g711_codec();
    TEST_DONE();
}
