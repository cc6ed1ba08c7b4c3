package dev.audioexport.model;

/** The kind of answer a classification holds; {@code UNKNOWN} when it holds none we know. */
public enum AnswerType {
    RADIO("radio"), CHECKLIST("checklist"), TEXT("text"), UNKNOWN("");

    private final String columnValue;

    AnswerType(String columnValue) {
        this.columnValue = columnValue;
    }

    /** The {@code answer_type} column's value. */
    public String columnValue() {
        return columnValue;
    }
}
