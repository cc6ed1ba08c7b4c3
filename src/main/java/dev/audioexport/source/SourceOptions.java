package dev.audioexport.source;

import dev.audioexport.confinement.ServerPolicy;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a source needs besides its URI and checkpoint: the job parameters that tune it, where
 * the export's own error lines go (Labelbox's ERRORS stream), and who hears what the source is
 * waiting for before its first line.
 *
 * @param exportErrors  file for the export's error lines; null when the job has none
 * @param waiting       receives short status texts such as "Labelbox export task 40%"
 * @param stopRequested true once the run is asked to stop: a long wait gives up rather than
 *                      hold the stop until its timeout
 * @param policy        what the source may read: a server's input directory and hosts, or
 *                      anything ({@link ServerPolicy#NONE}, the command line)
 */
public record SourceOptions(SourceParameters parameters, Path exportErrors, Consumer<String> waiting,
        BooleanSupplier stopRequested, ServerPolicy policy) {

    public static final SourceOptions DEFAULTS = new SourceOptions(SourceParameters.NONE, null, status -> { }, () -> false);

    /** Options without limits on what the source reads (the command line's). */
    public SourceOptions(SourceParameters parameters, Path exportErrors, Consumer<String> waiting,
            BooleanSupplier stopRequested) {
        this(parameters, exportErrors, waiting, stopRequested, ServerPolicy.NONE);
    }
}
