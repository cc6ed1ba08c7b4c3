package dev.audioexport.model;

import java.util.List;

/**
 * A question and its answer: exactly one of {@code radioAnswer}, {@code checklistAnswers}
 * (possibly empty) or {@code text} is set when the shape is known.
 */
public record Classification(String featureId, String featureSchemaId, String name, String value,
                             Answer radioAnswer, List<Answer> checklistAnswers, String text,
                             AnswerType type) {

    /** {@code value}, or {@code name} where older exports have no value. */
    public String valueOrName() {
        return value != null ? value : name;
    }
}
