package dev.audioexport.batch;

import dev.audioexport.model.ExportDecoder;
import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.MalformedLineException;
import dev.audioexport.model.Utf8Text;
import dev.audioexport.sink.Utf8Values;
import dev.audioexport.source.ExportLine;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;

/**
 * An export line's bytes to its record: a truncated line or invalid UTF-8 is malformed (refused
 * rather than silently replaced), else the decoder says. One per thread: not thread-safe.
 */
final class LineDecoder {

    private final ExportDecoder decoder = ExportDecoder.standard();
    private final Utf8Text utf8 = new Utf8Text();
    /** Whether the line last decoded went the fast way, from its bytes. */
    private boolean fromBytes;

    /** The bytes as they are when the decoder can take them so; else their text (which words a reject). */
    ExportRecord decode(ExportLine line) throws MalformedLineException {
        ExportRecord record = line.truncated() ? null : decoder.decodeUtf8(line.bytes());
        fromBytes = record != null;
        return fromBytes ? record : decoder.decode(text(line));
    }

    /**
     * Whether a value of the line last decoded may hold half a surrogate pair ({@link Utf8Values}):
     * the fast way's parser saw it while unescaping; the text's way looks at the bytes again.
     */
    boolean maySplitASurrogatePair(ExportLine line) {
        return fromBytes ? decoder.lastUtf8LineEscapedASurrogate() : Utf8Values.maySplitASurrogatePair(line.bytes());
    }

    private Reader text(ExportLine line) throws MalformedLineException {
        if (line.truncated()) {
            throw new MalformedLineException("the line is longer than " + line.bytes().length
                    + " bytes, the longest line this tool accepts");
        }
        try {
            return utf8.of(line.bytes());
        } catch (CharacterCodingException e) {
            throw new MalformedLineException("the line is not valid UTF-8");
        }
    }
}
