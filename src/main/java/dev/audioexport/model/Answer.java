package dev.audioexport.model;

import java.util.List;

/** A radio or checklist answer, with the classifications nested under it. */
public record Answer(String featureId, String featureSchemaId, String name, String value,
                     List<Classification> classifications) {

    /** {@code value}, or {@code name} where older exports have no value. */
    public String valueOrName() {
        return value != null ? value : name;
    }
}
