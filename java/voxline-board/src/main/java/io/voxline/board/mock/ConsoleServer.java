package io.voxline.board.mock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Serves a {@link MockConsole} on standard input/output or on a loopback TCP port, one command a line. */
public final class ConsoleServer implements AutoCloseable
{
    private final MockConsole console;
    private ServerSocket server;
    private volatile boolean running = true;

    public ConsoleServer(final MockConsole console)
    {
        this.console = console;
    }

    /** Reads commands from in until it ends, answering on out. Runs on a daemon thread of its own. */
    public void serveStream(final InputStream in, final PrintStream out)
    {
        final Thread t = new Thread(() -> serve(in, out), "console-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** Listens on address (use a loopback address); each connection gets a thread. Returns the bound address. */
    public InetSocketAddress serveTcp(final InetSocketAddress address) throws IOException
    {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address);
        final Thread t = new Thread(this::acceptLoop, "console-tcp");
        t.setDaemon(true);
        t.start();
        return (InetSocketAddress)server.getLocalSocketAddress();
    }

    private void acceptLoop()
    {
        while (running)
        {
            try
            {
                final Socket s = server.accept();
                final Thread t = new Thread(() -> serveSocket(s), "console-client");
                t.setDaemon(true);
                t.start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private void serveSocket(final Socket s)
    {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream())
        {
            serve(in, new PrintStream(out, true, StandardCharsets.UTF_8));
        }
        catch (final IOException ignore)
        {
            // the client went away
        }
    }

    private void serve(final InputStream in, final PrintStream out)
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            String line;
            while (running && (line = r.readLine()) != null)
            {
                if (line.isBlank())
                {
                    continue;
                }
                String answer;
                try
                {
                    answer = console.execute(line);
                }
                catch (final RuntimeException ex)
                {
                    answer = "err " + ex.getMessage();
                }
                out.println(answer);
                out.flush();
            }
        }
        catch (final IOException ignore)
        {
            // input closed
        }
    }

    @Override
    public void close()
    {
        running = false;
        if (server != null)
        {
            try
            {
                server.close();
            }
            catch (final IOException ignore)
            {
                // closing
            }
        }
    }
}
