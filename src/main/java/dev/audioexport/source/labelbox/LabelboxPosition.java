package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourcePosition;

/**
 * Checkpoint of a labelbox: source: the export task whose RESULT stream is read, and where to
 * resume in it — at byte {@code nextOffset}, after line {@code lineNumber}. A restart asks the
 * same task for the slice holding that byte; it never creates another export.
 *
 * @param exportErrors lines of the task's ERRORS stream, written to the export-errors file at the start
 */
public record LabelboxPosition(String projectId, String taskId, long nextOffset, long lineNumber, long exportErrors)
        implements SourcePosition {
}
