package io.voxline.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.voxline.journal.CallHistory;
import io.voxline.journal.CallTable;

/** Prints the call history a journal holds. */
@Command(name = "calls", mixinStandardHelpOptions = true, description = "Print the call history from a journal as a table.")
final class CallsCommand implements Callable<Integer>
{
    @Option(names = "--journal", paramLabel = "DIR", description = "journal directory (default: ${DEFAULT-VALUE})", defaultValue = "var/journal")
    Path journal;

    @Override
    public Integer call()
    {
        final CallHistory history = CallHistory.read(journal);
        switch (history.status())
        {
            case READ, EMPTY ->
            {
                System.out.print(CallTable.format(history.calls()));
                return 0;
            }
            default ->
            {
                System.err.println("voxline calls: " + history.message().orElse("cannot read " + journal));
                return 1;
            }
        }
    }
}
