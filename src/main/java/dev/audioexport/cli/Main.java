package dev.audioexport.cli;

import dev.audioexport.operations.OperationException;
import dev.audioexport.sink.SinkException;
import dev.audioexport.source.SourceException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code audio-export run|sync|restart|status}. Exit status: 0 completed, 1 failed or stopped,
 * 2 bad arguments or configuration (nothing started).
 */
public final class Main {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    static final String USAGE = """
            usage:
              audio-export run --source URI [--csv FILE | --out DIR] [--jdbc JDBC_URL [--table NAME] [--load copy|insert]]
                               [--tables data_rows,metadata,...]
                               [--rejects FILE] [--export-errors FILE]
                               [--chunk-size N] [--skip-limit N] [--repository JDBC_URL] [source options]
              audio-export sync --projects P1,P2,...|@FILE --jdbc JDBC_URL [--table NAME] [--tables ...] [--full]
                                [--overlap-minutes M] [--threads N] [--rejects-dir DIR] [--chunk-size N] [--skip-limit N]
                                [--repository JDBC_URL] [--poll-seconds S] [--poll-timeout-minutes M] [network options]
              audio-export restart (--last | EXECUTION_ID) [--skip-limit N] [--source URL] [--repository JDBC_URL]
              audio-export status [EXECUTION_ID] [--repository JDBC_URL]
            The source is file:PATH or a path (NDJSON, plain or gzip), http(s)://URL (the same, streamed),
            or labelbox:PROJECT_ID (the export API; API key from LABELBOX_API_KEY, endpoint from
            LABELBOX_ENDPOINT). Options of labelbox: sources:
              --last-activity-from/--last-activity-to DATE   --label-created-from/--label-created-to DATE
                  (YYYY-MM-DD or 'YYYY-MM-DD hh:mm:ss' in UTC, or ISO-8601 with an offset)
              --workflow-status ToLabel|InReview|InRework|Done
              --batch-ids|--data-row-ids|--global-keys IDS   (comma-separated, or @FILE: one per line)
              --exclude attachments,metadata,...   --poll-seconds S   --poll-timeout-minutes M
            Options of network sources: --retry-attempts N  --retry-delay-ms MS  --http-timeout-seconds S
            run writes a CSV (the long table), a directory of CSVs (all tables) and/or the tables in a database; the table's password comes from
            AUDIOEXPORT_DB_PASSWORD, its user from the URL or AUDIOEXPORT_DB_USER.""";

    private Main() {
    }

    public static void main(String[] args) {
        // The repository's H2 asks a dead run's lock-file server 16 times (1.2 s of back-off)
        // before taking its lock over; a live one answers the first time on this host.
        if (System.getProperty("h2.socketConnectRetry") == null) {
            System.setProperty("h2.socketConnectRetry", "2");
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? BAD_USAGE : COMPLETED;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "run" -> new Commands(out, err).run(rest);
                case "sync" -> new Commands(out, err).sync(rest);
                case "restart" -> new Commands(out, err).restart(rest);
                case "status" -> new Commands(out, err).status(rest);
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            // one line, not buried under the usage's twenty
            err.println("audio-export: " + e.getMessage() + " (--help shows the usage)");
            return BAD_USAGE;
        } catch (OperationException | SourceException | SinkException e) {
            err.println("audio-export: " + e.getMessage());
            return BAD_USAGE;
        } catch (Exception e) {
            Logger.getLogger(Main.class.getName()).log(Level.SEVERE, "Unexpected failure", e);
            err.println("audio-export: " + e + " (the log has the details)");
            return FAILED;
        }
    }
}
