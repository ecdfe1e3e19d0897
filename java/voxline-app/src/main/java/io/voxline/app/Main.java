package io.voxline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The voxline command line: one subcommand per job. */
@Command(
    name = "voxline",
    mixinStandardHelpOptions = true,
    version = "voxline 0.1.0",
    description = "FXS/SIP gateway firmware: analog phone lines as SIP user agents, and a SIP proxy/registrar.",
    subcommands = {
        GatewayCommand.class,
        ProxyCommand.class,
        DemoCommand.class,
        CallsCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    public static int run(final String... args)
    {
        final CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) ->
        {
            cmd.getErr().println("voxline " + cmd.getCommandName() + ": " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
