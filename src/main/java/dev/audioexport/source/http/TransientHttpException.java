package dev.audioexport.source.http;

import java.io.IOException;

/** An answer worth trying again: HTTP 5xx or 408, or a body that ended before its length. */
public class TransientHttpException extends IOException {

    public TransientHttpException(String message) {
        super(message);
    }
}
