package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.EpochClock;

import io.voxline.board.BoardEvent;
import io.voxline.board.BoardEventType;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayCore;
import io.voxline.gateway.line.LineState;
import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * A router's gateway core with one FXS line (line 1) on a {@link SimBoard}, a {@link SimMedia} port and a
 * {@link SimCallLog}; its own timer wheel on the world's clock, its ids from a seed. The phone is worked through
 * the board: {@link #offHook()}, {@link #dial(String)}, {@link #onHook()}.
 */
public final class SimGateway implements SimElement
{
    private final String name;
    private final GatewayConfig config;
    private final SimBoard board;
    private final SimMedia media;
    private final SimCallLog log = new SimCallLog();
    private final WheelTimerService timers;
    private final GatewayCore core;
    private final BoardEvent event = new BoardEvent();

    SimGateway(
        final SimWorld world, final String name, final InetSocketAddress address, final String user, final String domain,
        final InetSocketAddress proxy, final int rtpPort, final long seed)
    {
        this.name = name;
        final EpochClock clock = world.clock();
        this.board = new SimBoard(1, clock::time);
        this.media = new SimMedia(1, rtpPort);
        this.timers = new WheelTimerService(clock);
        this.config = new GatewayConfig(address, "sim:lines=1",
            List.of(new GatewayConfig.Line(1, user, domain, proxy, null, "Phone " + user)),
            new GatewayConfig.Media(address.getAddress().getHostAddress(), rtpPort, rtpPort + 998, List.of("PCMU", "PCMA")),
            Path.of("unused"), GatewayConfig.Dialing.DEFAULT, 3600);
        final GatewayCore[] self = new GatewayCore[1];
        final var transport = world.network().attach(name, address,
            (buffer, offset, length, source) -> self[0].onDatagram(buffer, offset, length, false, source));
        this.core = new GatewayCore(config, board, transport, timers, timers::poll, clock, media, log,
            new SipIds(new SplittableRandom(seed)));
        self[0] = core;
    }

    // ------------------------------------------------------------------------------------------ the phone

    public void offHook()
    {
        board.inject(BoardEventType.OFF_HOOK, 0, (char)0);
    }

    public void onHook()
    {
        board.inject(BoardEventType.ON_HOOK, 0, (char)0);
    }

    /** Each digit as key down and key up. */
    public void dial(final String digits)
    {
        for (final char d : digits.toCharArray())
        {
            board.inject(BoardEventType.DTMF_DOWN, 0, d);
            board.inject(BoardEventType.DTMF_UP, 0, d);
        }
    }

    // ------------------------------------------------------------------------------------------ looking

    public LineState lineState()
    {
        return core.lineState(1);
    }

    public boolean isRegistered()
    {
        return core.isRegistered(1);
    }

    public SimBoard board()
    {
        return board;
    }

    public SimMedia media()
    {
        return media;
    }

    public SimCallLog log()
    {
        return log;
    }

    public GatewayCore core()
    {
        return core;
    }

    public GatewayConfig config()
    {
        return config;
    }

    /** Where the line's RTP is received: the media IP and the line's port. */
    public InetSocketAddress rtpAddress()
    {
        return new InetSocketAddress(config.media().ip(), media.portOf(0));
    }

    public WheelTimerService timers()
    {
        return timers;
    }

    // ------------------------------------------------------------------------------------------ SimElement

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public InetSocketAddress address()
    {
        return config.sipListen();
    }

    @Override
    public void start()
    {
        core.onStart();
    }

    @Override
    public void tick(final long nowMs)
    {
        core.onTick(nowMs);
    }

    @Override
    public int pumpLocal()
    {
        int n = 0;
        while (board.pollEvent(event, 0))
        {
            core.onBoardEvent(event.type.ordinal(), event.line, event.digit);
            n++;
        }
        return n;
    }

    @Override
    public long failures()
    {
        return core.errorCount();
    }

    @Override
    public List<String> leftovers()
    {
        final List<String> left = new ArrayList<>();
        final TransactionLayer layer = core.transactionLayer();
        count(left, layer.clientTransactionCount(), "client transactions");
        count(left, layer.serverTransactionCount(), "server transactions");
        count(left, layer.answeredInviteCount(), "answered INVITE keys");
        count(left, core.dialogCount(), "dialogs");
        if (lineState() != LineState.IDLE)
        {
            left.add("line " + lineState());
        }
        if (media.isOpen(0))
        {
            left.add("an open RTP port");
        }
        return left;
    }

    static void count(final List<String> into, final int n, final String what)
    {
        if (n != 0)
        {
            into.add(n + " " + what);
        }
    }

    @Override
    public String toString()
    {
        return name + " " + address() + " line " + lineState();
    }
}
