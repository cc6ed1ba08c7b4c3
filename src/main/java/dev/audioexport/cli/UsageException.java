package dev.audioexport.cli;

/** Bad arguments or configuration, found before anything starts: exit status 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
