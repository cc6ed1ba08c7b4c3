package dev.audioexport.batch;

import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import dev.audioexport.mapping.RowMapper;
import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.MalformedLineException;
import dev.audioexport.sink.CompanionValues;
import dev.audioexport.sink.RowValueException;
import dev.audioexport.sink.TableValues;
import dev.audioexport.sink.Utf8Values;
import dev.audioexport.source.ExportLine;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decodes a line once and maps it to the rows of every table written: the long table's (its
 * classifications) and the companion tables'.  All or nothing per line: a value one table cannot
 * hold rejects the line from all of them. A line that cannot be decoded is
 * recorded in the rejects file and skipped ({@link RejectedLineException}).
 */
@Named
@Dependent
public class AnnotationRowProcessor implements ItemProcessor {

    private static final Logger LOG = Logger.getLogger(AnnotationRowProcessor.class.getName());

    @Inject
    StepContext step;

    private final LineDecoder lineDecoder = new LineDecoder();
    private final RowMapper mapper = new RowMapper();

    @Override
    public Object processItem(Object item) throws Exception {
        ExportLine line = (ExportLine) item;
        StepOutputs outputs = StepOutputs.of(step);
        ExportRecord record;
        try {
            record = lineDecoder.decode(line);
        } catch (MalformedLineException e) {
            outputs.reject(line.lineNumber(), line.byteOffset(), e.getMessage(), line.bytes());
            throw new RejectedLineException(line.lineNumber(), e.getMessage());
        }
        for (String shape : record.unknownShapes()) {
            outputs.unknownShapes++;
            LOG.log(Level.WARNING, "Line {0}: annotation shape not known to the mapper at {1}; only what the "
                    + "contract maps of it (a classification's question columns) is in the output",
                    new Object[] {line.lineNumber(), shape});
        }
        LineRows rows = LineRows.of(record, mapper.map(record), outputs.companions);
        fitOutputs(line, rows, outputs, lineDecoder.maySplitASurrogatePair(line));
        return new MappedLine(line.lineNumber(), rows);
    }

    /**
     * A value the outputs cannot hold rejects the line, naming row and column: half a surrogate
     * pair (UTF-8 has no bytes for it), or for a table 12.5 as an integer.
     */
    private static void fitOutputs(ExportLine line, LineRows rows, StepOutputs outputs, boolean maySplit)
            throws java.io.IOException, RejectedLineException {
        try {
            if (maySplit) {
                Utf8Values.check(rows.annotations());
            }
            if (outputs.writesTable) {
                TableValues.check(rows.annotations());
            }
            for (Map.Entry<CompanionTable, List<String[]>> table : rows.companionRows()) {
                if (maySplit) {
                    Utf8Values.check(table.getKey(), table.getValue());
                }
                if (outputs.writesTable) {
                    CompanionValues.check(table.getKey(), table.getValue());
                }
            }
        } catch (RowValueException e) {
            outputs.reject(line.lineNumber(), line.byteOffset(), e.getMessage(), line.bytes());
            throw new RejectedLineException(line.lineNumber(), e.getMessage());
        }
    }
}
