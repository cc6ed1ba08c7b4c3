package dev.audioexport.source;

import java.io.Serializable;

/** Where a source resumes: its checkpoint. Each kind of source has its own record. */
public interface SourcePosition extends Serializable {

    /** Line number of the last line consumed (0 before the first). */
    long lineNumber();
}
