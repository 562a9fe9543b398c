package dev.loupe.engine;

/** A problem in building, loading or running a model that the user can act on; the message says what. */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
